/**
 * Malformed-input generators shared by the TTLV property tests and the live fuzz run: structural
 * mutations of JSON TTLV requests, text and byte damage, and random JSON, all driven by a Chooser
 * so the same code runs under fast-check (fc.gen) and under a seeded PRNG.
 * @module
 */
import { prng } from '../helpers/prng.js';

/** A source of choices: `int(n)` is an integer in [0, n). */
export interface Chooser {
  int(n: number): number;
}

/** A JSON value as JSON.parse builds it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A chooser over the seeded PRNG: the same seed always yields the same run. */
export function seededChooser(seed: number): Chooser {
  const next = prng(seed);
  return { int: (n: number): number => Math.floor(next() * n) };
}

/** One of the items, chosen. */
export function pick<T>(c: Chooser, items: readonly T[]): T {
  const item = items[c.int(items.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

/** The JSON TTLV item types, and near misses of them. */
export const TYPE_NAMES: readonly string[] = [
  'Structure', 'Integer', 'LongInteger', 'BigInteger', 'Enumeration', 'Boolean', 'TextString', 'ByteString', 'DateTime',
  'Interval', 'DateTimeExtended',
];
const NEAR_TYPES: readonly string[] = ['structure', 'INTEGER', 'Text String', '', 'Bytes', 'Struct', 'Date', 'integer ', '\u0000'];

const EDGE_NUMBERS: readonly number[] = [
  0, -1, 1, 2147483647, 2147483648, -2147483648, -2147483649, 4294967295, 4294967296, 9007199254740991, -9007199254740993,
  1.5, -0.5, 1e21, -1e-7, 1.7976931348623157e308,
];

function hexDigits(c: Chooser, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdefABCDEF'.charAt(c.int(22));
  return s;
}

/** Values that sit on or just past the edge of what some TTLV type accepts. */
function edgeString(c: Chooser): string {
  switch (c.int(14)) {
    case 0: return '';
    case 1: return '0x';
    case 2: return `0x${hexDigits(c, c.int(40))}`;
    case 3: return `0X${hexDigits(c, pick(c, [7, 8, 9, 15, 16, 17, 31, 32, 33]))}`;
    case 4: return hexDigits(c, c.int(9) * 2 + 1); // an odd number of hex digits
    case 5: return `${hexDigits(c, 4)}zz`;
    case 6: return pick(c, ['2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999999999Z', '2024-01-01T24:00:00Z', '2024-01-01 00:00:00', '2024-01-01T00:00:00+25:00', '+010000-01-01T00:00:00Z']);
    case 7: return '\u0000\u0001\u001f';
    case 8: return '\ud800'; // a lone surrogate
    case 9: return 'é€😀'.repeat(1 + c.int(8));
    case 10: return 'A'.repeat(c.int(4096));
    case 11: return pick(c, ['Create', 'Destroy', 'Message', 'Items', 'Structure', 'AES', 'SymmetricKey', '__proto__', 'constructor', 'toString']);
    case 12: return String.fromCharCode(...Array.from({ length: c.int(24) }, () => c.int(0x10000)));
    default: return `"}]{[\\${'\\'.repeat(c.int(3))}`;
  }
}

/** A random JSON value, at most `depth` levels of nesting. */
export function randomJson(c: Chooser, depth = 3): Json {
  switch (c.int(depth > 0 ? 9 : 6)) {
    case 0: return null;
    case 1: return c.int(2) === 0;
    case 2: return pick(c, EDGE_NUMBERS);
    case 3: return c.int(2000) - 1000;
    case 4:
    case 5: return edgeString(c);
    case 6:
    case 7: return Array.from({ length: c.int(5) }, () => randomJson(c, depth - 1));
    default: {
      const o: { [key: string]: Json } = {};
      const keys = ['tag', 'type', 'value', 'x', '', '__proto__', 'Tag'];
      for (let i = c.int(5); i > 0; i--) setMember(o, pick(c, keys), randomJson(c, depth - 1));
      return o;
    }
  }
}

/** Sets an own member, even one named `__proto__` (plain assignment would set the prototype). */
function setMember(o: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A place in a JSON tree: read it, overwrite it, or take it out of its parent. */
interface Slot {
  readonly parent: Json[] | { [key: string]: Json } | null;
  readonly key: string | number;
  get(): Json;
  set(v: Json): void;
  remove(): void;
}

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function slots(root: { value: Json }): Slot[] {
  const out: Slot[] = [];
  const walk = (parent: Json[] | { [key: string]: Json } | null, key: string | number, get: () => Json, set: (v: Json) => void, remove: () => void): void => {
    out.push({ parent, key, get, set, remove });
    const v = get();
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        walk(v, i, () => v[i] ?? null, (x) => { v[i] = x; }, () => { v.splice(i, 1); });
      }
    } else if (isObject(v)) {
      for (const k of Object.keys(v)) {
        walk(v, k, () => v[k] ?? null, (x) => { v[k] = x; }, () => { Reflect.deleteProperty(v, k); });
      }
    }
  };
  walk(null, 'root', () => root.value, (x) => { root.value = x; }, () => { root.value = null; });
  return out;
}

function nodeSlots(all: readonly Slot[]): Slot[] {
  return all.filter((s) => isObject(s.get()));
}

function deepNest(node: Json, levels: number): Json {
  let out = node;
  for (let i = 0; i < levels; i++) out = { tag: 'Nest', type: 'Structure', value: [out] };
  return out;
}

/**
 * One structural mutation of a JSON TTLV tree (the tree is changed in place and returned): a value,
 * type or tag swapped for a wrong or edge one, a member or child added, dropped or repeated, a
 * subtree moved, or a nesting/width blow-up. `tags` are names to swap in (real KMIP tags).
 */
export function mutateTree(tree: Json, c: Chooser, tags: readonly string[]): Json {
  const holder = { value: tree };
  const all = slots(holder);
  const nodes = nodeSlots(all);
  const any = pick(c, all);
  const node = nodes.length > 0 ? pick(c, nodes) : any;
  const obj = node.get();
  switch (c.int(12)) {
    case 0:
      if (isObject(obj)) obj['value'] = randomJson(c);
      break;
    case 1:
      if (isObject(obj)) obj['type'] = c.int(3) === 0 ? randomJson(c, 1) : pick(c, c.int(2) === 0 ? TYPE_NAMES : NEAR_TYPES);
      break;
    case 2:
      if (isObject(obj)) obj['tag'] = c.int(4) === 0 ? randomJson(c, 1) : pick(c, tags);
      break;
    case 3:
      if (isObject(obj)) Reflect.deleteProperty(obj, pick(c, ['tag', 'type', 'value']));
      break;
    case 4:
      if (isObject(obj)) setMember(obj, pick(c, ['extra', 'Tag', 'VALUE', '__proto__', 'tag ']), randomJson(c, 1));
      break;
    case 5: {
      const arrays = all.filter((s) => Array.isArray(s.get()));
      const a = arrays.length > 0 ? pick(c, arrays).get() : null;
      if (Array.isArray(a) && a.length > 0) {
        const i = c.int(a.length);
        if (c.int(2) === 0) a.splice(i, 1);
        else a.splice(i, 0, structuredClone(a[i] ?? null));
      }
      break;
    }
    case 6:
      // A subtree moved over another: right shapes in wrong places.
      any.set(structuredClone(pick(c, all).get()));
      break;
    case 7:
      any.set(randomJson(c));
      break;
    case 8:
      if (isObject(obj)) obj['value'] = edgeValue(c);
      break;
    case 9:
      node.set(deepNest(obj, pick(c, [8, 63, 64, 65, 200])));
      break;
    case 10:
      if (isObject(obj)) obj['value'] = Array.from({ length: pick(c, [0, 1, 100, 3000]) }, () => ({ tag: pick(c, tags), type: 'Integer', value: 1 }));
      break;
    default:
      any.remove();
      break;
  }
  return holder.value;
}

function edgeValue(c: Chooser): Json {
  return c.int(2) === 0 ? pick(c, EDGE_NUMBERS) : edgeString(c);
}

/** The text with one kind of damage: cut, spliced, repeated, wrapped or padded. */
export function damageText(text: string, c: Chooser): string {
  const at = c.int(text.length + 1);
  const to = at + c.int(Math.max(1, text.length - at));
  switch (c.int(10)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + pick(c, ['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'null', '1e999', '-', 'tru']) + text.slice(at);
    case 2: return text.slice(0, at) + text.slice(to);
    case 3: return text.slice(0, to) + text.slice(at);
    case 4: return `\ufeff${text}`;
    case 5: return `${text}${pick(c, [' ', '\n', 'x', '{}', ',', ']'])}`;
    case 6: return `[${text}]`;
    case 7: return text.replace('"type":', pick(c, ['"type":"Integer","type":', '"tag":"Dup","type":', '"value":1,"type":']));
    case 8: return text.slice(0, at) + edgeString(c) + text.slice(at);
    default: return text.replace(/"value":(\d+)/, `"value":${pick(c, ['1e400', '-0', '0.1', '00', '1_0', 'NaN', '0x10'])}`);
  }
}

/** Random bytes, of length at most `max`. */
export function randomBytes(c: Chooser, max: number): Uint8Array {
  const out = new Uint8Array(c.int(max + 1));
  for (let i = 0; i < out.length; i++) out[i] = c.int(256);
  return out;
}

/** UTF-8 of the text with a few bytes made invalid UTF-8 (a stray continuation, an overlong form, 0xFF). */
export function breakUtf8(text: string, c: Chooser): Uint8Array {
  const bytes = Buffer.from(text, 'utf8');
  const bad = pick(c, [[0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]);
  const at = c.int(bytes.length + 1);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
}

/**
 * A malformed request body derived from a valid JSON TTLV request: 1 to 3 structural mutations,
 * text damage, broken UTF-8, or garbage. The result may by chance still be a valid request.
 */
export function malformedBody(seedJson: string, c: Chooser, tags: readonly string[]): string | Uint8Array {
  switch (c.int(8)) {
    case 0:
    case 1:
    case 2: {
      let tree = JSON.parse(seedJson) as Json;
      for (let i = 1 + c.int(3); i > 0; i--) tree = mutateTree(tree, c, tags);
      return JSON.stringify(tree);
    }
    case 3:
    case 4: return damageText(seedJson, c);
    case 5: return breakUtf8(seedJson, c);
    case 6: return JSON.stringify(randomJson(c, 4));
    default: return randomBytes(c, 512);
  }
}

/** Names of every tag in a JSON TTLV tree (a vocabulary for mutateTree). */
export function tagsOf(tree: Json, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(tree)) for (const x of tree) tagsOf(x, into);
  else if (isObject(tree)) {
    const tag = tree['tag'];
    if (typeof tag === 'string') into.add(tag);
    for (const v of Object.values(tree)) tagsOf(v, into);
  }
  return into;
}
