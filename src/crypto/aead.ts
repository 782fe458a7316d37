/**
 * Authenticated encryption: AES-GCM (128/192/256) and ChaCha20-Poly1305, 12-byte nonces,
 * 16-byte tags.
 * @module
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes, type CipherChaCha20Poly1305Types } from 'node:crypto';

/** The AEAD families supported. */
export type AeadAlgorithm = 'AES-GCM' | 'ChaCha20-Poly1305';

/** Nonce and tag sizes in bytes. */
export const AEAD_NONCE_LENGTH = 12;
export const AEAD_TAG_LENGTH = 16;

/** Thrown for bad parameters or a failed authentication; carries no data. */
export class AeadError extends Error {
  override readonly name = 'AeadError';
  constructor(
    readonly code: 'BAD_KEY_LENGTH' | 'BAD_NONCE_LENGTH' | 'BAD_TAG_LENGTH' | 'AUTHENTICATION_FAILED',
    message: string,
  ) {
    super(message);
  }
}

/** The result of an encryption. */
export interface Sealed {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function cipherName(alg: AeadAlgorithm, key: Uint8Array): CipherGCMTypes | CipherChaCha20Poly1305Types {
  if (alg === 'ChaCha20-Poly1305') {
    if (key.length !== 32) throw new AeadError('BAD_KEY_LENGTH', `ChaCha20-Poly1305 needs a 256-bit key, got ${key.length * 8} bits`);
    return 'chacha20-poly1305';
  }
  switch (key.length) {
    case 16: return 'aes-128-gcm';
    case 24: return 'aes-192-gcm';
    case 32: return 'aes-256-gcm';
    default: throw new AeadError('BAD_KEY_LENGTH', `AES-GCM needs a 128, 192 or 256-bit key, got ${key.length * 8} bits`);
  }
}

function checkNonce(nonce: Uint8Array): void {
  if (nonce.length !== AEAD_NONCE_LENGTH) {
    throw new AeadError('BAD_NONCE_LENGTH', `the nonce must be ${AEAD_NONCE_LENGTH} bytes, got ${nonce.length}`);
  }
}

/** Encrypts and authenticates plaintext (and aad, if any). */
export function aeadSeal(alg: AeadAlgorithm, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Sealed {
  checkNonce(nonce);
  const c = createCipheriv(cipherName(alg, key) as CipherGCMTypes, key, nonce, { authTagLength: AEAD_TAG_LENGTH });
  if (aad && aad.length > 0) c.setAAD(aad, { plaintextLength: plaintext.length });
  const head = c.update(plaintext);
  const tail = c.final();
  const ciphertext = tail.length === 0 ? head : Buffer.concat([head, tail]);
  return { ciphertext, tag: c.getAuthTag() };
}

/** Verifies and decrypts; throws AUTHENTICATION_FAILED when anything was altered or the key is wrong. */
export function aeadOpen(alg: AeadAlgorithm, key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, aad?: Uint8Array): Buffer {
  checkNonce(nonce);
  if (tag.length !== AEAD_TAG_LENGTH) throw new AeadError('BAD_TAG_LENGTH', `the authentication tag must be ${AEAD_TAG_LENGTH} bytes, got ${tag.length}`);
  const d = createDecipheriv(cipherName(alg, key) as CipherGCMTypes, key, nonce, { authTagLength: AEAD_TAG_LENGTH });
  d.setAuthTag(tag);
  if (aad && aad.length > 0) d.setAAD(aad, { plaintextLength: ciphertext.length });
  const head = d.update(ciphertext);
  try {
    const tail = d.final();
    return tail.length === 0 ? head : Buffer.concat([head, tail]);
  } catch {
    head.fill(0);
    throw new AeadError('AUTHENTICATION_FAILED', 'authentication failed: wrong key, nonce, tag, additional data or ciphertext');
  }
}
