/**
 * RSA encryption on node KeyObjects: OAEP, PKCS#1 v1.5 (with an in-house unpadding that does implicit
 * rejection, since Node 20 refuses PKCS#1 v1.5 private decryption) and the PKCS#11
 * CKM_RSA_AES_KEY_WRAP hybrid wrap.
 * @module
 */
import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { joinBytes } from './block-cipher.js';
import { CipherError } from './cipher-error.js';
import { pkcs1DecodeWithImplicitRejection } from './implicit-rejection.js';
import { aesKeyUnwrapPad, aesKeyWrapPad } from './key-wrap.js';
import { randomKeyBytes } from './random.js';

/** Hashes usable for OAEP (MGF1 always uses the same hash). */
export type RsaHash = 'sha1' | 'sha256' | 'sha384' | 'sha512';

const HASH_LENGTH: Readonly<Record<RsaHash, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };
// PKCS#1 v1.5 encryption needs 0x00 0x02, at least 8 padding bytes and a 0x00 separator.
const PKCS1_OVERHEAD = 11;
const RSA_AES_EPHEMERAL_KEY_BYTES = 32;

function requireRsa(key: KeyObject, type: 'public' | 'private'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'rsa') {
    throw new CipherError('BAD_KEY_TYPE', `this operation needs an RSA ${type} key`);
  }
}

/** The modulus size in bytes (k in RFC 8017), which is also every ciphertext's size. */
export function rsaModulusBytes(key: KeyObject): number {
  const bits = key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss' ? key.asymmetricKeyDetails?.modulusLength : undefined;
  if (bits === undefined) throw new CipherError('BAD_KEY_TYPE', 'not an RSA key');
  return Math.ceil(bits / 8);
}

function own(b: Uint8Array): Uint8Array {
  return joinBytes([b]);
}

/** RSAES-OAEP encryption with MGF1 over the same hash and an empty label. */
export function rsaOaepEncrypt(publicKey: KeyObject, hash: RsaHash, data: Uint8Array): Uint8Array {
  requireRsa(publicKey, 'public');
  const max = rsaModulusBytes(publicKey) - 2 * HASH_LENGTH[hash] - 2;
  if (data.length > max) throw new CipherError('BAD_INPUT', `RSA-OAEP with this key and hash encrypts at most ${Math.max(max, 0)} bytes, got ${data.length}`);
  try {
    return own(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data));
  } catch {
    throw new CipherError('BAD_INPUT', 'RSA-OAEP encryption failed');
  }
}

/** RSAES-OAEP decryption; any failure is the one generic BAD_PADDING error. */
export function rsaOaepDecrypt(privateKey: KeyObject, hash: RsaHash, data: Uint8Array): Uint8Array {
  requireRsa(privateKey, 'private');
  if (data.length !== rsaModulusBytes(privateKey)) throw new CipherError('BAD_PADDING', 'decryption failed');
  try {
    return own(privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data));
  } catch {
    throw new CipherError('BAD_PADDING', 'decryption failed');
  }
}

/** RSAES-PKCS1-v1_5 encryption (legacy; prefer OAEP). */
export function rsaPkcs1Encrypt(publicKey: KeyObject, data: Uint8Array): Uint8Array {
  requireRsa(publicKey, 'public');
  const max = rsaModulusBytes(publicKey) - PKCS1_OVERHEAD;
  if (data.length > max) throw new CipherError('BAD_INPUT', `RSA PKCS#1 v1.5 with this key encrypts at most ${Math.max(max, 0)} bytes, got ${data.length}`);
  try {
    return own(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, data));
  } catch {
    throw new CipherError('BAD_INPUT', 'RSA PKCS#1 v1.5 encryption failed');
  }
}

/**
 * RSAES-PKCS1-v1_5 decryption as raw RSA plus an unpadding with implicit rejection: a bad padding
 * yields a synthetic message derived from the key and the ciphertext, never an error, so Decrypt is
 * no Bleichenbacher oracle. Only publicly checkable faults throw BAD_PADDING: a ciphertext that is
 * not modulus-sized or whose value is not below the modulus.
 */
export function rsaPkcs1Decrypt(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  requireRsa(privateKey, 'private');
  const k = rsaModulusBytes(privateKey);
  if (data.length !== k) throw new CipherError('BAD_PADDING', 'decryption failed');
  let em: Uint8Array;
  try {
    em = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, data);
  } catch {
    throw new CipherError('BAD_PADDING', 'decryption failed');
  }
  try {
    return pkcs1DecodeWithImplicitRejection(privateKey, data, em);
  } finally {
    em.fill(0);
  }
}

/**
 * CKM_RSA_AES_KEY_WRAP (PKCS#11 v2.40, as Cosmian and AWS KMS use it): a fresh 256-bit AES key
 * encrypted with RSA-OAEP(hash) (modulus-size bytes), followed by the RFC 5649 wrap of data
 * under that AES key.
 */
export function rsaAesKeyWrap(publicKey: KeyObject, hash: RsaHash, data: Uint8Array): Uint8Array {
  requireRsa(publicKey, 'public');
  const ephemeral = randomKeyBytes(RSA_AES_EPHEMERAL_KEY_BYTES);
  try {
    const encapsulated = rsaOaepEncrypt(publicKey, hash, ephemeral);
    const wrapped = aesKeyWrapPad(ephemeral, data);
    return joinBytes([encapsulated, wrapped]);
  } finally {
    ephemeral.fill(0);
  }
}

/** Reverses rsaAesKeyWrap: BAD_PADDING if the RSA part fails, AUTHENTICATION_FAILED if the AES part does. */
export function rsaAesKeyUnwrap(privateKey: KeyObject, hash: RsaHash, wrapped: Uint8Array): Uint8Array {
  requireRsa(privateKey, 'private');
  const k = rsaModulusBytes(privateKey);
  if (wrapped.length < k + 16) throw new CipherError('BAD_INPUT', `RSA-AES wrapped data must be at least ${k + 16} bytes for this key, got ${wrapped.length}`);
  const ephemeral = rsaOaepDecrypt(privateKey, hash, wrapped.subarray(0, k));
  try {
    // PKCS#11 lets the wrapper pick any AES key size.
    if (ephemeral.length !== 16 && ephemeral.length !== 24 && ephemeral.length !== 32) {
      throw new CipherError('AUTHENTICATION_FAILED', 'key unwrapping failed: wrong key or altered data');
    }
    return aesKeyUnwrapPad(ephemeral, wrapped.subarray(k));
  } finally {
    ephemeral.fill(0);
  }
}
