/**
 * Constructors for TTLV nodes, so response encoders read like the wire form they produce.
 * @module
 */
import type { TtlvNode, TtlvNodeOf } from './node.js';

/** A Structure; undefined children are dropped (optional fields). */
export function struct(tag: string, children: readonly (TtlvNode | undefined)[]): TtlvNodeOf<'Structure'> {
  return { tag, type: 'Structure', value: children.filter((c): c is TtlvNode => c !== undefined) };
}

/** A TextString. */
export function text(tag: string, value: string): TtlvNodeOf<'TextString'> {
  return { tag, type: 'TextString', value };
}

/** An Integer. */
export function int(tag: string, value: number): TtlvNodeOf<'Integer'> {
  return { tag, type: 'Integer', value };
}

/** A LongInteger. */
export function long(tag: string, value: bigint): TtlvNodeOf<'LongInteger'> {
  return { tag, type: 'LongInteger', value };
}

/** An Enumeration given by name. */
export function enumeration(tag: string, value: string): TtlvNodeOf<'Enumeration'> {
  return { tag, type: 'Enumeration', value };
}

/** A ByteString. */
export function bytes(tag: string, value: Uint8Array): TtlvNodeOf<'ByteString'> {
  return { tag, type: 'ByteString', value };
}

/** A Boolean. */
export function bool(tag: string, value: boolean): TtlvNodeOf<'Boolean'> {
  return { tag, type: 'Boolean', value };
}

/** A Cosmian list field: a Structure tagged `tag` holding the items (omitted when empty). */
export function list(tag: string, items: readonly TtlvNode[]): TtlvNodeOf<'Structure'> | undefined {
  return items.length === 0 ? undefined : { tag, type: 'Structure', value: items };
}

/** Present only when the value is. */
export function opt<T, N extends TtlvNode>(value: T | undefined, make: (v: T) => N): N | undefined {
  return value === undefined ? undefined : make(value);
}
