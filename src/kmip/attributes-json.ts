/**
 * Attributes in the plain JSON form Cosmian's REST endpoints use (`/access/owned`): PascalCase keys,
 * enumeration names, bytes as arrays of numbers. Lists (vendor attributes, links) become arrays.
 * @module
 */
import type { AttributeList } from './attributes.js';
import type { TtlvNode } from './ttlv/node.js';

/** A JSON value. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

const LIST_TAGS = new Set(['VendorAttributes', 'VendorAttribute', 'Link', 'Name', 'ObjectGroup']);

function scalar(n: TtlvNode): Json {
  switch (n.type) {
    case 'Structure':
      return structure(n.value);
    case 'ByteString':
      return Array.from(n.value);
    case 'LongInteger':
    case 'BigInteger':
    case 'DateTimeExtended':
      return n.value >= BigInt(Number.MIN_SAFE_INTEGER) && n.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n.value) : n.value.toString();
    case 'DateTime':
      return n.value.toISOString();
    case 'Integer':
    case 'Interval':
    case 'Enumeration':
    case 'Boolean':
    case 'TextString':
      return n.value;
  }
}

function structure(children: readonly TtlvNode[]): Json {
  // No prototype: an attribute tagged "__proto__" or "toString" is a member like any other, not
  // Object.prototype's setter or method.
  const out = Object.create(null) as Record<string, Json>;
  for (const c of children) {
    if (LIST_TAGS.has(c.tag)) {
      const items = c.type === 'Structure' && c.value.every((x) => x.tag === c.tag) ? c.value : [c];
      const prev = out[c.tag];
      out[c.tag] = [...(Array.isArray(prev) ? prev : []), ...items.map((i) => (i.type === 'Structure' ? structure(i.value) : scalar(i)))];
    } else {
      out[c.tag] = scalar(c);
    }
  }
  return out;
}

/** The JSON object for an attribute list. */
export function attributesToJson(attrs: AttributeList): Json {
  return structure(attrs);
}
