/**
 * Encrypt and Decrypt with elliptic-curve keys: ECIES (src/crypto/ecies.ts) to a P-256/384/521 or
 * X25519 public key, opened with its private key. Like RSA, the work is one key agreement and
 * stays on the actor's thread; and, like RSA, a private key's id may encrypt (with its public half).
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { eciesDecrypt, eciesEncrypt } from '../crypto/ecies.js';
import { publicKeyOf } from '../crypto/key-formats.js';
import { privateKeyOfRecord, publicKeyOfRecord } from './asymmetric-keys.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { KeyCipher } from './ciphers.js';

/** The key algorithms whose keys ECIES may run on (an Ed25519 key may be recorded as EC or ECDSA). */
export const EC_ALGORITHMS: readonly string[] = ['EC', 'ECDH', 'ECDSA', 'Ed25519'];

function bad(message: string): KmipError {
  return new KmipError('Bad_Cryptographic_Parameters', message);
}

/**
 * The construction is fixed (HKDF-SHA-256, AES-256-GCM, 16-byte tag), so parameters that ask for
 * anything else are refused rather than ignored: the client would hold ciphertext it cannot open.
 */
function checkParameters(p: CryptographicParameters | undefined): void {
  if (p === undefined) return;
  if (p.cryptographicAlgorithm !== undefined && !['EC', 'ECDH', 'ECDSA'].includes(p.cryptographicAlgorithm)) {
    throw bad(`an EC key cannot be used with ${p.cryptographicAlgorithm}`);
  }
  if (p.blockCipherMode !== undefined && p.blockCipherMode !== 'GCM') throw bad(`ECIES encrypts with AES-256-GCM, not ${p.blockCipherMode}`);
  if (p.paddingMethod !== undefined && p.paddingMethod !== 'None') throw bad(`ECIES uses no ${p.paddingMethod} padding`);
  if (p.hashingAlgorithm !== undefined && p.hashingAlgorithm !== 'SHA256') throw bad(`ECIES derives its key with HKDF-SHA256, not ${p.hashingAlgorithm}`);
  if (p.tagLength !== undefined && p.tagLength !== 16n) throw bad('ECIES uses a 16-byte authentication tag');
}

/** Refuses keys that only sign, by what the key is rather than the algorithm it is recorded under. */
function requireAgreementKey(rec: ObjectRecord, key: KeyObject): KeyObject {
  if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') throw signsOnly(rec);
  return key;
}

function signsOnly(rec: ObjectRecord): KmipError {
  return new KmipError('Invalid_Object_Type', `object ${rec.id} is an Ed25519 key, which signs and cannot encrypt or decrypt`);
}

function noNonce(nonce: Uint8Array | undefined, tag: Uint8Array | undefined): void {
  // The nonce and tag travel inside Data; separate ones would be silently ignored.
  if (nonce !== undefined || tag !== undefined) throw bad('ECIES carries its nonce and tag inside Data; send no IvCounterNonce or AuthenticatedEncryptionTag');
}

/**
 * The ECIES cipher of an EC or X25519 key record. Its nonce and tag are inside Data, so it reports
 * no separate nonce or tag lengths (BulkData items pass through whole), yet it authenticates AAD.
 */
export function ecCipher(rec: ObjectRecord, p: CryptographicParameters | undefined): KeyCipher {
  if (rec.cryptographicAlgorithm === 'Ed25519') throw signsOnly(rec);
  checkParameters(p);
  return {
    nonceLength: 0,
    tagLength: 0,
    dispose: () => undefined,
    encrypt: (data, nonce, aad) => {
      noNonce(nonce, undefined);
      const pub = rec.objectType === 'PublicKey' ? publicKeyOfRecord(rec) : publicKeyOf(privateKeyOfRecord(rec));
      return { data: eciesEncrypt(requireAgreementKey(rec, pub), data, aad), nonce: undefined, tag: undefined };
    },
    decrypt: (data, nonce, tag, aad) => {
      noNonce(nonce, tag);
      return eciesDecrypt(requireAgreementKey(rec, privateKeyOfRecord(rec)), data, aad);
    },
  };
}
