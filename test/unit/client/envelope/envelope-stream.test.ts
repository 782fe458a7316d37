import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnvelopeError, type EnvelopeErrorCode } from '../../../../src/client/envelope/envelope-error.js';
import { encryptEnvelope } from '../../../../src/client/envelope/encrypt-stream.js';
import { readEnvelopeHeader } from '../../../../src/client/envelope/format.js';
import { decryptEnvelope, type UnwrapDataKey } from '../../../../src/client/envelope/decrypt-stream.js';
import { decryptBytes, encryptBytes, TestKek, type Decrypted } from './envelope-helpers.js';

const SEG = 64;
const TAG = 16;

/** An envelope of 3 full segments and a short final one, with a DEK copy the tests can hand back. */
async function small(plaintextLength = SEG * 3 + 8, segmentSize = SEG): Promise<{ plaintext: Buffer; envelope: Buffer; headerLength: number; unwrap: UnwrapDataKey; dek: Buffer }> {
  const plaintext = randomBytes(plaintextLength);
  let dek = Buffer.alloc(0);
  const envelope = await encryptBytes(plaintext, {
    segmentSize,
    wrap: (k) => { dek = Buffer.from(k); return Promise.resolve({ keyId: 'kek-1', scheme: 'rfc5649', wrappedKey: randomBytes(40) }); },
  });
  // Hands back the key whatever the header says, so only the envelope's own checks can catch tampering.
  const unwrap: UnwrapDataKey = () => Promise.resolve(Buffer.from(dek));
  return { plaintext, envelope, headerLength: readEnvelopeHeader(envelope).headerLength, unwrap, dek };
}

/** The sealed segments of an envelope with the given plaintext segment size. */
function segmentsOf(envelope: Buffer, headerLength: number, segmentSize = SEG): Buffer[] {
  const out: Buffer[] = [];
  for (let off = headerLength; off < envelope.length; off += segmentSize + TAG) out.push(envelope.subarray(off, off + segmentSize + TAG));
  return out;
}

/** Asserts a failed decryption with one of the codes, having emitted only a prefix of the true plaintext. */
function assertFailed(r: Decrypted, plaintext: Buffer, codes: readonly EnvelopeErrorCode[], what: string): void {
  assert.ok(r.error instanceof EnvelopeError, `${what}: expected an EnvelopeError, got ${String(r.error)}`);
  assert.ok(codes.includes(r.error.code), `${what}: code ${r.error.code} not in ${codes.join(', ')}`);
  assert.equal(r.emitted.length % SEG, 0, `${what}: emitted a partial segment`);
  assert.deepEqual(r.emitted, plaintext.subarray(0, r.emitted.length), `${what}: emitted bytes that are not the plaintext`);
}

describe('envelope streams', () => {
  it('round-trips empty, tiny, boundary-sized and multi-megabyte plaintexts', async () => {
    const kek = new TestKek();
    const size = 65536;
    for (const n of [0, 1, size - 1, size, size + 1, 3 * size, 5 * 1024 * 1024 + 123]) {
      const plaintext = randomBytes(n);
      const envelope = await encryptBytes(plaintext, { wrap: kek.wrap });
      const segments = Math.max(1, Math.ceil(n / size));
      assert.equal(envelope.length, readEnvelopeHeader(envelope).headerLength + n + segments * TAG, `size ${n}`);
      const r = await decryptBytes(envelope, kek.unwrap);
      assert.equal(r.error, undefined, `size ${n}`);
      assert.deepEqual(r.emitted, plaintext, `size ${n}`);
    }
  });

  it('round-trips random sizes, segment sizes and chunkings, including one byte at a time', async () => {
    const kek = new TestKek();
    for (let i = 0; i < 40; i++) {
      const segmentSize = randomInt(64, 5000);
      const plaintext = randomBytes(randomInt(0, 20000));
      const inChunk = i % 5 === 0 ? 1 : -randomInt(1, 9000);
      const envelope = await encryptBytes(plaintext, { wrap: kek.wrap, segmentSize }, inChunk);
      const r = await decryptBytes(envelope, kek.unwrap, i % 5 === 1 ? 1 : -randomInt(1, 9000));
      assert.equal(r.error, undefined);
      assert.deepEqual(r.emitted, plaintext, `size ${plaintext.length}, segment ${segmentSize}`);
    }
  });

  it('uses a fresh data key and nonce prefix for every file', async () => {
    const kek = new TestKek();
    const plaintext = randomBytes(1000);
    const a = await encryptBytes(plaintext, { wrap: kek.wrap });
    const b = await encryptBytes(plaintext, { wrap: kek.wrap });
    assert.notDeepEqual(readEnvelopeHeader(a).wrappedKey, readEnvelopeHeader(b).wrappedKey);
    assert.notDeepEqual(readEnvelopeHeader(a).noncePrefix, readEnvelopeHeader(b).noncePrefix);
    assert.notDeepEqual(a.subarray(-1000), b.subarray(-1000));
  });

  it('fails on any single altered byte, header or body, emitting nothing that is not authentic', async () => {
    const { plaintext, envelope, unwrap } = await small();
    for (let i = 0; i < envelope.length; i++) {
      for (const mask of [0x01, 0xff]) {
        const bad = Buffer.from(envelope);
        bad[i] = (bad[i] ?? 0) ^ mask;
        const r = await decryptBytes(bad, unwrap);
        assertFailed(r, plaintext, ['not_envelope', 'unsupported_version', 'bad_header', 'truncated', 'corrupt'], `byte ${i} ^ ${mask}`);
      }
    }
  });

  it('emits the segments before a damaged one and nothing of it or after it', async () => {
    const { plaintext, envelope, headerLength, unwrap } = await small();
    const bad = Buffer.from(envelope);
    const inThird = headerLength + 2 * (SEG + TAG) + 5;
    bad[inThird] = (bad[inThird] ?? 0) ^ 1;
    const r = await decryptBytes(bad, unwrap, 7);
    assertFailed(r, plaintext, ['corrupt'], 'third segment');
    assert.deepEqual(r.emitted, plaintext.subarray(0, 2 * SEG));
  });

  it('fails on truncation at every length, and says "truncated" at segment boundaries', async () => {
    for (const length of [SEG * 3 + 8, SEG * 3]) {
      const { plaintext, envelope, headerLength, unwrap } = await small(length);
      for (let n = 0; n < envelope.length; n++) {
        const r = await decryptBytes(envelope.subarray(0, n), unwrap);
        const boundary = n >= headerLength && (n - headerLength) % (SEG + TAG) === 0;
        const codes: EnvelopeErrorCode[] = n === 0 ? ['not_envelope'] : n < headerLength || boundary ? ['truncated'] : ['truncated', 'corrupt'];
        assertFailed(r, plaintext, codes, `plaintext ${length}, cut at ${n}`);
      }
    }
  });

  it('fails when segments are dropped, duplicated or swapped', async () => {
    const { plaintext, envelope, headerLength, unwrap } = await small();
    const header = envelope.subarray(0, headerLength);
    const [s0, s1, s2, s3] = segmentsOf(envelope, headerLength);
    assert.ok(s0 && s1 && s2 && s3);
    const variants: Record<string, Buffer[]> = {
      'drop first': [s1, s2, s3],
      'drop middle': [s0, s2, s3],
      'drop final': [s0, s1, s2],
      'duplicate first': [s0, s0, s1, s2, s3],
      'duplicate middle': [s0, s1, s1, s2, s3],
      'duplicate final': [s0, s1, s2, s3, s3],
      'swap first two': [s1, s0, s2, s3],
      'swap middle two': [s0, s2, s1, s3],
      'final moved first': [s3, s0, s1, s2],
    };
    for (const [name, segments] of Object.entries(variants)) {
      const r = await decryptBytes(Buffer.concat([header, ...segments]), unwrap);
      assertFailed(r, plaintext, ['corrupt', 'truncated'], name);
    }
  });

  it('fails when bytes are appended, whether the final segment is short or full', async () => {
    for (const length of [SEG * 3 + 8, SEG * 3, 0]) {
      const { plaintext, envelope, headerLength, unwrap } = await small(length);
      const lastSegment = envelope.subarray(headerLength + Math.max(0, Math.ceil(length / SEG) - 1) * (SEG + TAG));
      for (const extra of [Buffer.from([0]), randomBytes(TAG), randomBytes(SEG + TAG), lastSegment, envelope]) {
        const r = await decryptBytes(Buffer.concat([envelope, extra]), unwrap);
        assertFailed(r, plaintext, ['corrupt'], `plaintext ${length}, ${extra.length} bytes appended`);
      }
    }
  });

  it('fails with the wrong data key, emitting nothing and naming no key bytes', async () => {
    const { envelope, dek } = await small();
    const wrongKey = randomBytes(32);
    const r = await decryptBytes(envelope, () => Promise.resolve(Buffer.from(wrongKey)));
    assert.ok(r.error instanceof EnvelopeError && r.error.code === 'corrupt');
    assert.equal(r.emitted.length, 0);
    for (const k of [wrongKey, dek]) {
      for (const enc of ['hex', 'base64'] as const) assert.ok(!r.error.message.includes(k.toString(enc)));
    }
  });

  it('refuses an unwrapped key that is not 256 bits, and passes on an unwrap failure as it is', async () => {
    const { envelope } = await small();
    const r = await decryptBytes(envelope, () => Promise.resolve(randomBytes(16)));
    assert.ok(r.error instanceof EnvelopeError && r.error.code === 'bad_key');
    const denied = new Error('permission denied');
    const r2 = await decryptBytes(envelope, () => Promise.reject(denied));
    assert.equal(r2.error, denied);
    assert.equal(r2.emitted.length, 0);
  });

  it('rejects a server-mode file without asking for a key', async () => {
    let asked = false;
    const serverMode = randomBytes(12 + 100 + 16);
    const r = await decryptBytes(serverMode, () => { asked = true; return Promise.resolve(randomBytes(32)); });
    assert.ok(r.error instanceof EnvelopeError && r.error.code === 'not_envelope');
    assert.equal(asked, false);
    const empty = await decryptBytes(new Uint8Array(0), () => { asked = true; return Promise.resolve(randomBytes(32)); });
    assert.ok(empty.error instanceof EnvelopeError && empty.error.code === 'not_envelope');
    assert.equal(asked, false);
  });

  it('zeroes the data key it generated and the one unwrap returned', async () => {
    const kek = new TestKek();
    const envelope = await encryptBytes(randomBytes(1000), { wrap: kek.wrap });
    assert.equal(kek.seen.length, 1);
    assert.ok(kek.seen[0]?.every((b) => b === 0));
    const returned: Uint8Array[] = [];
    const unwrap: UnwrapDataKey = async (h) => { const k = await kek.unwrap(h); returned.push(k); return k; };
    assert.equal((await decryptBytes(envelope, unwrap)).error, undefined);
    const bad = Buffer.from(envelope);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 1;
    assert.ok((await decryptBytes(bad, unwrap)).error instanceof EnvelopeError);
    assert.equal(returned.length, 2);
    for (const k of returned) assert.ok(k.length === 32 && k.every((b) => b === 0));
  });

  it('reports progress in input bytes, rising to the input length', async () => {
    const kek = new TestKek();
    const plaintext = randomBytes(300_000);
    const seenEnc: number[] = [];
    const envelope = await encryptBytes(plaintext, { wrap: kek.wrap, onProgress: (n) => seenEnc.push(n) }, 10_000);
    const seenDec: number[] = [];
    await pipeline(Readable.from([envelope]), decryptEnvelope({ unwrap: kek.unwrap, onProgress: (n) => seenDec.push(n) }), new Writable({ write(_c, _e, cb) { cb(); } }));
    for (const [seen, total] of [[seenEnc, plaintext.length], [seenDec, envelope.length]] as const) {
      assert.ok(seen.length > 1);
      assert.deepEqual([...seen].sort((x, y) => x - y), seen);
      assert.equal(seen.at(-1), total);
    }
  });

  it('refuses a segment size out of bounds before wrapping anything', () => {
    let wrapped = false;
    const wrap = (): Promise<never> => { wrapped = true; return Promise.reject(new Error('unreachable')); };
    for (const segmentSize of [0, 63, 4 * 1024 * 1024 + 1, 1.5]) {
      assert.throws(() => encryptEnvelope({ wrap, segmentSize }), (e: unknown) => e instanceof EnvelopeError && e.code === 'bad_header');
    }
    assert.equal(wrapped, false);
  });

  it('fails the encryption when wrapping fails, or returns a header field out of bounds', async () => {
    const plaintext = randomBytes(100);
    const denied = new Error('wrap denied');
    await assert.rejects(encryptBytes(plaintext, { wrap: () => Promise.reject(denied) }), (e: unknown) => e === denied);
    await assert.rejects(
      encryptBytes(plaintext, { wrap: () => Promise.resolve({ keyId: '', scheme: 'rfc5649', wrappedKey: randomBytes(40) }) }),
      (e: unknown) => e instanceof EnvelopeError && e.code === 'bad_header',
    );
  });
});
