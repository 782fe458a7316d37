/**
 * GetAttributeList: the names of the attributes an object has, State always among them (it is a
 * column, not a stored attribute), vendor attributes by vendor and name.
 * @module
 */
import { vendorAttributes } from '../../kmip/attributes.js';
import { isVendorNode } from '../attribute-rules.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { visibleAttributes } from '../stored-object.js';
import type { AttributeReference } from '../../kmip/operations/attribute-reference.js';
import type { GetAttributeListRequest } from '../../kmip/operations/get-attribute-list.js';
import type { OperationContext } from '../context.js';

/** Returns the identifier and a reference to each attribute, each named once. */
export function getAttributeList(ctx: OperationContext, req: GetAttributeListRequest): { uniqueIdentifier: string; references: AttributeReference[] } {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ANY_STATE, 'getattributes');
  const attrs = visibleAttributes(rec);
  const standard = new Set(attrs.filter((a) => !isVendorNode(a)).map((a) => a.tag));
  standard.add('State');
  const vendors = new Map(vendorAttributes(attrs).map((v) => [`${v.vendor}\u0000${v.name}`, v]));
  return {
    uniqueIdentifier: rec.id,
    references: [
      ...[...standard].map((tag): AttributeReference => ({ kind: 'standard', tag })),
      ...[...vendors.values()].map((v): AttributeReference => ({ kind: 'vendor', vendor: v.vendor, name: v.name })),
    ],
  };
}
