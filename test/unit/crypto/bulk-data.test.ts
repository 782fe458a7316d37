import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBulkData, encodeBulkData, isBulkData } from '../../../src/crypto/bulk-data.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const filled = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);

describe('BulkData', () => {
  it('encodes a small example to the exact expected bytes', () => {
    // marker, count 2, item of 3 bytes, empty item
    assert.equal(hex(encodeBulkData([bytes('010203'), new Uint8Array(0)])), '8787 02 03 010203 00'.replace(/ /g, ''));
    // a 200-byte item has the two-byte LEB128 length c8 01
    assert.equal(hex(encodeBulkData([filled(200, 0xaa)])), `8787 01 c801 ${'aa'.repeat(200)}`.replace(/ /g, ''));
    assert.equal(hex(encodeBulkData([])), '878700');
  });

  it('decodes known bytes into copies of the items', () => {
    const input = bytes('8787 03 01 ff 00 02 abcd');
    const items = decodeBulkData(input);
    assert.deepEqual(items?.map(hex), ['ff', '', 'abcd']);
    input[4] = 0;
    assert.equal(hex(items?.[0] ?? new Uint8Array(0)), 'ff');
    assert.deepEqual(decodeBulkData(bytes('878700')), []);
  });

  it('round-trips items across the LEB128 length boundaries', () => {
    const items = [0, 1, 127, 128, 255, 16383, 16384, 70000].map((n) => filled(n, n & 0xff));
    const encoded = encodeBulkData(items);
    assert.ok(isBulkData(encoded));
    assert.deepEqual(decodeBulkData(encoded)?.map(hex), items.map(hex));
    const decoded = decodeBulkData(Buffer.from(encoded));
    assert.equal(decoded?.length, items.length);
  });

  it('returns undefined for data without the marker', () => {
    for (const h of ['', '87', '8786020100', '68656c6c6f', '0087870100']) {
      assert.equal(isBulkData(bytes(h)), h.startsWith('8787'));
      assert.equal(decodeBulkData(bytes(h)), undefined, h);
    }
  });

  it('returns undefined for truncated input or trailing bytes', () => {
    assert.equal(decodeBulkData(bytes('8787')), undefined);
    assert.equal(decodeBulkData(bytes('8787 02 01 ff')), undefined);
    assert.equal(decodeBulkData(bytes('8787 01 03 ffff')), undefined);
    assert.equal(decodeBulkData(bytes('8787 01 02 ffff 00')), undefined);
    assert.equal(decodeBulkData(bytes('8787 01 80')), undefined);
  });

  it('rejects counts and lengths larger than the buffer before allocating for them', () => {
    // count 2^32 - 1 with three bytes left
    assert.equal(decodeBulkData(bytes('8787 ffffffff0f 000000')), undefined);
    // one item claiming 2^32 - 1 bytes
    assert.equal(decodeBulkData(bytes('8787 01 ffffffff0f aabbcc')), undefined);
    // one item claiming 1 MiB with 1 byte present
    assert.equal(decodeBulkData(bytes('8787 01 808040 aa')), undefined);
  });

  it('rejects LEB128 values of 2^32 or more and over-long encodings', () => {
    assert.equal(decodeBulkData(bytes('8787 8080808010')), undefined);
    assert.equal(decodeBulkData(bytes('8787 808080808000')), undefined);
    // a non-minimal but short encoding of 1 is still a value the decoder accepts
    assert.deepEqual(decodeBulkData(bytes('8787 8100 01 aa'))?.map(hex), ['aa']);
  });

  it('decodes into views sharing the input buffer when asked not to copy', () => {
    // The BulkData value sits at offset 5 of a larger buffer, so the views' offsets must add up.
    const backing = bytes('aaaaaaaaaa 8787 03 02 0102 00 03 a1a2a3 bbbb');
    const input = backing.subarray(5, backing.length - 2);
    const views = decodeBulkData(input, false);
    assert.deepEqual(views?.map(hex), ['0102', '', 'a1a2a3']);
    assert.deepEqual(views?.map((v) => v.buffer === backing.buffer), [true, true, true]);
    assert.deepEqual(views?.map((v) => v.byteOffset), [9, 12, 13]);
    backing[10] = 0xee;
    backing[15] = 0xff;
    assert.deepEqual(views?.map(hex), ['01ee', '', 'a1a2ff']);
  });

  it('copies the items by default and when asked to, into buffers of their own', () => {
    const input = encodeBulkData([filled(300, 1), filled(2, 2)]);
    for (const items of [decodeBulkData(input), decodeBulkData(input, true)]) {
      assert.deepEqual(items?.map((i) => i.buffer === input.buffer), [false, false]);
      input.fill(0, 4);
      assert.deepEqual(items?.map(hex), [hex(filled(300, 1)), '0202']);
      input.set(encodeBulkData([filled(300, 1), filled(2, 2)]));
    }
  });

  it('returns undefined for malformed input whether or not it copies', () => {
    for (const h of ['8787 02 01 ff', '8787 01 02 ffff 00', '87']) assert.equal(decodeBulkData(bytes(h), false), undefined, h);
  });
});
