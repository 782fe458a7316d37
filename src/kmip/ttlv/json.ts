/**
 * JSON TTLV exactly as Cosmian KMS 4.19.3 reads and writes it: `{"tag","type","value"}` nodes with
 * hex long/big integers and byte strings, RFC 3339 dates, and a missing type meaning Structure.
 * @module
 */

import { KmipError } from '../kmip-error.js';
import { shown } from '../client-text.js';
import {
  bytesFromHex, hexDigitsAfterPrefix, hexFromBytes, hexFromSigned, hexFromUnsigned, signedFromHex, unsignedFromHex,
} from './hex.js';
import { DEFAULT_TTLV_LIMITS, tooManyValues } from './limits.js';
import type { TtlvLimits } from './limits.js';
import type { TtlvNode } from './node.js';

export { DEFAULT_TTLV_LIMITS } from './limits.js';
export type { TtlvLimits } from './limits.js';

/** Decoder progress; `path` holds the tags from the root down, read only to word an error. */
interface DecodeState { readonly limits: TtlvLimits; readonly path: string[]; nodes: number }

/** Parses JSON TTLV text into a tree: bad JSON or limits → Invalid_Message, bad nodes → Codec_Error. */
export function parseJsonTtlv(text: string, limits: TtlvLimits = DEFAULT_TTLV_LIMITS): TtlvNode {
  if (tooManyValues(text, limits)) throw new KmipError('Invalid_Message', `the request holds more than ${limits.maxNodes} TTLV items`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // V8's own message quotes the input around the error, which may be key material.
    throw new KmipError('Invalid_Message', describeSyntaxError(text));
  }
  return decodeTtlv(value, limits);
}

/** Decodes an already-parsed JSON value into a tree, with the same errors as parseJsonTtlv. */
export function decodeTtlv(value: unknown, limits: TtlvLimits = DEFAULT_TTLV_LIMITS): TtlvNode {
  return decodeNode(value, 1, -1, { limits, path: [], nodes: 0 });
}

function decodeNode(raw: unknown, depth: number, index: number, st: DecodeState): TtlvNode {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw codecError(st, `${itemName(index)} is not a TTLV node object`);
  }
  if (++st.nodes > st.limits.maxNodes) throw tooManyNodes(st);
  if (depth > st.limits.maxDepth) {
    throw new KmipError('Invalid_Message', `TTLV nesting exceeds ${st.limits.maxDepth} levels at ${pathText(st.path)}`);
  }
  const obj = raw as Readonly<Record<string, unknown>>;
  for (const key in obj) {
    if (key !== 'tag' && key !== 'type' && key !== 'value') {
      throw codecError(st, `${itemName(index)} has an unexpected member "${shown(key)}"`);
    }
  }
  const tag = obj.tag;
  if (typeof tag !== 'string' || tag.length === 0) {
    throw codecError(st, `${itemName(index)} has no tag (a non-empty string)`);
  }
  if (tag.length > st.limits.maxStringLength) throw tooLong(st, `the tag of ${itemName(index)}`);
  st.path.push(tag);
  const type = obj.type === undefined ? 'Structure' : obj.type;
  if (typeof type !== 'string') throw codecError(st, 'type is not a string');
  const node = decodeValue(tag, type, obj.value, depth, st);
  st.path.pop();
  return node;
}

function decodeValue(tag: string, type: string, value: unknown, depth: number, st: DecodeState): TtlvNode {
  if (value === undefined) throw codecError(st, `${shown(type)} has no value`);
  if (typeof value === 'string' && value.length > st.limits.maxStringLength) throw tooLong(st, 'its value');
  switch (type) {
    case 'Structure': {
      if (!Array.isArray(value)) throw badValue(st, type, 'is not an array of nodes');
      const items: readonly unknown[] = value;
      if (st.nodes + items.length > st.limits.maxNodes) throw tooManyNodes(st);
      const children: TtlvNode[] = [];
      let i = 0;
      for (const child of items) children.push(decodeNode(child, depth + 1, i++, st));
      return { tag, type: 'Structure', value: children };
    }
    case 'Integer': {
      if (typeof value === 'number') {
        if ((value | 0) !== value) throw badValue(st, type, 'is not an integer in the signed 32-bit range');
        return { tag, type: 'Integer', value };
      }
      const digits = typeof value === 'string' ? hexDigitsAfterPrefix(value, 8) : undefined;
      if (digits === undefined) throw badValue(st, type, 'is neither a 32-bit integer nor "0x" and 8 hex digits');
      // A mask becomes the signed 32-bit number with the same bits, which is what Integer holds.
      return { tag, type: 'Integer', value: Number.parseInt(digits, 16) | 0 };
    }
    case 'LongInteger': {
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value)) throw badValue(st, type, 'is a number but not a safe integer');
        return { tag, type: 'LongInteger', value: BigInt(value) };
      }
      const digits = typeof value === 'string' ? hexDigitsAfterPrefix(value, 16) : undefined;
      if (digits === undefined) throw badValue(st, type, 'is not "0x" and 16 hex digits (8 bytes)');
      return { tag, type: 'LongInteger', value: signedFromHex(digits, 64) };
    }
    case 'BigInteger': {
      const digits = typeof value === 'string' ? hexDigitsAfterPrefix(value) : undefined;
      if (digits === undefined) throw badValue(st, type, 'is not "0x" and hex digits');
      return { tag, type: 'BigInteger', value: unsignedFromHex(digits) };
    }
    case 'Enumeration': {
      if (typeof value === 'string') {
        const digits = hexDigitsAfterPrefix(value);
        const numeric = digits !== undefined && digits.length > 0 && digits.length <= 8;
        return { tag, type: 'Enumeration', value: numeric ? Number.parseInt(digits, 16) : value };
      }
      if (typeof value === 'number' && value >>> 0 === value) return { tag, type: 'Enumeration', value };
      throw badValue(st, type, 'is neither a name nor an unsigned 32-bit integer');
    }
    case 'Boolean':
      if (typeof value !== 'boolean') throw badValue(st, type, 'is not true or false');
      return { tag, type: 'Boolean', value };
    case 'TextString':
      if (typeof value !== 'string') throw badValue(st, type, 'is not a string');
      return { tag, type: 'TextString', value };
    case 'ByteString': {
      const bytes = typeof value === 'string' ? bytesFromHex(value) : undefined;
      if (bytes === undefined) throw badValue(st, type, 'is not a string of hex digit pairs');
      return { tag, type: 'ByteString', value: bytes };
    }
    case 'DateTime': {
      const date = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (date === undefined) throw badValue(st, type, 'is not a valid RFC 3339 date-time');
      return { tag, type: 'DateTime', value: date };
    }
    case 'Interval':
      if (typeof value !== 'number' || value >>> 0 !== value) throw badValue(st, type, 'is not an unsigned 32-bit integer');
      return { tag, type: 'Interval', value };
    case 'DateTimeExtended': {
      const digits = typeof value === 'string' ? hexDigitsAfterPrefix(value, 32) : undefined;
      if (digits === undefined) throw badValue(st, type, 'is not "0x" and 32 hex digits (16 bytes)');
      return { tag, type: 'DateTimeExtended', value: signedFromHex(digits, 128) };
    }
    default:
      throw codecError(st, `unknown type "${shown(type)}"`);
  }
}

/** Writes a tree as compact JSON TTLV, byte for byte as Cosmian does (keys tag, type, value). */
export function encodeJsonTtlv(node: TtlvNode): string {
  const text = valueText(node);
  if (text === undefined) {
    throw new KmipError('Codec_Error', `Cannot encode TTLV ${shown(node.tag)}: not a valid ${shown(node.type)}`);
  }
  return `{"tag":${JSON.stringify(node.tag)},"type":"${node.type}","value":${text}}`;
}

const HEX_UPPER = Uint8Array.from('0123456789ABCDEF', (c) => c.charCodeAt(0));
// Byte strings below this size are hex-encoded into the text as encodeJsonTtlv does.
const DIRECT_HEX_BYTES = 1024;

/**
 * The same text as encodeJsonTtlv, as UTF-8 bytes: large byte strings are written as hex straight
 * into a buffer of its own, so a large response never exists as one big string first.
 */
export function encodeJsonTtlvBytes(node: TtlvNode): Uint8Array {
  const parts: (string | Uint8Array)[] = [];
  const text = collectParts(node, parts, '');
  // No large byte string: the usual small answer, for which Buffer's pool is cheapest.
  if (parts.length === 0) return Buffer.from(text, 'utf8');
  parts.push(text);
  let size = 0;
  for (const p of parts) size += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : 2 * p.length;
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const p of parts) {
    if (typeof p === 'string') {
      at += out.write(p, at, 'utf8');
      continue;
    }
    for (let i = 0; i < p.length; i++) {
      const b = p[i] as number;
      out[at++] = HEX_UPPER[b >>> 4] as number;
      out[at++] = HEX_UPPER[b & 15] as number;
    }
  }
  return out;
}

/**
 * Appends the node's JSON to `text`; a large byte string closes the text so far into `parts` and
 * goes there as bytes. Returns the text not yet in `parts`.
 */
function collectParts(node: TtlvNode, parts: (string | Uint8Array)[], text: string): string {
  let t = `${text}{"tag":${JSON.stringify(node.tag)},"type":"${node.type}","value":`;
  if (node.type === 'Structure' && Array.isArray(node.value)) {
    const children: readonly TtlvNode[] = node.value;
    t += '[';
    for (let i = 0; i < children.length; i++) t = collectParts(children[i] as TtlvNode, parts, i > 0 ? `${t},` : t);
    return `${t}]}`;
  }
  if (node.type === 'ByteString' && node.value instanceof Uint8Array && node.value.length >= DIRECT_HEX_BYTES) {
    parts.push(`${t}"`, node.value);
    return '"}';
  }
  const value = valueText(node);
  if (value === undefined) {
    throw new KmipError('Codec_Error', `Cannot encode TTLV ${shown(node.tag)}: not a valid ${shown(node.type)}`);
  }
  return `${t}${value}}`;
}

/** The JSON text of a node's value, or undefined when the value does not fit the type. */
function valueText(node: TtlvNode): string | undefined {
  // Checked at run time too: a NaN, an out-of-range bigint or a bad Date must not reach the wire.
  const v: unknown = node.value;
  switch (node.type) {
    case 'Structure':
      return Array.isArray(v) ? `[${node.value.map((child) => encodeJsonTtlv(child)).join(',')}]` : undefined;
    case 'Integer':
      return typeof v === 'number' && (v | 0) === v ? String(v) : undefined;
    case 'Interval':
      return typeof v === 'number' && v >>> 0 === v ? String(v) : undefined;
    case 'LongInteger':
      return typeof v === 'bigint' ? quoteHex(hexFromSigned(v, 64)) : undefined;
    case 'DateTimeExtended':
      return typeof v === 'bigint' ? quoteHex(hexFromSigned(v, 128)) : undefined;
    case 'BigInteger':
      return typeof v === 'bigint' ? quoteHex(hexFromUnsigned(v)) : undefined;
    case 'Enumeration':
      if (typeof v === 'number') return v >>> 0 === v ? String(v) : undefined;
      return typeof v === 'string' ? JSON.stringify(v) : undefined;
    case 'Boolean':
      return typeof v === 'boolean' ? String(v) : undefined;
    case 'TextString':
      return typeof v === 'string' ? JSON.stringify(v) : undefined;
    case 'ByteString':
      return v instanceof Uint8Array ? `"${hexFromBytes(v)}"` : undefined;
    case 'DateTime': {
      const text = v instanceof Date ? formatDateTime(v) : undefined;
      return text === undefined ? undefined : `"${text}"`;
    }
    default:
      return undefined;
  }
}

function quoteHex(hex: string | undefined): string | undefined {
  return hex === undefined ? undefined : `"0x${hex}"`;
}

const RFC3339 =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d+))?(?:[Zz]|([+-])([01]\d|2[0-3]):([0-5]\d))$/;

/** RFC 3339 to Date (digits past milliseconds dropped); undefined for bad syntax or an impossible day. */
function parseDateTime(text: string): Date | undefined {
  const m = RFC3339.exec(text);
  if (m === null) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map(Number);
  const offset = m[8] === undefined ? 0 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are.
  date.setUTCFullYear(year, month - 1, day);
  // A day past the month's end (2024-02-30) rolls over into the next month: reject it.
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute - offset, second, Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)));
  return date;
}

/** Date to `YYYY-MM-DDTHH:MM:SS[.sss]Z`; undefined when invalid or outside years 0000-9999. */
function formatDateTime(date: Date): string | undefined {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) return undefined;
  const iso = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? `${iso.slice(0, 19)}Z` : iso;
}

/** Says where JSON text stops being valid, without quoting any of it. */
function describeSyntaxError(text: string): string {
  let at = -1;
  try {
    at = syntaxErrorOffset(text);
  } catch {
    // A regex stack overflow on a huge string token: fall through to the bare message.
  }
  if (at < 0) return 'Invalid JSON';
  if (at >= text.length) return `Invalid JSON: unexpected end of input at offset ${at}`;
  const lines = text.slice(0, at).split('\n');
  const column = (lines.at(-1)?.length ?? 0) + 1;
  return `Invalid JSON: unexpected character at line ${lines.length}, column ${column} (offset ${at})`;
}

const JSON_SPACE = /[ \t\n\r]*/y;
const JSON_TOKEN =
  /[ \t\n\r]*([{}[\]:,]|"(?:[^"\\\x00-\x1f]+|\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4}))*("?)|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/y;

/** Offset of the first JSON syntax error (text.length when the text ends early), or -1 when there is none. */
function syntaxErrorOffset(s: string): number {
  const closers: string[] = [];
  let state: 'value' | 'key' | 'colon' | 'after' = 'value';
  let justOpened = false;
  for (let i = 0; ; ) {
    JSON_TOKEN.lastIndex = i;
    const match = JSON_TOKEN.exec(s);
    const token = match?.[1];
    if (token === undefined) {
      JSON_SPACE.lastIndex = i;
      JSON_SPACE.test(s);
      const end = JSON_SPACE.lastIndex === s.length;
      return end && state === 'after' && closers.length === 0 ? -1 : JSON_SPACE.lastIndex;
    }
    const start = JSON_TOKEN.lastIndex - token.length;
    i = JSON_TOKEN.lastIndex;
    const closer = closers.at(-1);
    const scalar = !'{}[]:,'.includes(token.charAt(0));
    if (justOpened && token === closer) closers.pop();
    else if (state === 'value' && (token === '{' || token === '[')) closers.push(token === '{' ? '}' : ']');
    else if (state === 'value' && scalar) state = 'after';
    else if (state === 'key' && token.startsWith('"')) state = 'colon';
    else if (state === 'colon' && token === ':') state = 'value';
    else if (state === 'after' && token === ',' && closer !== undefined) state = closer === '}' ? 'key' : 'value';
    else if (state === 'after' && token === closer) closers.pop();
    else return start;
    // A string without its closing quote stops at the bad escape, control character or end of text.
    if (match?.[2] === '') return JSON_TOKEN.lastIndex;
    justOpened = token === '{' || token === '[';
    if (justOpened) state = token === '{' ? 'key' : 'value';
    else if (token === '}' || token === ']') state = 'after';
  }
}

function tooManyNodes(st: DecodeState): KmipError {
  return new KmipError('Invalid_Message', `TTLV message has more than ${st.limits.maxNodes} nodes`);
}

function tooLong(st: DecodeState, what: string): KmipError {
  const where = `TTLV ${pathText(st.path)}`;
  return new KmipError('Invalid_Message', `${where}: ${what} is longer than ${st.limits.maxStringLength} characters`);
}

function badValue(st: DecodeState, type: string, problem: string): KmipError {
  // Names the tag and type only: the value may be key material.
  return codecError(st, `${type} value ${problem}`);
}

function codecError(st: DecodeState, problem: string): KmipError {
  return new KmipError('Codec_Error', `TTLV ${pathText(st.path)}: ${problem}`);
}

function itemName(index: number): string {
  return index < 0 ? 'the root' : `item ${index}`;
}

// Deeper paths are shortened, so a message stays short whatever a client nests (64 levels of 64-character tags would be 4 KiB).
const PATH_SHOWN = 6;

/** The tags from the root, bounded however deep the tree: the first two and last three around a count of the rest. */
function pathText(path: readonly string[]): string {
  if (path.length === 0) return '(root)';
  if (path.length <= PATH_SHOWN) return path.map(shown).join('/');
  return [...path.slice(0, 2), `…${path.length - 5} more…`, ...path.slice(-3)].map(shown).join('/');
}

