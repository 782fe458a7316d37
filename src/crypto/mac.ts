/**
 * HMAC over SHA-1, SHA-2 and SHA-3, with constant-time verification.
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CipherError } from './cipher-error.js';

/** The MAC algorithms supported. */
export type MacAlgorithm =
  | 'HMAC-SHA1' | 'HMAC-SHA224' | 'HMAC-SHA256' | 'HMAC-SHA384' | 'HMAC-SHA512'
  | 'HMAC-SHA3-224' | 'HMAC-SHA3-256' | 'HMAC-SHA3-384' | 'HMAC-SHA3-512';

const HASH: Readonly<Record<MacAlgorithm, string>> = {
  'HMAC-SHA1': 'sha1',
  'HMAC-SHA224': 'sha224',
  'HMAC-SHA256': 'sha256',
  'HMAC-SHA384': 'sha384',
  'HMAC-SHA512': 'sha512',
  'HMAC-SHA3-224': 'sha3-224',
  'HMAC-SHA3-256': 'sha3-256',
  'HMAC-SHA3-384': 'sha3-384',
  'HMAC-SHA3-512': 'sha3-512',
};

/** The MAC of data under key; the output is as long as the hash. */
export function macCompute(alg: MacAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  const hash = Object.hasOwn(HASH, alg) ? HASH[alg] : undefined;
  if (hash === undefined) throw new CipherError('UNSUPPORTED', 'unsupported MAC algorithm');
  // HMAC accepts any key, but an empty one is always a caller bug and authenticates nothing.
  if (key.length === 0) throw new CipherError('BAD_KEY_LENGTH', 'the MAC key is empty');
  return new Uint8Array(createHmac(hash, key).update(data).digest());
}

/** Whether mac is the MAC of data under key, compared in constant time; a wrong length is false. */
export function macVerify(alg: MacAlgorithm, key: Uint8Array, data: Uint8Array, mac: Uint8Array): boolean {
  const expected = macCompute(alg, key, data);
  return expected.length === mac.length && timingSafeEqual(expected, mac);
}
