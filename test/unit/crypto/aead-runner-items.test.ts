/**
 * AeadRunner over BulkData items: inline for small sets, on the pool thread for large ones, split
 * half and half for many items; same order, same failures and an untouched caller key in each mode.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { aeadOpenItems, aeadSealItems, AeadError } from '../../../src/crypto/aead.js';
import { zeroFillsDuring } from '../../helpers/zero-fills.js';

const key = (v = 0x11, n = 32): Uint8Array => new Uint8Array(n).fill(v);
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const aad = Buffer.from('runner aad');

/** Items of distinct lengths and contents, so a result out of order shows. */
function plaintexts(count: number, base = 4): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new Uint8Array(base + i).fill(i & 0xff));
}

function flip(item: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(item);
  copy[at] = (copy[at] ?? 0) ^ 0x80;
  return copy;
}

const isAuthFailure = (e: unknown): boolean => e instanceof AeadError && e.code === 'AUTHENTICATION_FAILED';

/** Runs fn with a runner and always closes it. */
async function withRunner(offloadBytes: number, splitItems: number, fn: (r: AeadRunner) => Promise<void>): Promise<void> {
  const runner = new AeadRunner(offloadBytes, splitItems);
  try {
    await fn(runner);
  } finally {
    await runner.close();
  }
}

/** The three modes, each with a runner configuration and a set of items that lands in it. */
const MODES = [
  { name: 'inline', offloadBytes: 1 << 20, splitItems: 1000, items: plaintexts(9), async: false },
  { name: 'whole job on the pool', offloadBytes: 64, splitItems: 1000, items: plaintexts(9), async: true },
  { name: 'split in two (odd count)', offloadBytes: 1 << 20, splitItems: 8, items: plaintexts(9), async: true },
  { name: 'split in two (even count)', offloadBytes: 1 << 20, splitItems: 8, items: plaintexts(12), async: true },
] as const;

describe('AeadRunner items', () => {
  for (const mode of MODES) {
    it(`seals and opens in input order (${mode.name})`, async () => {
      await withRunner(mode.offloadBytes, mode.splitItems, async (runner) => {
        const k = key(0x21);
        const sealing = runner.sealItems('AES-GCM', k, mode.items, aad);
        assert.equal(sealing instanceof Promise, mode.async);
        const sealed = await sealing;
        assert.equal(sealed.length, mode.items.length);
        sealed.forEach((s, i) => {
          assert.equal(s.length, 28 + (mode.items[i]?.length ?? 0), `item ${i}`);
        });
        // Checked inline, item by item, independently of the runner.
        assert.deepEqual(aeadOpenItems('AES-GCM', key(0x21), sealed, aad).map(hex), mode.items.map(hex));

        const inlineSealed = aeadSealItems('AES-GCM', key(0x21), mode.items, aad);
        const opening = runner.openItems('AES-GCM', k, inlineSealed, aad);
        // Opening is never split (plaintexts would come back as clones nobody wipes); only a whole
        // job above the byte threshold goes to the pool.
        assert.equal(opening instanceof Promise, mode.async && !mode.name.startsWith('split'));
        assert.deepEqual((await opening).map(hex), mode.items.map(hex));
        assert.equal(hex(k), '21'.repeat(32), 'the caller key is left alone');
      });
    });

    it(`writes items node:crypto can decrypt (${mode.name})`, async () => {
      await withRunner(mode.offloadBytes, mode.splitItems, async (runner) => {
        const sealed = await runner.sealItems('ChaCha20-Poly1305', key(0x22), mode.items, undefined);
        const nonces = new Set<string>();
        sealed.forEach((s, i) => {
          nonces.add(hex(s.subarray(0, 12)));
          const d = createDecipheriv('chacha20-poly1305', key(0x22), s.subarray(0, 12), { authTagLength: 16 });
          d.setAuthTag(s.subarray(s.length - 16));
          const p = Buffer.concat([d.update(s.subarray(12, s.length - 16)), d.final()]);
          assert.equal(hex(p), hex(mode.items[i] ?? new Uint8Array(1)), `item ${i}`);
        });
        assert.equal(nonces.size, sealed.length, 'one nonce per item');
      });
    });

    it(`fails the whole call and keeps the caller key when an item was tampered with (${mode.name})`, async () => {
      await withRunner(mode.offloadBytes, mode.splitItems, async (runner) => {
        const k = key(0x23);
        const sealed = aeadSealItems('AES-GCM', key(0x23), mode.items, aad);
        const half = sealed.length >>> 1;
        // First item (inline half when split), last item (pool half when split), and the first pooled one.
        for (const victim of [0, half - 1, half, sealed.length - 1]) {
          const altered = sealed.map((s, i) => (i === victim ? flip(s, 13) : s));
          await assert.rejects(async () => runner.openItems('AES-GCM', k, altered, aad), isAuthFailure, `item ${victim}`);
        }
        await assert.rejects(async () => runner.openItems('AES-GCM', k, sealed, Buffer.from('other')), isAuthFailure);
        assert.equal(hex(k), '23'.repeat(32));
      });
    });

    it(`reports a bad key length as an AeadError (${mode.name})`, async () => {
      await withRunner(mode.offloadBytes, mode.splitItems, async (runner) => {
        await assert.rejects(
          async () => runner.sealItems('AES-GCM', key(0x24, 20), mode.items, undefined),
          (e: unknown) => e instanceof AeadError && e.code === 'BAD_KEY_LENGTH',
        );
      });
    });
  }

  it('stays inline just below both thresholds and leaves it at each threshold', async () => {
    const items = [new Uint8Array(60), new Uint8Array(39)];
    await withRunner(100, 3, async (runner) => {
      const k = key(0x25);
      const below = runner.sealItems('AES-GCM', k, items, undefined);
      assert.ok(!(below instanceof Promise), '99 bytes in 2 items run inline');
      const byBytes = runner.sealItems('AES-GCM', k, [new Uint8Array(61), new Uint8Array(39)], undefined);
      assert.ok(byBytes instanceof Promise, '100 bytes go to the pool');
      const byCount = runner.sealItems('AES-GCM', k, [new Uint8Array(1), new Uint8Array(1), new Uint8Array(1)], undefined);
      assert.ok(byCount instanceof Promise, '3 items are split');
      assert.equal((await byBytes).length, 2);
      assert.equal((await byCount).length, 3);
      assert.equal(hex(k), '25'.repeat(32));
    });
  });

  it('keeps order across many items split between this thread and the pool', async () => {
    await withRunner(1 << 30, 16, async (runner) => {
      const items = Array.from({ length: 301 }, (_, i) => new Uint8Array(1 + (i % 7)).fill(i & 0xff).map((v, j) => v ^ j));
      const sealed = await runner.sealItems('AES-GCM', key(0x26), items, aad);
      const opened = await runner.openItems('AES-GCM', key(0x26), sealed, aad);
      assert.deepEqual(opened.map(hex), items.map(hex));
    });
  });

  it('opens, when split, items sealed in one go on the pool, and the reverse', async () => {
    const items = plaintexts(10);
    await withRunner(1 << 20, 4, async (split) => {
      await withRunner(1, 1000, async (pooled) => {
        const fromPool = await pooled.sealItems('AES-GCM', key(0x27), items, undefined);
        assert.deepEqual((await split.openItems('AES-GCM', key(0x27), fromPool, undefined)).map(hex), items.map(hex));
        const fromSplit = await split.sealItems('AES-GCM', key(0x27), items, undefined);
        assert.deepEqual((await pooled.openItems('AES-GCM', key(0x27), fromSplit, undefined)).map(hex), items.map(hex));
      });
    });
  });

  it('wipes the inline half of the plaintexts when the pooled half fails to open', async () => {
    // Lengths 71..74 inline and 81..84 on the pool: no other buffer in this call has them.
    const items = [71, 72, 73, 74, 81, 82, 83, 84].map((n) => new Uint8Array(n).fill(0xc3));
    const sealed = aeadSealItems('AES-GCM', key(0x28), items);
    const altered = sealed.map((s, i) => (i === 6 ? flip(s, 20) : s));
    await withRunner(1 << 20, 8, async (runner) => {
      const wiped = await zeroFillsDuring(Buffer.prototype as object, async () => {
        await assert.rejects(async () => runner.openItems('AES-GCM', key(0x28), altered, undefined), isAuthFailure);
      });
      for (const length of [71, 72, 73, 74]) {
        const hit = wiped.find((w) => w.length === length);
        assert.ok(hit, `the ${length}-byte plaintext is wiped`);
        assert.equal(hex(hit), '00'.repeat(length));
      }
    });
  });

  it('opens a large set on this thread rather than splitting it, and wipes what it opened when an item fails', async () => {
    const items = [71, 72, 73, 74, 81, 82, 83, 84].map((n) => new Uint8Array(n).fill(0xc3));
    const sealed = aeadSealItems('AES-GCM', key(0x29), items);
    const altered = sealed.map((s, i) => (i === 6 ? flip(s, 20) : s));
    await withRunner(1 << 20, 8, async (runner) => {
      assert.ok(!(runner.openItems('AES-GCM', key(0x29), sealed, undefined) instanceof Promise), 'not split');
      const wiped = await zeroFillsDuring(Buffer.prototype as object, async () => {
        await assert.rejects(async () => runner.openItems('AES-GCM', key(0x29), altered, undefined), isAuthFailure);
      });
      for (const length of [71, 72, 73, 74, 81, 82]) {
        const hit = wiped.find((w) => w.length === length);
        assert.ok(hit, `the ${length}-byte plaintext is wiped`);
        assert.equal(hex(hit), '00'.repeat(length));
      }
    });
  });

  it('closes cleanly when the pool was never started, and twice', async () => {
    const runner = new AeadRunner();
    assert.ok(!(runner.sealItems('AES-GCM', key(), plaintexts(2), undefined) instanceof Promise));
    await runner.close();
    await runner.close();
  });
});
