/**
 * Cutting a byte stream into TTLV messages: any split, several per chunk, and the two refusals.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameError, FrameReader } from '../../src/gateway/socket/frame-reader.js';

/** A Structure message of `bodyBytes` body bytes, each body byte `fill`. */
function message(bodyBytes: number, fill: number): Uint8Array {
  const m = new Uint8Array(8 + bodyBytes).fill(fill);
  m.set([0x42, 0x00, 0x78, 0x01], 0);
  new DataView(m.buffer).setUint32(4, bodyBytes);
  return m;
}

function drain(reader: FrameReader): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let m = reader.next(); m !== null; m = reader.next()) out.push(m);
  return out;
}

describe('FrameReader', () => {
  it('returns nothing until a whole message has arrived, whatever the split', () => {
    const m = message(24, 7);
    for (let cut = 1; cut < m.length; cut++) {
      const reader = new FrameReader(1024);
      reader.push(m.slice(0, cut));
      assert.equal(reader.next(), null, `cut at ${cut}`);
      reader.push(m.slice(cut));
      assert.deepEqual(drain(reader), [m], `cut at ${cut}`);
      assert.equal(reader.buffered, 0);
    }
  });

  it('reassembles a message pushed one byte at a time', () => {
    const m = message(40, 3);
    const reader = new FrameReader(1024);
    const got: Uint8Array[] = [];
    for (const b of m) {
      reader.push(Uint8Array.of(b));
      got.push(...drain(reader));
    }
    assert.deepEqual(got, [m]);
  });

  it('hands out several messages from one chunk in order, keeping the start of the next', () => {
    const a = message(8, 1);
    const b = message(0, 2);
    const c = message(16, 3);
    const all = Buffer.concat([a, b, c]);
    const reader = new FrameReader(1024);
    reader.push(all.subarray(0, all.length - 5));
    assert.deepEqual(drain(reader), [a, b]);
    assert.ok(reader.partial);
    reader.push(all.subarray(all.length - 5));
    assert.deepEqual(drain(reader), [c]);
    assert.equal(reader.partial, false);
  });

  it('hands out copies that later pushes cannot change', () => {
    const chunk = Buffer.from(message(8, 9));
    const reader = new FrameReader(1024);
    reader.push(chunk);
    const got = reader.next();
    chunk.fill(0);
    assert.deepEqual(got, message(8, 9));
  });

  it('accepts a message exactly at the limit and refuses one byte more, from its header alone', () => {
    const atLimit = new FrameReader(64);
    atLimit.push(message(56, 1));
    assert.equal(atLimit.next()?.length, 64);
    const over = new FrameReader(64);
    over.push(message(64, 1).subarray(0, 8));
    assert.throws(() => over.next(), (e: unknown) => e instanceof FrameError && e.problem === 'too-large' && /64 bytes/.test(e.message));
    assert.equal(over.next(), null);
  });

  it('refuses a stream whose first item is not a Structure', () => {
    const reader = new FrameReader(1024);
    reader.push(Buffer.from('GET / HTTP/1.1\r\n'));
    assert.throws(() => reader.next(), (e: unknown) => e instanceof FrameError && e.problem === 'not-structure');
    reader.push(message(8, 1));
    assert.equal(reader.next(), null, 'a refused stream yields nothing more');
  });
});
