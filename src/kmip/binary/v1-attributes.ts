/**
 * KMIP 1.x attribute encoding <-> the internal Attributes structure. 1.x sends each attribute as
 * Attribute { Attribute Name, [Attribute Index], Attribute Value } (in a Template-Attribute, or
 * bare in Locate); internally each attribute is one child under its own tag. The codec cannot
 * know which enumeration an Attribute Value holds, so enumerations arrive and leave as numbers
 * and are named here from the attribute's tag.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { shown } from '../client-text.js';
import { text } from '../ttlv/build.js';
import { asStructure, child, optText } from '../ttlv/read.js';
import { enumNameOf, enumValueOf } from '../ttlv/enum-table.js';
import { answerable, v1AttributeByName, v1AttributeByTag } from './v1-attribute-names.js';
import { WIRE } from './wire-tags.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** The attribute one 1.x Attribute structure carries, under its own tag. */
export function attributeFromV1(node: TtlvNode): TtlvNode {
  const s = asStructure(node, 'Attribute');
  const name = optText(s, WIRE.attributeName);
  if (name === undefined) throw new KmipError('Invalid_Message', 'Attribute: Attribute Name is required');
  const entry = v1AttributeByName(name);
  if (entry === undefined) throw new KmipError('Invalid_Field', `Attribute: "${shown(name)}" is not an attribute this server knows`);
  const value = child(s, WIRE.attributeValue);
  if (value === undefined) throw new KmipError('Invalid_Message', `Attribute: ${name} has no Attribute Value`);
  if (value.type === 'Enumeration' && typeof value.value === 'number') {
    return { tag: entry.tag, type: 'Enumeration', value: enumNameOf(entry.tag, value.value) ?? value.value };
  }
  return { ...value, tag: entry.tag };
}

/** An internal Attributes structure tagged `tag` from 1.x Attribute structures. */
export function attributesFromV1(tag: string, attributes: readonly TtlvNode[]): TtlvStructure {
  return { tag, type: 'Structure', value: attributes.map(attributeFromV1) };
}

/**
 * A Template-Attribute (or Common/Private/Public Key Template-Attribute) as the internal
 * Attributes structure tagged `tag`. Template names (references to Template objects, deprecated
 * since 1.3) are refused rather than silently ignored.
 */
export function templateToAttributes(template: TtlvNode, tag: string): TtlvStructure {
  const s = asStructure(template, 'Template-Attribute');
  const attrs: TtlvNode[] = [];
  for (const c of s.value) {
    if (c.tag === WIRE.attribute) attrs.push(c);
    else throw new KmipError('Feature_Not_Supported', `${s.tag}: only Attribute items are supported (no Template names)`);
  }
  return attributesFromV1(tag, attrs);
}

const isDate = (tag: string): boolean => tag.endsWith('Date');

/** The value as the binary encodings want it: dates as DateTime (Cosmian keeps some as ms LongIntegers). */
export function wireValue(node: TtlvNode): TtlvNode {
  if (node.type === 'LongInteger' && isDate(node.tag)) return { tag: node.tag, type: 'DateTime', value: new Date(Number(node.value)) };
  return node;
}

/**
 * One internal attribute as a 1.x Attribute structure, or undefined when the version or strict
 * clients cannot take it (see `answerable`).
 */
export function attributeToV1(node: TtlvNode, level: number): TtlvNode | undefined {
  const entry = v1AttributeByTag(node.tag);
  if (entry === undefined || !answerable(node.tag, level)) return undefined;
  const v = wireValue(node);
  let value: TtlvNode;
  if (v.type === 'Enumeration') {
    const n = typeof v.value === 'number' ? v.value : enumValueOf(v.tag, v.value);
    if (n === undefined) return undefined;
    value = { tag: WIRE.attributeValue, type: 'Enumeration', value: n };
  } else {
    value = { ...v, tag: WIRE.attributeValue };
  }
  return { tag: WIRE.attribute, type: 'Structure', value: [text(WIRE.attributeName, entry.name), value] };
}

/** Every attribute a 1.x response may carry, as Attribute structures. */
export function attributesToV1(attributes: readonly TtlvNode[], level: number): TtlvNode[] {
  return attributes.flatMap((a) => attributeToV1(a, level) ?? []);
}

/** Every attribute a 2.0 response may carry, each under its own tag. */
export function attributesForLevel(attributes: readonly TtlvNode[], level: number): TtlvNode[] {
  return attributes.filter((a) => answerable(a.tag, level)).map(wireValue);
}
