/**
 * GetAttributes: all of an object's stored attributes, or the referenced ones. State is a column
 * of the record, not a stored attribute: it is reported, for an object in any state, when asked
 * for by reference (the full listing leaves it out, as Cosmian's does).
 * @module
 */
import { orderAttributes, vendorAttributes, withVendorAttributes } from '../../kmip/attributes.js';
import { enumeration } from '../../kmip/ttlv/build.js';
import { isVendorNode } from '../attribute-rules.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { visibleAttributes } from '../stored-object.js';
import type { GetAttributesRequest } from '../../kmip/operations/get-attributes.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

/** Returns the identifier and the selected attributes. */
export function getAttributes(ctx: OperationContext, req: GetAttributesRequest): { uniqueIdentifier: string; attributes: TtlvNode[] } {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ANY_STATE, 'getattributes');
  const all = visibleAttributes(rec);
  if (req.references.length === 0) return { uniqueIdentifier: rec.id, attributes: all };
  const withState = orderAttributes([...all.filter((a) => a.tag !== 'State'), enumeration('State', rec.state)]);
  const standard = new Set(req.references.flatMap((r) => (r.kind === 'standard' ? [r.tag] : [])));
  const vendorRefs = req.references.flatMap((r) => (r.kind === 'vendor' ? [r] : []));
  const picked = withState.filter((a) => standard.has(a.tag) && !isVendorNode(a));
  const vendors = vendorAttributes(all).filter(
    (v) => standard.has('VendorAttributes') || vendorRefs.some((r) => r.vendor === v.vendor && r.name === v.name),
  );
  return { uniqueIdentifier: rec.id, attributes: withVendorAttributes(picked, vendors) };
}
