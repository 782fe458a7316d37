/**
 * ModifyAttribute: replaces a value the object already has: the one CurrentAttribute names for
 * multi-valued attributes, otherwise the only one. Vendor attributes are matched by vendor and
 * name; tags named by CurrentAttribute are swapped for the new ones (all user tags without it).
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { attributeValues, vendorAttributes, withAttribute, withAttributeValues, withVendorAttributes } from '../../kmip/attributes.js';
import { checkClientLink, checkNewAttribute, isMultiValued, isVendorNode, sameAttributeValue, valuesOf } from '../attribute-rules.js';
import { loadForUpdate, sameVendorKey, saveAttributes, splitTags, splitVendorNode, withUserTags } from '../attribute-update.js';
import type { ModifyAttributeRequest } from '../../kmip/operations/modify-attribute.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

function modifiedTags(rec: ObjectRecord, current: TtlvNode | undefined, replacement: readonly string[]): string[] {
  const user = splitTags(rec.tags).user;
  const named = current === undefined ? undefined : splitVendorNode(current).tags;
  if (named === undefined) return withUserTags(rec.tags, replacement);
  const missing = named.filter((t) => !user.includes(t));
  if (missing.length > 0) throw new KmipError('Attribute_Not_Found', `the object does not carry the tags ${JSON.stringify(missing)}`);
  return withUserTags(rec.tags, [...user.filter((t) => !named.includes(t)), ...replacement]);
}

function modifyVendor(rec: ObjectRecord, attrs: TtlvNode[], current: TtlvNode | undefined, node: TtlvNode): { attrs: TtlvNode[]; tags: string[] } {
  const incoming = splitVendorNode(node);
  const tags = incoming.tags === undefined ? [...rec.tags] : modifiedTags(rec, current, incoming.tags);
  const existing = vendorAttributes(attrs);
  for (const o of incoming.others) {
    if (!existing.some((v) => sameVendorKey(v, o))) throw new KmipError('Attribute_Not_Found', `the object has no vendor attribute ${o.vendor}/${o.name}`);
  }
  const replaced = existing.map((v) => incoming.others.find((o) => sameVendorKey(o, v)) ?? v);
  return { attrs: withVendorAttributes(attrs, replaced), tags };
}

function whichValue(existing: readonly TtlvNode[], current: TtlvNode | undefined, tag: string): number {
  if (current === undefined) {
    if (existing.length === 1) return 0;
    throw new KmipError('Invalid_Field', `the object has ${existing.length} ${tag} values; give CurrentAttribute to say which one to modify`);
  }
  const [wanted, ...more] = valuesOf(current);
  if (wanted === undefined || more.length > 0) throw new KmipError('Invalid_Field', `CurrentAttribute must name one ${tag} value`);
  const index = existing.findIndex((e) => sameAttributeValue(e, wanted));
  if (index === -1) throw new KmipError('Attribute_Not_Found', `the object has no such ${tag} value`);
  return index;
}

function modifyStandard(rec: ObjectRecord, attrs: TtlvNode[], current: TtlvNode | undefined, node: TtlvNode, now: number): TtlvNode[] {
  const values = checkNewAttribute(rec, attrs, node, now);
  const existing = attributeValues(attrs, node.tag);
  if (existing.length === 0) throw new KmipError('Attribute_Not_Found', `the object has no ${node.tag} attribute; use AddAttribute or SetAttribute`);
  if (!isMultiValued(node.tag)) return withAttribute(attrs, node);
  const [value, ...more] = values;
  if (value === undefined || more.length > 0) throw new KmipError('Invalid_Field', `ModifyAttribute changes one ${node.tag} value at a time`);
  const index = whichValue(existing, current, node.tag);
  // Without CurrentAttribute the one value there is may be a link the server keeps.
  const replaced = existing[index];
  if (replaced !== undefined) checkClientLink(replaced);
  if (existing.some((e, i) => i !== index && sameAttributeValue(e, value))) throw new KmipError('Invalid_Field', `the object already has this ${node.tag} value`);
  return withAttributeValues(attrs, node.tag, existing.map((e, i) => (i === index ? value : e)));
}

/** Modifies the attribute and returns the object's identifier. */
export function modifyAttribute(ctx: OperationContext, req: ModifyAttributeRequest): string {
  const { rec, attrs } = loadForUpdate(ctx, req.uniqueIdentifier);
  const node = req.attribute;
  if (isVendorNode(node)) {
    const out = modifyVendor(rec, attrs, req.currentAttribute, node);
    saveAttributes(ctx, rec, out.attrs, out.tags);
  } else {
    saveAttributes(ctx, rec, modifyStandard(rec, attrs, req.currentAttribute, node, ctx.now()), rec.tags);
  }
  return rec.id;
}
