/**
 * BulkData AEAD: aeadSealItems/aeadOpenItems (nonce || ciphertext || tag views into one buffer) and
 * the runAeadItemsJob/runAeadJob wrappers the pool thread calls.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, type CipherChaCha20Poly1305Types, type CipherGCMTypes } from 'node:crypto';
import { aeadOpen, aeadOpenItems, aeadSealItems, AeadError, type AeadAlgorithm } from '../../../src/crypto/aead.js';
import { runAeadItemsJob, runAeadJob, type AeadItemsJob } from '../../../src/crypto/aead-task.js';
import { zeroFillsDuring } from '../../helpers/zero-fills.js';

const key = (n: number, v = 0x11): Uint8Array => new Uint8Array(n).fill(v);
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const aad = Buffer.from('bulk aad');

/** Items of distinct lengths and contents, so a swapped or wrong item shows. */
function plaintexts(count: number, base = 5): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new Uint8Array(base + i * 3).fill(0xa0 + (i % 0x50)));
}

function failsWith(code: AeadError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof AeadError && e.code === code);
}

function flip(item: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(item);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** Opens one sealed item with node:crypto directly, reading the layout nonce(12) || ciphertext || tag(16). */
function openIndependently(cipher: CipherGCMTypes | CipherChaCha20Poly1305Types, k: Uint8Array, item: Uint8Array, extra?: Uint8Array): Buffer {
  const d = createDecipheriv(cipher as CipherGCMTypes, k, item.subarray(0, 12), { authTagLength: 16 });
  d.setAuthTag(item.subarray(item.length - 16));
  if (extra) d.setAAD(extra);
  return Buffer.concat([d.update(item.subarray(12, item.length - 16)), d.final()]);
}

const SUITES: readonly (readonly [AeadAlgorithm, number, CipherGCMTypes | CipherChaCha20Poly1305Types])[] = [
  ['AES-GCM', 16, 'aes-128-gcm'],
  ['AES-GCM', 24, 'aes-192-gcm'],
  ['AES-GCM', 32, 'aes-256-gcm'],
  ['ChaCha20-Poly1305', 32, 'chacha20-poly1305'],
];

describe('aeadSealItems', () => {
  it('writes nonce || ciphertext || tag that node:crypto decrypts on its own, for every algorithm', () => {
    const items = [new Uint8Array(0), ...plaintexts(4)];
    for (const [alg, n, cipher] of SUITES) {
      for (const extra of [undefined, aad]) {
        const sealed = aeadSealItems(alg, key(n), items, extra);
        assert.equal(sealed.length, items.length);
        sealed.forEach((s, i) => {
          const p = items[i] ?? new Uint8Array(0);
          assert.equal(s.length, 12 + p.length + 16, `${cipher} item ${i}`);
          assert.equal(hex(openIndependently(cipher, key(n), s, extra)), hex(p), `${cipher} item ${i}`);
        });
      }
    }
  });

  it('returns back-to-back views into one buffer of exactly their total size', () => {
    const items = plaintexts(6);
    const sealed = aeadSealItems('AES-GCM', key(32), items);
    const buffer = sealed[0]?.buffer;
    let expectedOffset = sealed[0]?.byteOffset ?? -1;
    assert.equal(expectedOffset, 0);
    for (const s of sealed) {
      assert.equal(s.buffer, buffer);
      assert.equal(s.byteOffset, expectedOffset);
      expectedOffset += s.length;
    }
    assert.equal(buffer?.byteLength, expectedOffset);
  });

  it('draws a fresh nonce for every item and every call', () => {
    const items = Array.from({ length: 64 }, () => new Uint8Array(16));
    const nonces = [...aeadSealItems('AES-GCM', key(32), items), ...aeadSealItems('AES-GCM', key(32), items)].map((s) => hex(s.subarray(0, 12)));
    assert.equal(new Set(nonces).size, nonces.length);
    assert.ok(!nonces.includes('00'.repeat(12)));
  });

  it('returns no items for no items', () => {
    assert.deepEqual(aeadSealItems('AES-GCM', key(32), []), []);
    assert.deepEqual(aeadOpenItems('AES-GCM', key(32), []), []);
  });

  it('leaves the key and the plaintext items as they were', () => {
    const k = key(32, 0x42);
    const items = plaintexts(3);
    const before = items.map(hex);
    aeadSealItems('ChaCha20-Poly1305', k, items, aad);
    assert.equal(hex(k), '42'.repeat(32));
    assert.deepEqual(items.map(hex), before);
  });

  it('refuses a key of the wrong length', () => {
    failsWith('BAD_KEY_LENGTH', () => aeadSealItems('AES-GCM', key(20), plaintexts(2)));
    failsWith('BAD_KEY_LENGTH', () => aeadSealItems('ChaCha20-Poly1305', key(16), plaintexts(2)));
  });
});

describe('aeadOpenItems', () => {
  it('round-trips items in order for every algorithm, with and without additional data', () => {
    const items = [new Uint8Array(0), ...plaintexts(7), new Uint8Array(5000).fill(0x5c)];
    for (const [alg, n] of SUITES) {
      for (const extra of [undefined, aad]) {
        const opened = aeadOpenItems(alg, key(n), aeadSealItems(alg, key(n), items, extra), extra);
        assert.deepEqual(opened.map(hex), items.map(hex));
      }
    }
  });

  it('opens items sealed independently by node:crypto', () => {
    const items = plaintexts(3).map((p, i) => {
      const nonce = new Uint8Array(12).fill(i + 1);
      const c = createCipheriv('aes-256-gcm', key(32), nonce, { authTagLength: 16 });
      c.setAAD(aad);
      return { p, sealed: Buffer.concat([nonce, c.update(p), c.final(), c.getAuthTag()]) };
    });
    const opened = aeadOpenItems('AES-GCM', key(32), items.map((x) => x.sealed), aad);
    assert.deepEqual(opened.map(hex), items.map((x) => hex(x.p)));
  });

  it('opens items that are views at odd offsets into a larger buffer', () => {
    const items = plaintexts(4);
    const sealed = aeadSealItems('AES-GCM', key(16), items);
    const big = new Uint8Array(3 + sealed.reduce((n, s) => n + s.length, 0));
    let at = 3;
    const views = sealed.map((s) => {
      big.set(s, at);
      at += s.length;
      return big.subarray(at - s.length, at);
    });
    assert.deepEqual(aeadOpenItems('AES-GCM', key(16), views).map(hex), items.map(hex));
  });

  it('fails the whole set when any nonce, ciphertext or tag byte of any item was altered', () => {
    const items = plaintexts(4);
    const sealed = aeadSealItems('AES-GCM', key(32), items, aad);
    for (let i = 0; i < sealed.length; i++) {
      const s = sealed[i] ?? new Uint8Array(0);
      for (const at of [0, 11, 12, s.length - 17, s.length - 16, s.length - 1]) {
        const altered = sealed.map((x, j) => (j === i ? flip(s, at) : x));
        failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('AES-GCM', key(32), altered, aad));
      }
    }
  });

  it('fails under the wrong key, the wrong additional data or none', () => {
    const sealed = aeadSealItems('ChaCha20-Poly1305', key(32), plaintexts(3), aad);
    failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('ChaCha20-Poly1305', key(32, 0x12), sealed, aad));
    failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('ChaCha20-Poly1305', key(32), sealed, Buffer.from('other')));
    failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('ChaCha20-Poly1305', key(32), sealed));
    failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('AES-GCM', key(32), sealed, aad));
  });

  it('fails when two items were swapped between their nonces and bodies', () => {
    const sealed = aeadSealItems('AES-GCM', key(32), [new Uint8Array(20).fill(1), new Uint8Array(20).fill(2)]);
    const [a = new Uint8Array(0), b = new Uint8Array(0)] = sealed;
    const mixed = Buffer.concat([a.subarray(0, 12), b.subarray(12)]);
    failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('AES-GCM', key(32), [a, mixed]));
  });

  it('wipes the plaintexts it already recovered when a later item fails', async () => {
    // 37 and 53 bytes: lengths no other buffer in this call has, so the wiped ones can be picked out.
    const items = [new Uint8Array(37).fill(0xa5), new Uint8Array(53).fill(0xa5), new Uint8Array(41).fill(0xa5)];
    const sealed = aeadSealItems('AES-GCM', key(32), items);
    const last = sealed[2] ?? new Uint8Array(0);
    const altered = [sealed[0] ?? last, sealed[1] ?? last, flip(last, 20)];
    const wiped = await zeroFillsDuring(Buffer.prototype as object, () => {
      failsWith('AUTHENTICATION_FAILED', () => aeadOpenItems('AES-GCM', key(32), altered));
    });
    for (const length of [37, 53]) {
      const hits = wiped.filter((w) => w.length === length);
      assert.equal(hits.length, 1, `the ${length}-byte plaintext is wiped once`);
      assert.equal(hex(hits[0] ?? new Uint8Array(1)), '00'.repeat(length));
    }
  });
});

describe('runAeadItemsJob and runAeadJob', () => {
  const job = (op: AeadItemsJob['op'], k: Uint8Array, items: readonly Uint8Array[], extra: Uint8Array | null = null): AeadItemsJob => ({ op, alg: 'AES-GCM', key: k, items, aad: extra });

  it('runAeadItemsJob seals and opens, and leaves the key alone', () => {
    const k = key(32, 0x33);
    const items = plaintexts(5);
    const sealed = runAeadItemsJob(job('seal-items', k, items, aad));
    assert.ok(sealed.ok);
    assert.equal(sealed.items.length, items.length);
    const opened = runAeadItemsJob(job('open-items', k, sealed.items, aad));
    assert.ok(opened.ok);
    assert.deepEqual(opened.items.map(hex), items.map(hex));
    assert.equal(hex(k), '33'.repeat(32));
  });

  it('runAeadItemsJob returns failures as data, without key or plaintext in the message', () => {
    const k = key(32, 0x33);
    const items = [new Uint8Array(32).fill(0x77)];
    const sealed = runAeadItemsJob(job('seal-items', k, items));
    assert.ok(sealed.ok);
    const tampered = sealed.items.map((s) => flip(s, 14));
    const failed = runAeadItemsJob(job('open-items', k, tampered));
    assert.equal(failed.ok, false);
    assert.ok(!failed.ok);
    assert.equal(failed.code, 'AUTHENTICATION_FAILED');
    for (const secret of [hex(k), hex(items[0] ?? k)]) assert.ok(!failed.message.toLowerCase().includes(secret));
    const badKey = runAeadItemsJob(job('seal-items', key(20), items));
    assert.ok(!badKey.ok);
    assert.equal(badKey.code, 'BAD_KEY_LENGTH');
    assert.equal(hex(k), '33'.repeat(32));
  });

  it('runAeadJob (the pool entry) runs an items job and wipes its key, and the plaintexts it sealed, on success and on failure', () => {
    const items = plaintexts(3);
    const expected = items.map(hex);
    const sealKey = key(32, 0x44);
    const sealed = runAeadJob(job('seal-items', sealKey, items, aad));
    assert.equal(hex(sealKey), '00'.repeat(32));
    assert.ok(items.every((i) => i.every((b) => b === 0)), 'the pool thread copies of the plaintexts are wiped');
    assert.ok(sealed.ok && 'items' in sealed);
    assert.deepEqual(aeadOpenItems('AES-GCM', key(32, 0x44), sealed.items, aad).map(hex), expected);

    const openKey = key(32, 0x44);
    const opened = runAeadJob(job('open-items', openKey, sealed.items, aad));
    assert.equal(hex(openKey), '00'.repeat(32));
    assert.ok(opened.ok && 'items' in opened);
    assert.deepEqual(opened.items.map(hex), expected);

    const failKey = key(32, 0x44);
    const failed = runAeadJob(job('open-items', failKey, sealed.items, Buffer.from('wrong')));
    assert.equal(hex(failKey), '00'.repeat(32));
    assert.ok(!failed.ok);
    assert.equal(failed.code, 'AUTHENTICATION_FAILED');
  });

  it('runAeadJob still wipes the key of a single-buffer job', () => {
    const k = key(32, 0x55);
    const nonce = new Uint8Array(12).fill(9);
    const out = runAeadJob({ op: 'seal', alg: 'AES-GCM', key: k, nonce, data: Buffer.from('single'), tag: null, aad: null });
    assert.equal(hex(k), '00'.repeat(32));
    assert.ok(out.ok && 'data' in out);
    assert.equal(Buffer.from(aeadOpen('AES-GCM', key(32, 0x55), nonce, out.data, out.tag ?? new Uint8Array(0))).toString(), 'single');
  });
});
