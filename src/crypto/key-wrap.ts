/**
 * AES key wrap: RFC 5649 (with padding, any length) and RFC 3394 (multiples of 8 bytes), using
 * OpenSSL's id-aesNNN-wrap(-pad) ciphers with the standard initial values.
 * @module
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { aesKeyBits, runCipher } from './block-cipher.js';
import { CipherError } from './cipher-error.js';

// The RFC 5649 alternative initial value (its 4-byte constant half) and the RFC 3394 default IV.
const AIV_5649 = Uint8Array.of(0xa6, 0x59, 0x59, 0xa6);
const IV_3394 = new Uint8Array(8).fill(0xa6);
const SEMIBLOCK = 8;
const MAX_5649_PLAINTEXT = 0xffffffff;

function transform(cipherName: string, encrypt: boolean, kek: Uint8Array, iv: Uint8Array, input: Uint8Array): Uint8Array {
  const c = encrypt ? createCipheriv(cipherName, kek, iv) : createDecipheriv(cipherName, kek, iv);
  const failure = encrypt
    ? new CipherError('BAD_INPUT', 'key wrapping failed')
    : new CipherError('AUTHENTICATION_FAILED', 'key unwrapping failed: wrong key or altered data');
  return runCipher(c, input, failure);
}

/** RFC 5649 wrap of 1 to 2^32-1 bytes; the output is the input rounded up to 8 bytes, plus 8. */
export function aesKeyWrapPad(kek: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const bits = aesKeyBits(kek);
  if (plaintext.length === 0 || plaintext.length > MAX_5649_PLAINTEXT) {
    throw new CipherError('BAD_INPUT', `RFC 5649 wraps 1 to ${MAX_5649_PLAINTEXT} bytes, got ${plaintext.length}`);
  }
  return transform(`id-aes${bits}-wrap-pad`, true, kek, AIV_5649, plaintext);
}

/** RFC 5649 unwrap; AUTHENTICATION_FAILED when the integrity check fails. */
export function aesKeyUnwrapPad(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  const bits = aesKeyBits(kek);
  if (wrapped.length < 2 * SEMIBLOCK || wrapped.length % SEMIBLOCK !== 0) {
    throw new CipherError('BAD_INPUT', `RFC 5649 wrapped data must be a multiple of 8 bytes and at least 16, got ${wrapped.length}`);
  }
  return transform(`id-aes${bits}-wrap-pad`, false, kek, AIV_5649, wrapped);
}

/** RFC 3394 wrap of at least 16 bytes in a multiple of 8; the output is 8 bytes longer. */
export function aesKeyWrap(kek: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const bits = aesKeyBits(kek);
  if (plaintext.length < 2 * SEMIBLOCK || plaintext.length % SEMIBLOCK !== 0) {
    throw new CipherError('BAD_INPUT', `RFC 3394 wraps a multiple of 8 bytes, at least 16, got ${plaintext.length}`);
  }
  return transform(`id-aes${bits}-wrap`, true, kek, IV_3394, plaintext);
}

/** RFC 3394 unwrap; AUTHENTICATION_FAILED when the integrity check fails. */
export function aesKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  const bits = aesKeyBits(kek);
  if (wrapped.length < 3 * SEMIBLOCK || wrapped.length % SEMIBLOCK !== 0) {
    throw new CipherError('BAD_INPUT', `RFC 3394 wrapped data must be a multiple of 8 bytes and at least 24, got ${wrapped.length}`);
  }
  return transform(`id-aes${bits}-wrap`, false, kek, IV_3394, wrapped);
}
