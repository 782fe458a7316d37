/**
 * Strict reader of binary TTLV (KMIP 1.0-2.1 wire form): 3-byte tag, 1-byte type, 4-byte length,
 * value padded with zeros to 8 bytes. Anything the specification does not allow is refused with
 * Invalid_Message, naming the tag and offset but never a value.
 * @module
 */
import { Buffer } from 'node:buffer';
import { KmipError } from '../kmip-error.js';
import { enumNameOf } from './enum-table.js';
import { DEFAULT_TTLV_LIMITS } from './limits.js';
import type { TtlvLimits } from './limits.js';
import type { TtlvNode, TtlvType } from './node.js';
import { tagNameOf } from './tag-table.js';

/** The item type byte of each TTLV type. */
export const TYPE_CODES: Readonly<Record<TtlvType, number>> = {
  Structure: 0x01,
  Integer: 0x02,
  LongInteger: 0x03,
  BigInteger: 0x04,
  Enumeration: 0x05,
  Boolean: 0x06,
  TextString: 0x07,
  ByteString: 0x08,
  DateTime: 0x09,
  Interval: 0x0a,
  DateTimeExtended: 0x0b,
};

const TYPES_BY_CODE: readonly (TtlvType | undefined)[] = (() => {
  const out: (TtlvType | undefined)[] = [];
  for (const [type, code] of Object.entries(TYPE_CODES) as [TtlvType, number][]) out[code] = type;
  return out;
})();

/** Seconds a Date can hold either side of 1970 (ECMAScript's ±8.64e15 ms). */
export const MAX_DATE_SECONDS = 8_640_000_000_000;

// fatal: malformed UTF-8 is refused, not replaced; ignoreBOM: a leading BOM is kept, so text round-trips.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface ReadState {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  /** The same bytes as a Buffer, for its fast ASCII slicing. */
  readonly buf: Buffer;
  readonly limits: TtlvLimits;
  nodes: number;
  /** Offset after the item readItem last read (its padding included). */
  next: number;
}

/** Decodes exactly one TTLV item filling the whole buffer, within the limits. */
export function decodeBinaryTtlv(bytes: Uint8Array, limits: TtlvLimits = DEFAULT_TTLV_LIMITS): TtlvNode {
  const st: ReadState = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    buf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    limits,
    nodes: 0,
    next: 0,
  };
  if (bytes.length < 8) throw invalid(`a TTLV message needs at least 8 bytes, got ${bytes.length}`);
  const node = readItem(st, 0, bytes.length, 1);
  const end = st.next;
  if (end !== bytes.length) throw invalid(`${bytes.length - end} bytes follow the message's single TTLV item (offset ${end})`);
  return node;
}

function invalid(message: string): KmipError {
  return new KmipError('Invalid_Message', `Invalid TTLV: ${message}`);
}

/** Where an error is: built only when one is thrown, so reading allocates no text. */
function where(tag: string, at: number): string {
  return `${tag} at offset ${at}`;
}

/** Reads the item at `at` that must end by `limit`, leaving the offset after its padding in st.next. */
function readItem(st: ReadState, at: number, limit: number, depth: number): TtlvNode {
  if (limit - at < 8) throw invalid(`truncated item header at offset ${at}`);
  const { view } = st;
  const tagNumber = (view.getUint16(at) << 8) | (view.getUint8(at + 2));
  // KMIP defines tags 0x42xxxx and reserves 0x54xxxx for extensions; nothing else is a tag.
  const range = tagNumber >>> 16;
  if (range !== 0x42 && range !== 0x54) {
    throw invalid(`tag 0x${tagNumber.toString(16).toUpperCase().padStart(6, '0')} is outside 0x42xxxx and 0x54xxxx (offset ${at})`);
  }
  const tag = tagNameOf(tagNumber);
  const code = view.getUint8(at + 3);
  const length = view.getUint32(at + 4);
  if (++st.nodes > st.limits.maxNodes) throw invalid(`more than ${st.limits.maxNodes} items (${where(tag, at)})`);
  if (depth > st.limits.maxDepth) throw invalid(`nesting exceeds ${st.limits.maxDepth} levels (${where(tag, at)})`);
  const type = TYPES_BY_CODE[code];
  if (type === undefined) throw invalid(`unknown item type 0x${code.toString(16).padStart(2, '0')} (${where(tag, at)})`);
  const start = at + 8;
  // Arithmetic, not bit operations: a length may be up to 2^32 - 1.
  const padded = Math.ceil(length / 8) * 8;
  if (padded > limit - start) throw invalid(`${type} length ${length} overruns its container (${where(tag, at)})`);
  const fixed = FIXED_LENGTH[type];
  if (fixed !== undefined && length !== fixed) throw invalid(`${type} length must be ${fixed}, got ${length} (${where(tag, at)})`);
  const end = start + padded;
  for (let i = start + length; i < end; i++) {
    if (st.bytes[i] !== 0) throw invalid(`non-zero padding after ${type} (${where(tag, at)})`);
  }
  const node = readValue(st, tag, type, at, length, depth);
  st.next = end;
  return node;
}

const FIXED_LENGTH: Partial<Record<TtlvType, number>> = {
  Integer: 4, LongInteger: 8, Enumeration: 4, Boolean: 8, DateTime: 8, Interval: 4, DateTimeExtended: 8,
};

function readValue(st: ReadState, tag: string, type: TtlvType, at: number, length: number, depth: number): TtlvNode {
  const { view } = st;
  const start = at + 8;
  switch (type) {
    case 'Structure': {
      const children: TtlvNode[] = [];
      const end = start + length;
      for (let pos = start; pos < end; pos = st.next) children.push(readItem(st, pos, end, depth + 1));
      return { tag, type, value: children };
    }
    case 'Integer':
      return { tag, type, value: view.getInt32(start) };
    case 'LongInteger':
      return { tag, type, value: view.getBigInt64(start) };
    case 'BigInteger':
      if (length === 0 || length % 8 !== 0) throw invalid(`BigInteger length must be a non-zero multiple of 8, got ${length} (${where(tag, at)})`);
      if (length > st.limits.maxStringLength / 2) throw invalid(`BigInteger longer than ${Math.floor(st.limits.maxStringLength / 2)} bytes (${where(tag, at)})`);
      return { tag, type, value: readSignedBig(st.bytes, start, length) };
    case 'Enumeration': {
      const value = view.getUint32(start);
      return { tag, type, value: enumNameOf(tag, value) ?? value };
    }
    case 'Boolean': {
      const low = view.getUint32(start + 4);
      if (view.getUint32(start) !== 0 || low > 1) throw invalid(`Boolean must be 0 or 1 (${where(tag, at)})`);
      return { tag, type, value: low === 1 };
    }
    case 'TextString':
      if (length > st.limits.maxStringLength) throw invalid(`TextString longer than ${st.limits.maxStringLength} bytes (${where(tag, at)})`);
      if (isAscii(st.bytes, start, length)) return { tag, type, value: st.buf.toString('latin1', start, start + length) };
      try {
        return { tag, type, value: UTF8.decode(st.bytes.subarray(start, start + length)) };
      } catch {
        throw invalid(`TextString is not valid UTF-8 (${where(tag, at)})`);
      }
    case 'ByteString':
      // The JSON limit counts hex digits, two per byte.
      if (length > st.limits.maxStringLength / 2) throw invalid(`ByteString longer than ${Math.floor(st.limits.maxStringLength / 2)} bytes (${where(tag, at)})`);
      return { tag, type, value: copyOf(st.bytes, start, length) };
    case 'DateTime': {
      const seconds = view.getBigInt64(start);
      if (seconds > MAX_DATE_SECONDS || seconds < -MAX_DATE_SECONDS) throw invalid(`DateTime out of range (${where(tag, at)})`);
      return { tag, type, value: new Date(Number(seconds) * 1000) };
    }
    case 'Interval':
      return { tag, type, value: view.getUint32(start) };
    case 'DateTimeExtended':
      return { tag, type, value: view.getBigInt64(start) };
    default:
      throw invalid(`unknown item type (${where(tag, at)})`);
  }
}

/** True when the bytes are all ASCII, which reads the same as Latin-1 and needs no UTF-8 check. */
function isAscii(bytes: Uint8Array, start: number, length: number): boolean {
  for (let i = start, end = start + length; i < end; i++) if ((bytes[i] as number) > 0x7f) return false;
  return true;
}

/**
 * A plain Uint8Array copy with its own buffer: key bytes must not stay tied to the message buffer
 * (Buffer.slice would share it, and a Buffer may sit in the shared pool).
 */
function copyOf(bytes: Uint8Array, start: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(start, start + length));
  return out;
}

/** A big-endian two's complement integer of `length` bytes. */
function readSignedBig(bytes: Uint8Array, start: number, length: number): bigint {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString('hex');
  return BigInt.asIntN(length * 8, BigInt(`0x${hex}`));
}
