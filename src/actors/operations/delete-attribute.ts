/**
 * DeleteAttribute: removes an attribute, a vendor attribute, or some of the user's tags.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { tagsOf, vendorAttributes, withVendorAttributes, withoutAttribute, TAG_ATTRIBUTE_NAME, TAG_VENDOR } from '../../kmip/attributes.js';
import { checkWritable, loadForUpdate, saveAttributes, splitTags } from '../attribute-update.js';
import type { DeleteAttributeRequest } from '../../kmip/operations/delete-attribute.js';
import type { OperationContext } from '../context.js';

/** Deletes what the request names and returns the object's identifier. */
export function deleteAttribute(ctx: OperationContext, req: DeleteAttributeRequest): string {
  const { rec, attrs } = loadForUpdate(ctx, req.uniqueIdentifier);
  let next = attrs;
  let tags = [...rec.tags];
  const isTag = (vendor: string, name: string): boolean => vendor === TAG_VENDOR && name === TAG_ATTRIBUTE_NAME;
  const dropVendor = (vendor: string, name: string): void => {
    if (isTag(vendor, name)) {
      tags = splitTags(tags).system;
      return;
    }
    const before = vendorAttributes(next);
    const after = before.filter((v) => !(v.vendor === vendor && v.name === name));
    if (after.length === before.length) throw new KmipError('Attribute_Not_Found', `the object has no vendor attribute ${vendor}/${name}`);
    next = withVendorAttributes(next, after);
  };
  const dropStandard = (tag: string): void => {
    checkWritable(tag);
    if (!next.some((a) => a.tag === tag)) throw new KmipError('Attribute_Not_Found', `the object has no ${tag} attribute`);
    next = withoutAttribute(next, tag);
  };

  const current = req.currentAttribute;
  if (current !== undefined) {
    if (current.tag === 'VendorAttributes' || current.tag === 'VendorAttribute') {
      const named = tagsOf([current]);
      if (named !== undefined) {
        const missing = named.filter((t) => !tags.includes(t) || t.startsWith('_'));
        if (missing.length > 0) throw new KmipError('Attribute_Not_Found', `the object does not carry the tags ${JSON.stringify(missing)}`);
        tags = tags.filter((t) => !named.includes(t));
      }
      for (const v of vendorAttributes([current])) if (!isTag(v.vendor, v.name)) dropVendor(v.vendor, v.name);
    } else dropStandard(current.tag);
  }
  for (const r of req.references) {
    if (r.kind === 'vendor') dropVendor(r.vendor, r.name);
    else dropStandard(r.tag);
  }
  saveAttributes(ctx, rec, next, tags);
  return rec.id;
}
