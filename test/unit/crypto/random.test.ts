import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomKeyBytes, randomNonce, randomU128, randomUuid } from '../../../src/crypto/random.js';

describe('random', () => {
  it('never hands out the same nonce twice, across pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const n = randomNonce(12);
      assert.equal(n.length, 12);
      seen.add(Buffer.from(n).toString('hex'));
    }
    assert.equal(seen.size, 2000);
  });

  it('never hands out the same key bytes twice, across pool refills, and serves any size', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(Buffer.from(randomKeyBytes(32)).toString('hex'));
    assert.equal(seen.size, 200);
    const big = randomKeyBytes(5000);
    assert.equal(big.length, 5000);
    assert.ok(big.some((b) => b !== 0));
  });

  it('refuses a byte count that is not a non-negative integer, and keeps serving afterwards', () => {
    for (const bad of [Number.NaN, -1, 1.5, Number.POSITIVE_INFINITY]) {
      assert.throws(() => randomKeyBytes(bad), RangeError);
      assert.throws(() => randomNonce(bad), RangeError);
    }
    assert.equal(randomKeyBytes(32).length, 32);
    assert.equal(randomNonce(12).length, 12);
  });

  it('gives each nonce and key a buffer of its own', () => {
    const a = randomNonce(12);
    const b = randomNonce(12);
    assert.notEqual(a.buffer, b.buffer);
    assert.equal(a.byteLength, a.buffer.byteLength);
    const k = randomKeyBytes(32);
    assert.equal(k.buffer.byteLength, 32);
  });

  it('draws 128-bit group ids', () => {
    const ids = Array.from({ length: 64 }, () => randomU128());
    assert.ok(ids.every((id) => id >= 0n && id < 2n ** 128n));
    assert.ok(ids.some((id) => id > 2n ** 120n), 'high bits are used');
  });

  it('makes identifiers that are version 7 UUIDs carrying the creation millisecond, all different', () => {
    const before = Date.now();
    const ids = Array.from({ length: 5000 }, () => randomUuid());
    const after = Date.now();
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      assert.ok(ms >= before && ms <= after, 'the first 48 bits are the creation time');
    }
  });

  it('orders identifiers made in different milliseconds by time', () => {
    const first = randomUuid();
    const start = Date.now();
    while (Date.now() === start) {
      // Wait out the current millisecond; bounded by the clock, not by a sleep.
    }
    assert.ok(randomUuid() > first);
  });

  it('fills the 74 bits after the time with randomness', () => {
    const tails = new Set(Array.from({ length: 1000 }, () => randomUuid().slice(14)));
    assert.equal(tails.size, 1000);
  });
});
