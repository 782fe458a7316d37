/**
 * AES (128/192/256, chosen by key length) in the non-authenticated CBC (PKCS#7 padded) and CTR
 * modes, plus the small byte helpers the other cipher modules share.
 * @module
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from 'node:crypto';
import { CipherError } from './cipher-error.js';

/** The AES block size in bytes; also the IV / initial counter block size. */
export const AES_BLOCK = 16;

/** AES key sizes in bits. */
export type AesKeyBits = 128 | 192 | 256;

/** The AES key size of key, or BAD_KEY_LENGTH. */
export function aesKeyBits(key: Uint8Array): AesKeyBits {
  switch (key.length) {
    case 16: return 128;
    case 24: return 192;
    case 32: return 256;
    default: throw new CipherError('BAD_KEY_LENGTH', `AES needs a 128, 192 or 256-bit key, got ${key.length * 8} bits`);
  }
}

/**
 * Concatenates into a fresh, unpooled array and wipes the parts: Buffer.concat may place small
 * results in Node's shared allocation pool, which is no place for plaintext or keys.
 */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
    p.fill(0);
  }
  return out;
}

function checkIv(iv: Uint8Array): void {
  if (iv.length !== AES_BLOCK) throw new CipherError('BAD_IV_LENGTH', `the IV must be ${AES_BLOCK} bytes, got ${iv.length}`);
}

/**
 * Runs a cipher over the whole input in one update call (OpenSSL's key wrap ciphers treat each
 * update as a separate message), wiping any partial output and throwing `failure` if it fails.
 */
export function runCipher(c: Cipher | Decipher, input: Uint8Array, failure: CipherError): Uint8Array {
  let head: Uint8Array | undefined;
  try {
    head = c.update(input);
    return joinBytes([head, c.final()]);
  } catch {
    head?.fill(0);
    throw failure;
  }
}

/** CBC padding: PKCS#7, or none for data that is already a multiple of the block size. */
export type CbcPadding = 'pkcs7' | 'none';

function checkUnpadded(padding: CbcPadding, data: Uint8Array): void {
  if (padding === 'none' && data.length % AES_BLOCK !== 0) {
    throw new CipherError('BAD_INPUT', `unpadded AES-CBC data must be a multiple of ${AES_BLOCK} bytes, got ${data.length}`);
  }
}

/** AES-CBC encryption; with PKCS#7 padding (the default) the output is 1 to 16 bytes longer than the input. */
export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, padding: CbcPadding = 'pkcs7'): Uint8Array {
  const bits = aesKeyBits(key);
  checkIv(iv);
  checkUnpadded(padding, plaintext);
  const c = createCipheriv(`aes-${bits}-cbc`, key, iv).setAutoPadding(padding === 'pkcs7');
  return runCipher(c, plaintext, new CipherError('BAD_INPUT', 'AES-CBC encryption failed'));
}

/**
 * AES-CBC decryption and PKCS#7 unpadding. CBC is unauthenticated: BAD_PADDING may also mean a
 * wrong key, and callers must not echo the difference between padding and other failures to
 * an untrusted party (a padding oracle).
 */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, padding: CbcPadding = 'pkcs7'): Uint8Array {
  const bits = aesKeyBits(key);
  checkIv(iv);
  checkUnpadded(padding, ciphertext);
  if (padding === 'pkcs7' && (ciphertext.length === 0 || ciphertext.length % AES_BLOCK !== 0)) {
    throw new CipherError('BAD_INPUT', `padded AES-CBC ciphertext must be a positive multiple of ${AES_BLOCK} bytes, got ${ciphertext.length}`);
  }
  const d = createDecipheriv(`aes-${bits}-cbc`, key, iv).setAutoPadding(padding === 'pkcs7');
  return runCipher(d, ciphertext, new CipherError('BAD_PADDING', 'decryption failed'));
}

/**
 * AES-CTR; the same call encrypts and decrypts. iv is the initial 128-bit counter block, which
 * is incremented as one big-endian 128-bit integer per block (NIST SP 800-38A).
 */
export function aesCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const bits = aesKeyBits(key);
  checkIv(iv);
  return runCipher(createCipheriv(`aes-${bits}-ctr`, key, iv), data, new CipherError('BAD_INPUT', 'AES-CTR failed'));
}
