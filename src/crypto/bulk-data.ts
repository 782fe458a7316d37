/**
 * Cosmian's BulkData framing, several items in one byte string:
 * 0x87 0x87 || LEB128(count) || (LEB128(length) || item)*, with unsigned LEB128 values < 2^32.
 * @module
 */
import { CipherError } from './cipher-error.js';

const MAGIC_0 = 0x87;
const MAGIC_1 = 0x87;
const MAX_VALUE = 0xffffffff;
// 5 groups of 7 bits cover 32 bits; anything longer is hostile or broken.
const MAX_LEB128_BYTES = 5;

/** Whether b starts with the BulkData marker (it may still fail to decode). */
export function isBulkData(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === MAGIC_0 && b[1] === MAGIC_1;
}

/** Reads an unsigned LEB128 value at offset: [value, next offset], or undefined. */
function readLeb128(b: Uint8Array, offset: number): [number, number] | undefined {
  let value = 0;
  for (let i = 0; i < MAX_LEB128_BYTES; i++) {
    const byte = b[offset + i];
    if (byte === undefined) return undefined;
    // Multiplication, not shifts: JS shifts are 32-bit signed.
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return value > MAX_VALUE ? undefined : [value, offset + i + 1];
  }
  return undefined;
}

function leb128Size(value: number): number {
  let n = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 128)) n++;
  return n;
}

function writeLeb128(out: Uint8Array, offset: number, value: number): number {
  let at = offset;
  let v = value;
  while (v >= 0x80) {
    out[at++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

/**
 * The items of a BulkData buffer (copies, or views into b when `copy` is false), or undefined when
 * b is not exactly one well-formed BulkData value: callers then treat b as a single plain item.
 * Counts and lengths are checked against the bytes actually present before anything is allocated.
 */
export function decodeBulkData(b: Uint8Array, copy = true): Uint8Array[] | undefined {
  if (!isBulkData(b)) return undefined;
  const head = readLeb128(b, 2);
  if (head === undefined) return undefined;
  const [count, start] = head;
  // Every item takes at least its one-byte length.
  if (count > b.length - start) return undefined;
  // Validate everything first so nothing is copied out of a buffer that turns out malformed.
  const spans: [number, number][] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const len = readLeb128(b, at);
    if (len === undefined) return undefined;
    const [length, from] = len;
    if (length > b.length - from) return undefined;
    spans.push([from, from + length]);
    at = from + length;
  }
  if (at !== b.length) return undefined;
  return spans.map(([from, to]) => (copy ? new Uint8Array(b.subarray(from, to)) : b.subarray(from, to)));
}

/** Frames items as one BulkData buffer. */
export function encodeBulkData(items: readonly Uint8Array[]): Uint8Array {
  if (items.length > MAX_VALUE) throw new CipherError('BAD_INPUT', 'too many BulkData items');
  let size = 2 + leb128Size(items.length);
  for (const item of items) {
    if (item.length > MAX_VALUE) throw new CipherError('BAD_INPUT', 'a BulkData item is too long');
    size += leb128Size(item.length) + item.length;
  }
  const out = new Uint8Array(size);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  let at = writeLeb128(out, 2, items.length);
  for (const item of items) {
    at = writeLeb128(out, at, item.length);
    out.set(item, at);
    at += item.length;
  }
  return out;
}
