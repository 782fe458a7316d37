/**
 * Which signature scheme a Sign or SignatureVerify request gets, from the key and the request's
 * CryptographicParameters. KMIP names no default, so an RSA key with no parameters signs with
 * RSASSA-PSS over SHA-256 (the scheme with a security proof; PKCS#1 v1.5 must be asked for), and a
 * NIST curve key signs with the SHA-2 hash that matches its curve's strength.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { describeKey, type KeyDescription } from '../crypto/key-formats.js';
import { guardCrypto } from './crypto-failures.js';
import { signatureHash } from './hash-names.js';
import type { DigitalSignatureAlgorithm, HashingAlgorithm } from '../kmip/enums.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
import type { SignatureHash, SignatureScheme } from '../crypto/signature.js';

/** Whether a request carries the message or its digest. */
export type SignedInputKind = 'data' | 'digest';

type Family = 'rsa-pss' | 'rsa-pkcs1' | 'ecdsa' | 'dsa';

/** What a DigitalSignatureAlgorithm implies: the scheme family and, for most, the hash. */
interface Implied {
  readonly family: Family;
  readonly hash: HashingAlgorithm | undefined;
}

/** The entries of one family, each algorithm with the hash it names. */
function ofFamily<K extends DigitalSignatureAlgorithm>(family: Family, hashes: Readonly<Record<K, HashingAlgorithm>>): Record<K, Implied> {
  return Object.fromEntries(Object.entries<HashingAlgorithm>(hashes).map(([name, hash]) => [name, { family, hash }])) as Record<K, Implied>;
}

/** What each DigitalSignatureAlgorithm implies. */
const IMPLIED: Readonly<Record<DigitalSignatureAlgorithm, Implied>> = {
  ...ofFamily('rsa-pkcs1', {
    MD2WithRSAEncryption: 'MD2', MD5WithRSAEncryption: 'MD5', SHA1WithRSAEncryption: 'SHA1', SHA224WithRSAEncryption: 'SHA224',
    SHA256WithRSAEncryption: 'SHA256', SHA384WithRSAEncryption: 'SHA384', SHA512WithRSAEncryption: 'SHA512',
    SHA3256WithRSAEncryption: 'SHA3256', SHA3384WithRSAEncryption: 'SHA3384', SHA3512WithRSAEncryption: 'SHA3512',
  }),
  RSASSAPSS: { family: 'rsa-pss', hash: undefined },
  ...ofFamily('dsa', { DSAWithSHA1: 'SHA1', DSAWithSHA224: 'SHA224', DSAWithSHA256: 'SHA256' }),
  ...ofFamily('ecdsa', { ECDSAWithSHA1: 'SHA1', ECDSAWithSHA224: 'SHA224', ECDSAWithSHA256: 'SHA256', ECDSAWithSHA384: 'SHA384', ECDSAWithSHA512: 'SHA512' }),
};

// FIPS 186-5 / SP 800-57: the hash as strong as the curve.
const CURVE_HASH: Readonly<Record<string, HashingAlgorithm>> = { 'P-256': 'SHA256', 'P-384': 'SHA384', 'P-521': 'SHA512' };

const HASH_BYTES: Readonly<Record<SignatureHash, bigint>> = { sha256: 32n, sha384: 48n, sha512: 64n };

const FAMILY_NAMES: Readonly<Record<Family, string>> = { 'rsa-pss': 'RSASSA-PSS', 'rsa-pkcs1': 'RSA PKCS#1 v1.5', ecdsa: 'ECDSA', dsa: 'DSA' };

function bad(message: string): KmipError {
  return new KmipError('Bad_Cryptographic_Parameters', message);
}

/** The family and hash the parameters ask for, their DigitalSignatureAlgorithm, PaddingMethod and HashingAlgorithm agreeing. */
function requested(p: CryptographicParameters | undefined): { family: Family | undefined; hash: HashingAlgorithm | undefined } {
  const dsa = p?.digitalSignatureAlgorithm;
  const implied = dsa === undefined ? undefined : IMPLIED[dsa];
  let family = implied?.family;
  const padding = p?.paddingMethod;
  if (padding === 'PSS' || padding === 'PKCS1v15') {
    const fromPadding: Family = padding === 'PSS' ? 'rsa-pss' : 'rsa-pkcs1';
    if (family !== undefined && family !== fromPadding) throw bad(`${dsa ?? ''} does not use ${padding} padding`);
    family = fromPadding;
  } else if (padding !== undefined && padding !== 'None') {
    throw bad(`signatures use PSS or PKCS1v15 padding, not ${padding}`);
  }
  const named = p?.hashingAlgorithm;
  if (named !== undefined && implied?.hash !== undefined && named !== implied.hash) {
    throw bad(`${dsa ?? ''} hashes with ${implied.hash}, not with HashingAlgorithm ${named}`);
  }
  return { family, hash: named ?? implied?.hash };
}

function requireAlgorithm(p: CryptographicParameters | undefined, allowed: readonly string[], keyName: string): void {
  const asked = p?.cryptographicAlgorithm;
  if (asked !== undefined && !allowed.includes(asked)) throw bad(`a ${keyName} key cannot sign with ${asked}`);
}

// The crypto layer's PSS always uses MGF1 with the message hash and a salt as long as the hash.
function requirePssDefaults(p: CryptographicParameters | undefined, hash: SignatureHash): void {
  const mgfHash = p?.maskGeneratorHashingAlgorithm;
  if (mgfHash !== undefined && signatureHash(mgfHash) !== hash) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', 'RSASSA-PSS uses MGF1 with the same hash as the message');
  }
  const salt = p?.saltLength;
  if (salt !== undefined && salt !== HASH_BYTES[hash]) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', `RSASSA-PSS with ${hash} uses a ${HASH_BYTES[hash]}-byte salt (the hash length)`);
  }
}

function rsaScheme(p: CryptographicParameters | undefined, family: Family | undefined, hashName: HashingAlgorithm | undefined): SignatureScheme {
  requireAlgorithm(p, ['RSA'], 'RSA');
  const kind = family ?? 'rsa-pss';
  if (kind !== 'rsa-pss' && kind !== 'rsa-pkcs1') throw bad(`an RSA key cannot make ${FAMILY_NAMES[kind]} signatures`);
  const hash = signatureHash(hashName);
  if (kind === 'rsa-pss') requirePssDefaults(p, hash);
  return { kind, hash };
}

function ecScheme(p: CryptographicParameters | undefined, family: Family | undefined, hashName: HashingAlgorithm | undefined, info: KeyDescription): SignatureScheme {
  requireAlgorithm(p, ['EC', 'ECDSA'], 'NIST curve');
  if (family !== undefined && family !== 'ecdsa') throw bad(`a NIST curve key cannot make ${FAMILY_NAMES[family]} signatures`);
  return { kind: 'ecdsa', hash: signatureHash(hashName ?? (info.curve === undefined ? undefined : CURVE_HASH[info.curve])) };
}

function ed25519Scheme(p: CryptographicParameters | undefined, family: Family | undefined, hashName: HashingAlgorithm | undefined, input: SignedInputKind): SignatureScheme {
  requireAlgorithm(p, ['Ed25519'], 'Ed25519');
  if (family !== undefined) throw bad(`an Ed25519 key cannot make ${FAMILY_NAMES[family]} signatures`);
  // Ed25519 hashes internally with SHA-512 as part of the scheme (RFC 8032); no other hash can be chosen.
  if (hashName !== undefined) throw bad(`Ed25519 takes no HashingAlgorithm, got ${hashName}`);
  if (input === 'digest') throw bad('Ed25519 signs whole messages; send Data, not DigestedData');
  return { kind: 'ed25519' };
}

/** What a key is, refusing keys that can never sign (X25519) before any usage or parameter check. */
export function signingKeyOf(key: KeyObject, uid: string): KeyDescription {
  const info = guardCrypto('signature', () => describeKey(key));
  if (info.kind === 'x25519') throw new KmipError('Invalid_Object_Type', `object ${uid} is an X25519 key, which agrees on keys and cannot sign or verify`);
  return info;
}

/** The scheme a key (as signingKeyOf described it) signs or verifies with under the request's parameters. */
export function signatureSchemeFor(info: KeyDescription, p: CryptographicParameters | undefined, input: SignedInputKind): SignatureScheme {
  const { family, hash } = requested(p);
  switch (info.kind) {
    case 'rsa':
      return rsaScheme(p, family, hash);
    case 'ec':
      return ecScheme(p, family, hash, info);
    case 'ed25519':
      return ed25519Scheme(p, family, hash, input);
    case 'x25519':
      throw new KmipError('Invalid_Object_Type', 'X25519 keys cannot sign or verify');
  }
}
