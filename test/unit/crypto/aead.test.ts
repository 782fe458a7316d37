import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { aeadOpen, aeadSeal, AeadError } from '../../../src/crypto/aead.js';

const key = (n: number): Uint8Array => new Uint8Array(n).fill(0x11);
const nonce = new Uint8Array(12).fill(0x22);
const pt = Buffer.from('attack at dawn');

function failsWith(code: AeadError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof AeadError && e.code === code);
}

describe('AEAD', () => {
  it('matches an independent AES-256-GCM computation', () => {
    const sealed = aeadSeal('AES-GCM', key(32), nonce, pt, Buffer.from('aad'));
    const c = createCipheriv('aes-256-gcm', key(32), nonce);
    c.setAAD(Buffer.from('aad'));
    const expected = Buffer.concat([c.update(pt), c.final()]);
    assert.deepEqual(sealed.ciphertext, expected);
    assert.deepEqual(sealed.tag, c.getAuthTag());
  });

  it('round-trips AES-128/192/256-GCM and ChaCha20-Poly1305', () => {
    for (const [alg, n] of [['AES-GCM', 16], ['AES-GCM', 24], ['AES-GCM', 32], ['ChaCha20-Poly1305', 32]] as const) {
      const s = aeadSeal(alg, key(n), nonce, pt);
      assert.deepEqual(aeadOpen(alg, key(n), nonce, s.ciphertext, s.tag), pt);
    }
  });

  it('rejects altered ciphertext, tag or additional data', () => {
    const s = aeadSeal('AES-GCM', key(32), nonce, pt, Buffer.from('a'));
    const flipped = Buffer.from(s.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    failsWith('AUTHENTICATION_FAILED', () => aeadOpen('AES-GCM', key(32), nonce, flipped, s.tag, Buffer.from('a')));
    failsWith('AUTHENTICATION_FAILED', () => aeadOpen('AES-GCM', key(32), nonce, s.ciphertext, s.tag, Buffer.from('b')));
    failsWith('AUTHENTICATION_FAILED', () => aeadOpen('AES-GCM', key(32), nonce, s.ciphertext, new Uint8Array(16)));
  });

  it('refuses bad key, nonce and tag sizes', () => {
    failsWith('BAD_KEY_LENGTH', () => aeadSeal('AES-GCM', key(20), nonce, pt));
    failsWith('BAD_KEY_LENGTH', () => aeadSeal('ChaCha20-Poly1305', key(16), nonce, pt));
    failsWith('BAD_NONCE_LENGTH', () => aeadSeal('AES-GCM', key(32), new Uint8Array(8), pt));
    failsWith('BAD_TAG_LENGTH', () => aeadOpen('AES-GCM', key(32), nonce, pt, new Uint8Array(8)));
  });
});
