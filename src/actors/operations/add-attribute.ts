/**
 * AddAttribute: adds a value to a multi-valued attribute (Name, ObjectGroup, Link, vendor
 * attributes and tags), or sets a single-valued attribute the object does not have yet.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { attributeValues, vendorAttributes, withAttribute, withAttributeValues, withVendorAttributes } from '../../kmip/attributes.js';
import { checkNewAttribute, isMultiValued, isVendorNode, sameAttributeValue } from '../attribute-rules.js';
import { loadForUpdate, sameVendorKey, saveAttributes, splitTags, splitVendorNode, withUserTags } from '../attribute-update.js';
import type { AddAttributeRequest } from '../../kmip/operations/add-attribute.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

function addVendor(rec: ObjectRecord, attrs: TtlvNode[], node: TtlvNode): { attrs: TtlvNode[]; tags: string[] } {
  const incoming = splitVendorNode(node);
  const tags = incoming.tags === undefined ? [...rec.tags] : withUserTags(rec.tags, [...splitTags(rec.tags).user, ...incoming.tags]);
  const existing = vendorAttributes(attrs);
  for (const o of incoming.others) {
    if (existing.some((v) => sameVendorKey(v, o))) {
      throw new KmipError('Invalid_Field', `the object already has the vendor attribute ${o.vendor}/${o.name}; use ModifyAttribute to change it`);
    }
  }
  return { attrs: withVendorAttributes(attrs, [...existing, ...incoming.others]), tags };
}

function addStandard(rec: ObjectRecord, attrs: TtlvNode[], node: TtlvNode, now: number): TtlvNode[] {
  const values = checkNewAttribute(rec, attrs, node, now);
  const current = attributeValues(attrs, node.tag);
  if (!isMultiValued(node.tag)) {
    if (current.length > 0) throw new KmipError('Invalid_Field', `the object already has ${node.tag}; use ModifyAttribute or SetAttribute to change it`);
    return withAttribute(attrs, node);
  }
  const added: TtlvNode[] = [];
  for (const v of values) {
    if ([...current, ...added].some((c) => sameAttributeValue(c, v))) throw new KmipError('Invalid_Field', `the object already has this ${node.tag} value`);
    added.push(v);
  }
  return withAttributeValues(attrs, node.tag, [...current, ...added]);
}

/** Adds the attribute value and returns the object's identifier. */
export function addAttribute(ctx: OperationContext, req: AddAttributeRequest): string {
  const { rec, attrs } = loadForUpdate(ctx, req.uniqueIdentifier);
  const node = req.attribute;
  if (isVendorNode(node)) {
    const out = addVendor(rec, attrs, node);
    saveAttributes(ctx, rec, out.attrs, out.tags);
  } else {
    saveAttributes(ctx, rec, addStandard(rec, attrs, node, ctx.now()), rec.tags);
  }
  return rec.id;
}
