/**
 * Writer of binary TTLV: one pass sizes and checks every node, a second writes them into a single
 * buffer of exactly that size. A node that cannot be encoded (unknown tag, enumeration name the
 * tag does not have, number out of range) is refused with Codec_Error, before anything is written.
 * @module
 */
import { Buffer } from 'node:buffer';
import { KmipError } from '../kmip-error.js';
import { shown } from '../client-text.js';
import { TYPE_CODES } from './binary-read.js';
import { enumValueOf } from './enum-table.js';
import type { TtlvNode } from './node.js';
import { tagNumberOf } from './tag-table.js';

/**
 * What the sizing pass learnt, in node order, for the writing pass: each node's tag number and
 * value length, and the prepared value of nodes that need one (enumeration numbers, BigInteger bytes).
 */
interface Plan {
  readonly tags: number[];
  readonly lengths: number[];
  readonly prepared: (number | Uint8Array)[];
}

// Paired surrogates form one code point under the u flag, so this finds only unpaired ones.
const LONE_SURROGATE = /\p{Cs}/u;

/** Encodes a tree as binary TTLV bytes (a fresh buffer of exactly the message's size). */
export function encodeBinaryTtlv(node: TtlvNode): Uint8Array {
  const plan: Plan = { tags: [], lengths: [], prepared: [] };
  const size = measure(node, plan);
  const out = new Uint8Array(size);
  const w: Writer = { out, buf: Buffer.from(out.buffer, out.byteOffset, out.byteLength), view: new DataView(out.buffer), plan, index: 0, prepared: 0 };
  write(w, node, 0);
  return out;
}

function refuse(node: TtlvNode, why: string): KmipError {
  // Checked at run time: a tree built from client JSON has been validated, but not by the type system.
  const tag: unknown = node.tag;
  return new KmipError('Codec_Error', `Cannot encode TTLV ${typeof tag === 'string' ? shown(tag) : 'node without a tag'}: ${why}`);
}

/** Checks a node, records its plan entries, and returns its encoded size (header and padding included). */
function measure(node: TtlvNode, plan: Plan): number {
  const tag = typeof node.tag === 'string' ? tagNumberOf(node.tag) : undefined;
  if (tag === undefined) throw refuse(node, 'not a KMIP tag name or 0x and six hex digits');
  const slot = plan.lengths.length;
  plan.tags.push(tag);
  plan.lengths.push(0);
  const length = valueLength(node, plan);
  plan.lengths[slot] = length;
  return 8 + Math.ceil(length / 8) * 8;
}

function valueLength(node: TtlvNode, plan: Plan): number {
  const v: unknown = node.value;
  switch (node.type) {
    case 'Structure': {
      if (!Array.isArray(v)) throw refuse(node, 'a Structure holds an array of nodes');
      let total = 0;
      for (const child of node.value) total += measure(child, plan);
      return total;
    }
    case 'Integer':
      if (typeof v !== 'number' || (v | 0) !== v) throw refuse(node, 'an Integer is a signed 32-bit integer');
      return 4;
    case 'Interval':
      if (typeof v !== 'number' || v >>> 0 !== v) throw refuse(node, 'an Interval is an unsigned 32-bit integer');
      return 4;
    case 'LongInteger':
    case 'DateTimeExtended':
      if (typeof v !== 'bigint' || BigInt.asIntN(64, v) !== v) throw refuse(node, `a ${node.type} is a signed 64-bit integer`);
      return 8;
    case 'BigInteger': {
      if (typeof v !== 'bigint') throw refuse(node, 'a BigInteger is a bigint');
      const bytes = bigBytes(v);
      plan.prepared.push(bytes);
      return bytes.length;
    }
    case 'Enumeration': {
      const value = typeof v === 'string' ? enumValueOf(node.tag, v) : v;
      if (typeof value !== 'number' || value >>> 0 !== value) {
        throw refuse(node, typeof v === 'string' ? `${shown(v)} is not a value of this enumeration` : 'an Enumeration is an unsigned 32-bit integer or a name');
      }
      plan.prepared.push(value);
      return 4;
    }
    case 'Boolean':
      if (typeof v !== 'boolean') throw refuse(node, 'a Boolean is true or false');
      return 8;
    case 'TextString':
      if (typeof v !== 'string') throw refuse(node, 'a TextString is a string');
      if (LONE_SURROGATE.test(v)) throw refuse(node, 'a TextString must not hold an unpaired surrogate');
      return Buffer.byteLength(v, 'utf8');
    case 'ByteString':
      if (!(v instanceof Uint8Array)) throw refuse(node, 'a ByteString is a Uint8Array');
      return v.length;
    case 'DateTime': {
      const ms = v instanceof Date ? v.getTime() : Number.NaN;
      if (Number.isNaN(ms)) throw refuse(node, 'a DateTime is a valid Date');
      return 8;
    }
    default:
      throw refuse(node, 'unknown item type');
  }
}

/** The shortest big-endian two's complement form of v, in a multiple of 8 bytes. */
function bigBytes(v: bigint): Uint8Array {
  const magnitude = v < 0n ? -v : v;
  // Hex digits of the magnitude plus a sign bit, rounded up to 8 bytes, then shrunk while it still fits.
  let bytes = Math.ceil((magnitude.toString(16).length * 4 + 1) / 64) * 8;
  while (bytes > 8 && BigInt.asIntN((bytes - 8) * 8, v) === v) bytes -= 8;
  const hex = BigInt.asUintN(bytes * 8, v).toString(16).padStart(bytes * 2, '0');
  const out = new Uint8Array(bytes);
  Buffer.from(out.buffer).write(hex, 'hex');
  return out;
}

interface Writer {
  readonly out: Uint8Array;
  readonly buf: Buffer;
  readonly view: DataView;
  readonly plan: Plan;
  index: number;
  prepared: number;
}

/** Writes a node measured earlier at `at`; returns the offset after it. Padding stays zero. */
function write(w: Writer, node: TtlvNode, at: number): number {
  const { view, plan } = w;
  const i = w.index++;
  const tag = plan.tags[i] as number;
  const length = plan.lengths[i] as number;
  view.setUint16(at, tag >>> 8);
  view.setUint8(at + 2, tag & 0xff);
  view.setUint8(at + 3, TYPE_CODES[node.type]);
  view.setUint32(at + 4, length);
  const start = at + 8;
  switch (node.type) {
    case 'Structure': {
      let pos = start;
      for (const child of node.value) pos = write(w, child, pos);
      break;
    }
    case 'Integer':
      view.setInt32(start, node.value);
      break;
    case 'Interval':
      view.setUint32(start, node.value);
      break;
    case 'LongInteger':
    case 'DateTimeExtended':
      view.setBigInt64(start, node.value);
      break;
    case 'BigInteger':
      w.out.set(plan.prepared[w.prepared++] as Uint8Array, start);
      break;
    case 'Enumeration':
      view.setUint32(start, plan.prepared[w.prepared++] as number);
      break;
    case 'Boolean':
      view.setUint32(start + 4, node.value ? 1 : 0);
      break;
    case 'TextString':
      w.buf.write(node.value, start, length, 'utf8');
      break;
    case 'ByteString':
      w.out.set(node.value, start);
      break;
    case 'DateTime':
      view.setBigInt64(start, BigInt(Math.floor(node.value.getTime() / 1000)));
      break;
  }
  return start + Math.ceil(length / 8) * 8;
}
