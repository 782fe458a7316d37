/**
 * Authenticated encryption: AES-GCM (128/192/256) and ChaCha20-Poly1305, 12-byte nonces,
 * 16-byte tags.
 * @module
 */
import { createCipheriv, createDecipheriv, randomFillSync, type CipherGCMTypes, type CipherChaCha20Poly1305Types } from 'node:crypto';

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

/**
 * Seals many items under one key, each with a fresh random nonce, as nonce || ciphertext || tag
 * views into one buffer: one CSPRNG call and one allocation for the whole set (BulkData).
 */
export function aeadSealItems(alg: AeadAlgorithm, key: Uint8Array, items: readonly Uint8Array[], aad?: Uint8Array): Uint8Array[] {
  const name = cipherName(alg, key) as CipherGCMTypes;
  let total = 0;
  for (const item of items) total += AEAD_NONCE_LENGTH + item.length + AEAD_TAG_LENGTH;
  const out = new Uint8Array(total);
  const nonces = randomFillSync(new Uint8Array(AEAD_NONCE_LENGTH * items.length));
  const sealed: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Uint8Array;
    const start = at;
    out.set(nonces.subarray(i * AEAD_NONCE_LENGTH, (i + 1) * AEAD_NONCE_LENGTH), at);
    const c = createCipheriv(name, key, out.subarray(at, at + AEAD_NONCE_LENGTH), { authTagLength: AEAD_TAG_LENGTH });
    at += AEAD_NONCE_LENGTH;
    if (aad && aad.length > 0) c.setAAD(aad, { plaintextLength: item.length });
    const head = c.update(item);
    out.set(head, at);
    at += head.length;
    const tail = c.final();
    out.set(tail, at);
    at += tail.length;
    out.set(c.getAuthTag(), at);
    at += AEAD_TAG_LENGTH;
    sealed.push(out.subarray(start, at));
  }
  return sealed;
}

/**
 * Opens nonce || ciphertext || tag items under one key. Any item that fails to authenticate fails
 * the whole set, and the plaintexts already recovered are wiped.
 */
export function aeadOpenItems(alg: AeadAlgorithm, key: Uint8Array, items: readonly Uint8Array[], aad?: Uint8Array): Uint8Array[] {
  // Callers check that each item holds at least a nonce and a tag.
  const opened: Uint8Array[] = [];
  try {
    for (const item of items) {
      const end = item.length - AEAD_TAG_LENGTH;
      opened.push(aeadOpen(alg, key, item.subarray(0, AEAD_NONCE_LENGTH), item.subarray(AEAD_NONCE_LENGTH, end), item.subarray(end), aad));
    }
    return opened;
  } catch (err) {
    for (const o of opened) o.fill(0);
    throw err;
  }
}
