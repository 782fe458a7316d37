/**
 * Attribute references, as GetAttributes and DeleteAttribute name attributes and GetAttributeList
 * lists them: a standard attribute by tag name, or a vendor attribute by vendor and name.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { enumeration, struct, text } from '../ttlv/build.js';
import { listItems, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A reference to one attribute. */
export type AttributeReference =
  | { readonly kind: 'standard'; readonly tag: string }
  | { readonly kind: 'vendor'; readonly vendor: string; readonly name: string };

function one(n: TtlvNode): AttributeReference {
  if (n.type === 'Enumeration' || n.type === 'TextString') return { kind: 'standard', tag: String(n.value) };
  if (n.type === 'Structure') return { kind: 'vendor', vendor: reqText(n, 'VendorIdentification'), name: reqText(n, 'AttributeName') };
  throw new KmipError('Invalid_Message', `${n.tag}: an attribute reference is a name or a vendor attribute reference`);
}

/** Every reference in the payload, under either `AttributeReference` or `AttributeReferences`. */
export function readAttributeReferences(s: TtlvStructure): AttributeReference[] {
  return [...listItems(s, 'AttributeReference'), ...listItems(s, 'AttributeReferences')].map(one);
}

/**
 * An `AttributeReference` node (or one tagged `tag`, for Cosmian's `AttributeReferences` list):
 * the tag name as an Enumeration, or a vendor attribute's vendor and name.
 */
export function attributeReferenceNode(r: AttributeReference, tag = 'AttributeReference'): TtlvNode {
  if (r.kind === 'standard') return enumeration(tag, r.tag);
  return struct(tag, [text('VendorIdentification', r.vendor), text('AttributeName', r.name)]);
}
