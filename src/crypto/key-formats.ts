/**
 * Asymmetric keys as DER (PKCS#1, PKCS#8, SEC1, SPKI), plus key description and pair matching.
 * Only RSA, the NIST curves P-256/384/521, Ed25519 and X25519 are accepted.
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { KeyFormatError } from './key-error.js';
import type { NamedCurve } from './key-pair.js';

/** The key algorithms supported. */
export type KeyKind = 'rsa' | 'ec' | 'ed25519' | 'x25519';

/** DER encodings of a private key. */
export type PrivateKeyDerFormat = 'pkcs1' | 'pkcs8' | 'sec1';

/** DER encodings of a public key. */
export type PublicKeyDerFormat = 'pkcs1' | 'spki';

/** What a key is, with its size as KMIP's Cryptographic Length reports it. */
export interface KeyDescription {
  readonly kind: KeyKind;
  readonly curve?: NamedCurve;
  readonly bits: number;
}

/** Per NIST curve: OpenSSL's name, the field size in bits and in bytes (scalar and coordinate length). */
export const NIST_CURVES: Readonly<Record<NamedCurve, { readonly openssl: string; readonly bits: number; readonly bytes: number }>> = {
  'P-256': { openssl: 'prime256v1', bits: 256, bytes: 32 },
  'P-384': { openssl: 'secp384r1', bits: 384, bytes: 48 },
  'P-521': { openssl: 'secp521r1', bits: 521, bytes: 66 },
};

/**
 * Ed25519 keys are 256-bit strings (RFC 8032), so they report 256; X25519 reports 255, the bit
 * length of its field element and scalar (RFC 7748 decodes 255 bits of the u-coordinate).
 */
const ED25519_BITS = 256;
const X25519_BITS = 255;

const PRIVATE_FORMATS: readonly string[] = ['pkcs1', 'pkcs8', 'sec1'];
const PUBLIC_FORMATS: readonly string[] = ['pkcs1', 'spki'];

function curveOf(opensslName: string | undefined): NamedCurve {
  for (const [name, info] of Object.entries(NIST_CURVES) as [NamedCurve, { openssl: string }][]) {
    if (info.openssl === opensslName) return name;
  }
  throw new KeyFormatError('UNSUPPORTED_KEY', 'unsupported elliptic curve');
}

/** The kind and size of a supported key; KeyFormatError UNSUPPORTED_KEY for anything else. */
export function describeKey(k: KeyObject): KeyDescription {
  if (k.type === 'secret') throw new KeyFormatError('UNSUPPORTED_KEY', 'expected an asymmetric key, got a secret key');
  switch (k.asymmetricKeyType) {
    case 'rsa': {
      const bits = k.asymmetricKeyDetails?.modulusLength;
      if (bits === undefined) throw new KeyFormatError('UNSUPPORTED_KEY', 'the RSA modulus length is unknown');
      return { kind: 'rsa', bits };
    }
    case 'ec': {
      const curve = curveOf(k.asymmetricKeyDetails?.namedCurve);
      return { kind: 'ec', curve, bits: NIST_CURVES[curve].bits };
    }
    case 'ed25519':
      return { kind: 'ed25519', bits: ED25519_BITS };
    case 'x25519':
      return { kind: 'x25519', bits: X25519_BITS };
    default:
      // DSA, DH, Ed448, X448 and RSA-PSS-restricted keys are deliberately not supported.
      throw new KeyFormatError('UNSUPPORTED_KEY', 'unsupported key algorithm');
  }
}

function requireType(k: KeyObject, type: 'private' | 'public'): void {
  if (k.type !== type) throw new KeyFormatError('UNSUPPORTED_KEY', `expected a ${type} key, got a ${k.type} key`);
}

/**
 * OpenSSL ignores bytes after the key, so the input must be exactly one DER SEQUENCE
 * (definite length, at most 4 length bytes) for trailing data not to slip through.
 */
function requireSingleSequence(der: Uint8Array): void {
  const bad = (): KeyFormatError => new KeyFormatError('BAD_KEY_ENCODING', 'the key is not a single DER SEQUENCE');
  if (der.length < 2 || der[0] !== 0x30) throw bad();
  const first = der[1] ?? 0;
  let header = 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || der.length < 2 + count) throw bad();
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[2 + i] ?? 0);
    header += count;
  }
  if (header + length !== der.length) throw bad();
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Parses a DER private key (PKCS#1 RSAPrivateKey, PKCS#8 PrivateKeyInfo or SEC1 ECPrivateKey). */
export function privateKeyFromDer(der: Uint8Array, format: PrivateKeyDerFormat): KeyObject {
  if (!PRIVATE_FORMATS.includes(format)) throw new KeyFormatError('BAD_KEY_PARAMETERS', 'unknown private key format');
  requireSingleSequence(der);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: asBuffer(der), format: 'der', type: format });
  } catch {
    throw new KeyFormatError('BAD_KEY_ENCODING', `the data is not a valid ${format} private key`);
  }
  describeKey(key);
  return key;
}

/** Parses a DER public key (PKCS#1 RSAPublicKey or SubjectPublicKeyInfo). */
export function publicKeyFromDer(der: Uint8Array, format: PublicKeyDerFormat): KeyObject {
  if (!PUBLIC_FORMATS.includes(format)) throw new KeyFormatError('BAD_KEY_PARAMETERS', 'unknown public key format');
  requireSingleSequence(der);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: asBuffer(der), format: 'der', type: format });
  } catch {
    throw new KeyFormatError('BAD_KEY_ENCODING', `the data is not a valid ${format} public key`);
  }
  describeKey(key);
  // Node quietly derives a public key from a PKCS#1 *private* key; RSAPublicKey DER is canonical,
  // so re-encoding and comparing refuses that (and any non-DER encoding).
  if (format === 'pkcs1' && !key.export({ format: 'der', type: 'pkcs1' }).equals(der)) {
    throw new KeyFormatError('BAD_KEY_ENCODING', 'the data is not a valid pkcs1 public key');
  }
  return key;
}

function requireFormatFits(d: KeyDescription, format: PrivateKeyDerFormat | PublicKeyDerFormat): void {
  if (format === 'pkcs1' && d.kind !== 'rsa') throw new KeyFormatError('UNSUPPORTED_KEY', 'PKCS#1 holds RSA keys only');
  if (format === 'sec1' && d.kind !== 'ec') throw new KeyFormatError('UNSUPPORTED_KEY', 'SEC1 holds NIST curve keys only');
}

/** Encodes a private key as DER; PKCS#1 is for RSA only and SEC1 for NIST curves only. */
export function privateKeyToDer(k: KeyObject, format: PrivateKeyDerFormat): Uint8Array {
  if (!PRIVATE_FORMATS.includes(format)) throw new KeyFormatError('BAD_KEY_PARAMETERS', 'unknown private key format');
  requireType(k, 'private');
  requireFormatFits(describeKey(k), format);
  return k.export({ format: 'der', type: format });
}

/** Encodes a public key as DER; PKCS#1 is for RSA only. */
export function publicKeyToDer(k: KeyObject, format: PublicKeyDerFormat): Uint8Array {
  if (!PUBLIC_FORMATS.includes(format)) throw new KeyFormatError('BAD_KEY_PARAMETERS', 'unknown public key format');
  requireType(k, 'public');
  requireFormatFits(describeKey(k), format);
  return k.export({ format: 'der', type: format });
}

/** The public key belonging to a private key. */
export function publicKeyOf(privateKey: KeyObject): KeyObject {
  requireType(privateKey, 'private');
  return createPublicKey(privateKey);
}

/** Whether the public key is the one belonging to the private key (their SPKI encodings agree). */
export function keysMatch(privateKey: KeyObject, publicKey: KeyObject): boolean {
  requireType(publicKey, 'public');
  const derived = publicKeyOf(privateKey).export({ format: 'der', type: 'spki' });
  return derived.equals(publicKey.export({ format: 'der', type: 'spki' }));
}
