/**
 * Typed readers over a decoded TTLV tree. Each one names the tag it wanted when the input is
 * wrong, so a client learns what to fix; none echoes a value.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { shown } from '../client-text.js';
import type { TtlvNode, TtlvNodeOf, TtlvStructure, TtlvType } from './node.js';

/** Asserts a node is a Structure. */
export function asStructure(node: TtlvNode, context: string): TtlvStructure {
  if (node.type !== 'Structure') throw new KmipError('Invalid_Message', `${context}: ${shown(node.tag)} must be a Structure, got ${node.type}`);
  return node;
}

/** The first child with the tag, if any. */
export function child(s: TtlvStructure, tag: string): TtlvNode | undefined {
  for (const c of s.value) if (c.tag === tag) return c;
  return undefined;
}

/** Every child with the tag, in order. */
export function childrenNamed(s: TtlvStructure, tag: string): TtlvNode[] {
  return s.value.filter((c) => c.tag === tag);
}

function typed<T extends TtlvType>(s: TtlvStructure, tag: string, type: T): TtlvNodeOf<T> | undefined {
  const c = child(s, tag);
  if (c === undefined) return undefined;
  if (c.type !== type) throw new KmipError('Invalid_Message', `${s.tag}: ${tag} must be of type ${type}, got ${c.type}`);
  return c as TtlvNodeOf<T>;
}

function required<T>(s: TtlvStructure, tag: string, v: T | undefined): T {
  if (v === undefined) throw new KmipError('Invalid_Message', `${s.tag}: ${tag} is required`);
  return v;
}

/** Optional TextString child. */
export function optText(s: TtlvStructure, tag: string): string | undefined {
  return typed(s, tag, 'TextString')?.value;
}

/** Required TextString child. */
export function reqText(s: TtlvStructure, tag: string): string {
  return required(s, tag, optText(s, tag));
}

/** Optional Integer child. */
export function optInt(s: TtlvStructure, tag: string): number | undefined {
  return typed(s, tag, 'Integer')?.value;
}

/** Optional LongInteger child. */
export function optLong(s: TtlvStructure, tag: string): bigint | undefined {
  return typed(s, tag, 'LongInteger')?.value;
}

/** Optional Boolean child. */
export function optBool(s: TtlvStructure, tag: string): boolean | undefined {
  return typed(s, tag, 'Boolean')?.value;
}

/** Optional ByteString child. */
export function optBytes(s: TtlvStructure, tag: string): Uint8Array | undefined {
  return typed(s, tag, 'ByteString')?.value;
}

/** Required ByteString child. */
export function reqBytes(s: TtlvStructure, tag: string): Uint8Array {
  return required(s, tag, optBytes(s, tag));
}

/** Optional Structure child. */
export function optStruct(s: TtlvStructure, tag: string): TtlvStructure | undefined {
  return typed(s, tag, 'Structure');
}

/** Required Structure child. */
export function reqStruct(s: TtlvStructure, tag: string): TtlvStructure {
  return required(s, tag, optStruct(s, tag));
}

/** Optional Enumeration child, checked against the allowed names (numbers are refused, as Cosmian does). */
export function optEnum<T extends string>(s: TtlvStructure, tag: string, allowed: readonly T[]): T | undefined {
  const c = typed(s, tag, 'Enumeration');
  if (c === undefined) return undefined;
  if (typeof c.value === 'number') throw new KmipError('Invalid_Message', `${s.tag}: ${tag} must be given by name, not by number`);
  const name = c.value;
  if (!(allowed as readonly string[]).includes(name)) {
    // Clipped: the message must not hand a client back an arbitrarily large value.
    throw new KmipError('Invalid_Field', `${s.tag}: ${tag} "${shown(name)}" is not one of ${allowed.join(', ')}`);
  }
  return name as T;
}

/** Required Enumeration child. */
export function reqEnum<T extends string>(s: TtlvStructure, tag: string, allowed: readonly T[]): T {
  return required(s, tag, optEnum(s, tag, allowed));
}

/** Items of a Cosmian list field: a Structure tagged `tag` whose children all carry `tag`; plain repeated children are accepted too. */
export function listItems(s: TtlvStructure, tag: string): TtlvNode[] {
  const out: TtlvNode[] = [];
  for (const c of childrenNamed(s, tag)) {
    // An empty Structure is an empty list (Cosmian writes empty lists that way), not one empty item.
    if (c.type === 'Structure' && c.value.every((x) => x.tag === tag)) out.push(...c.value);
    else out.push(c);
  }
  return out;
}

/** Checks the root tag of a response payload (a client must not read one answer as another). */
export function expectTag(s: TtlvStructure, tag: string): TtlvStructure {
  if (s.tag !== tag) throw new KmipError('Invalid_Message', `expected ${tag}, got ${shown(s.tag)}`);
  return s;
}

/** Required Integer child. */
export function reqInt(s: TtlvStructure, tag: string): number {
  return required(s, tag, optInt(s, tag));
}

/** Every TextString item of a list field (Cosmian list form or repeated children). */
export function textItems(s: TtlvStructure, tag: string): string[] {
  return listItems(s, tag).map((n) => {
    if (n.type !== 'TextString') throw new KmipError('Invalid_Message', `${s.tag}: each ${tag} must be a TextString`);
    return n.value;
  });
}
