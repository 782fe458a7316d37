import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyCache } from '../../../src/actors/key-cache.js';
import { sampleRecord } from '../../cases/object-store.case.js';
import type { ObjectRecord } from '../../../src/storage/object-record.js';

/** A decoder that counts its calls and fills the key with the id's first character code. */
function counting(): { decode: (r: ObjectRecord) => Uint8Array; calls: () => number } {
  let n = 0;
  return { decode: (r) => { n++; return new Uint8Array(4).fill(r.id.charCodeAt(0) + r.updatedAt % 7); }, calls: () => n };
}

describe('KeyCache', () => {
  it('decodes a record version once and hands out copies the caller may wipe', () => {
    const cache = new KeyCache();
    const rec = sampleRecord('a');
    const d = counting();
    const first = cache.keyOf(rec, d.decode);
    const expected = Array.from(first);
    first.fill(0);
    assert.deepEqual(Array.from(cache.keyOf(rec, d.decode)), expected);
    assert.equal(d.calls(), 1);
  });

  it('decodes again for a new version of the record', () => {
    const cache = new KeyCache();
    const old = sampleRecord('a');
    const d = counting();
    cache.keyOf(old, d.decode);
    cache.keyOf({ ...old, updatedAt: old.updatedAt + 1 }, d.decode);
    assert.equal(d.calls(), 2);
  });

  it('forgets the least recently added entry past its capacity, and everything on clear', () => {
    const cache = new KeyCache(1);
    const d = counting();
    const a = sampleRecord('a');
    const b = sampleRecord('b');
    cache.keyOf(a, d.decode);
    cache.keyOf(b, d.decode);
    cache.keyOf(a, d.decode);
    assert.equal(d.calls(), 3, 'a was evicted when b came in');
    cache.clear();
    cache.keyOf(a, d.decode);
    assert.equal(d.calls(), 4, 'clear forgot a');
  });
});
