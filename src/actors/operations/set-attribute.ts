/**
 * SetAttribute: sets one attribute; the tag vendor attribute replaces the user's tags.
 * @module
 */
import { checkUserTags, tagsOf, vendorAttributes, withAttribute, withVendorAttributes, TAG_ATTRIBUTE_NAME, TAG_VENDOR } from '../../kmip/attributes.js';
import { checkWritable, loadForUpdate, saveAttributes, splitTags } from '../attribute-update.js';
import type { SetAttributeRequest } from '../../kmip/operations/set-attribute.js';
import type { OperationContext } from '../context.js';

/** Sets the attribute and returns the object's identifier. */
export function setAttribute(ctx: OperationContext, req: SetAttributeRequest): string {
  const { rec, attrs } = loadForUpdate(ctx, req.uniqueIdentifier);
  const node = req.attribute;
  let tags = [...rec.tags];
  let next = attrs;
  if (node.tag === 'VendorAttributes' || node.tag === 'VendorAttribute') {
    const incoming = vendorAttributes([node]);
    const newTags = tagsOf([node]);
    if (newTags !== undefined) tags = [...checkUserTags(newTags), ...splitTags(rec.tags).system];
    const others = incoming.filter((v) => !(v.vendor === TAG_VENDOR && v.name === TAG_ATTRIBUTE_NAME));
    const kept = vendorAttributes(attrs).filter((v) => !others.some((o) => o.vendor === v.vendor && o.name === v.name));
    next = withVendorAttributes(attrs, [...kept, ...others]);
  } else {
    checkWritable(node.tag);
    next = withAttribute(attrs, node);
  }
  saveAttributes(ctx, rec, next, tags);
  return rec.id;
}
