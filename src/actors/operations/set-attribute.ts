/**
 * SetAttribute: sets one attribute, replacing every value it had; the tag vendor attribute
 * replaces the user's tags, other vendor attributes replace the one of the same vendor and name.
 * @module
 */
import { vendorAttributes, withAttribute, withAttributeValues, withVendorAttributes } from '../../kmip/attributes.js';
import { checkLinksKept, checkNewAttribute, isMultiValued, isVendorNode } from '../attribute-rules.js';
import { loadForUpdate, sameVendorKey, saveAttributes, splitVendorNode, withUserTags } from '../attribute-update.js';
import type { SetAttributeRequest } from '../../kmip/operations/set-attribute.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

/** Sets the attribute and returns the object's identifier. */
export function setAttribute(ctx: OperationContext, req: SetAttributeRequest): string {
  const { rec, attrs } = loadForUpdate(ctx, req.uniqueIdentifier);
  const node = req.attribute;
  let tags = [...rec.tags];
  let next: TtlvNode[];
  if (isVendorNode(node)) {
    const incoming = splitVendorNode(node);
    if (incoming.tags !== undefined) tags = withUserTags(rec.tags, incoming.tags);
    const kept = vendorAttributes(attrs).filter((v) => !incoming.others.some((o) => sameVendorKey(o, v)));
    next = withVendorAttributes(attrs, [...kept, ...incoming.others]);
  } else {
    const values = checkNewAttribute(rec, attrs, node, ctx.now());
    // Every value is replaced, so the server's own links would go too.
    checkLinksKept(attrs, node.tag);
    next = isMultiValued(node.tag) ? withAttributeValues(attrs, node.tag, values) : withAttribute(attrs, node);
  }
  saveAttributes(ctx, rec, next, tags);
  return rec.id;
}
