import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomKeyBytes, randomNonce, randomU128 } from '../../../src/crypto/random.js';

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
});
