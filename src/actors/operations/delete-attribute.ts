/**
 * DeleteAttribute: removes an attribute, one value of a multi-valued attribute, a vendor
 * attribute, or some of the user's tags. A CurrentAttribute removes just the value it gives;
 * an AttributeReference removes every value of the attribute.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { attributeValues, tagsOf, vendorAttributes, withAttributeValues, withVendorAttributes, withoutAttribute } from '../../kmip/attributes.js';
import { checkLinksKept, checkRemovable, checkWritable, isMultiValued, isVendorNode, sameAttributeValue, valuesOf } from '../attribute-rules.js';
import { isTagVendor, loadForUpdate, saveAttributes, splitTags } from '../attribute-update.js';
import type { DeleteAttributeRequest } from '../../kmip/operations/delete-attribute.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

/** Deletes what the request names and returns the object's identifier. */
export function deleteAttribute(ctx: OperationContext, req: DeleteAttributeRequest): string {
  const { rec, attrs } = loadForUpdate(ctx, req.uniqueIdentifier);
  let next = attrs;
  let tags = [...rec.tags];
  const dropVendor = (vendor: string, name: string): void => {
    if (isTagVendor(vendor, name)) {
      tags = splitTags(tags).system;
      return;
    }
    const before = vendorAttributes(next);
    const after = before.filter((v) => !(v.vendor === vendor && v.name === name));
    if (after.length === before.length) throw new KmipError('Attribute_Not_Found', `the object has no vendor attribute ${vendor}/${name}`);
    next = withVendorAttributes(next, after);
  };
  const dropAll = (tag: string): void => {
    checkWritable(tag);
    if (attributeValues(next, tag).length === 0) throw new KmipError('Attribute_Not_Found', `the object has no ${tag} attribute`);
    checkRemovable(rec, next, tag);
    checkLinksKept(next, tag);
    next = withoutAttribute(next, tag);
  };
  const dropValues = (node: TtlvNode): void => {
    // A single-valued attribute has only the one value to remove, whatever value is named.
    if (!isMultiValued(node.tag)) {
      dropAll(node.tag);
      return;
    }
    checkRemovable(rec, next, node.tag);
    const left = attributeValues(next, node.tag);
    for (const v of valuesOf(node)) {
      const i = left.findIndex((e) => sameAttributeValue(e, v));
      if (i === -1) throw new KmipError('Attribute_Not_Found', `the object has no such ${node.tag} value`);
      left.splice(i, 1);
    }
    next = withAttributeValues(next, node.tag, left);
  };

  const current = req.currentAttribute;
  if (current !== undefined) {
    if (isVendorNode(current)) {
      // Unchecked on purpose: naming a reserved tag is simply a tag the object does not carry.
      const named = tagsOf([current]);
      const others = vendorAttributes([current]).filter((v) => !isTagVendor(v.vendor, v.name));
      if (named !== undefined) {
        const missing = named.filter((t) => !tags.includes(t) || t.startsWith('_'));
        if (missing.length > 0) throw new KmipError('Attribute_Not_Found', `the object does not carry the tags ${JSON.stringify(missing)}`);
        tags = tags.filter((t) => !named.includes(t));
      }
      for (const v of others) dropVendor(v.vendor, v.name);
    } else dropValues(current);
  }
  for (const r of req.references) {
    if (r.kind === 'vendor') dropVendor(r.vendor, r.name);
    else dropAll(r.tag);
  }
  saveAttributes(ctx, rec, next, tags);
  return rec.id;
}
