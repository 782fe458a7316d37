/**
 * Shared by the attribute-changing operations: loading an object for change, splitting a vendor
 * attribute node into tags and other vendor attributes, and writing the changed attribute list
 * and tags back in one update that also stamps LastChangeDate and reschedules the life cycle.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { checkUserTags, MAX_TAGS, tagsOf, vendorAttributes, withAttribute, TAG_ATTRIBUTE_NAME, TAG_VENDOR, type AttributeList, type VendorAttribute } from '../kmip/attributes.js';
import { ANY_STATE, resolveObject } from './object-access.js';
import { attributesText, searchableColumns, storedAttributes } from './stored-object.js';
import { dateNode, nextTransition, stateAt } from './lifecycle.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

export { checkWritable } from './attribute-rules.js';

/** Splits tags into the user's and the server's (`_`-prefixed) ones. */
export function splitTags(tags: readonly string[]): { user: string[]; system: string[] } {
  return { user: tags.filter((t) => !t.startsWith('_')), system: tags.filter((t) => t.startsWith('_')) };
}

/** True for the `cosmian`/`tag` vendor attribute, which lives in the tag index. */
export function isTagVendor(vendor: string, name: string): boolean {
  return vendor === TAG_VENDOR && name === TAG_ATTRIBUTE_NAME;
}

/** True when two vendor attributes are the same attribute (same vendor and name). */
export function sameVendorKey(a: VendorAttribute, b: VendorAttribute): boolean {
  return a.vendor === b.vendor && a.name === b.name;
}

/** A vendor attribute node split into the user tags it names (checked) and the other vendor attributes. */
export function splitVendorNode(node: TtlvNode): { tags: string[] | undefined; others: VendorAttribute[] } {
  const named = tagsOf([node]);
  return {
    tags: named === undefined ? undefined : checkUserTags(named),
    others: vendorAttributes([node]).filter((v) => !isTagVendor(v.vendor, v.name)),
  };
}

/** The object's tags with its user tags replaced, keeping the server's. */
export function withUserTags(tags: readonly string[], user: readonly string[]): string[] {
  const unique = [...new Set(user)];
  if (unique.length > MAX_TAGS) throw new KmipError('Invalid_Attribute_Value', `an object may carry at most ${MAX_TAGS} tags`);
  return [...unique, ...splitTags(tags).system];
}

/** Loads a live object with its stored attributes for modification. */
export function loadForUpdate(ctx: OperationContext, uid: string): { rec: ObjectRecord; attrs: TtlvNode[] } {
  const rec = resolveObject(ctx, uid, ANY_STATE.filter((s) => s !== 'Destroyed' && s !== 'Destroyed_Compromised'), 'setattribute');
  return { rec, attrs: storedAttributes(rec) };
}

/**
 * Saves the new attributes and tags of an object, with LastChangeDate set to now. The dates may
 * have changed, so the state is brought up to date and the next transition rescheduled here.
 */
export function saveAttributes(ctx: OperationContext, rec: ObjectRecord, attrs: AttributeList, tags: readonly string[]): void {
  const now = ctx.now();
  const next = withAttribute(attrs, dateNode('LastChangeDate', now));
  const state = stateAt(rec.state, next, now);
  ctx.store.update({
    ...rec,
    ...searchableColumns(next),
    state,
    attributes: attributesText(next),
    tags: [...tags],
    updatedAt: now,
    transitionAt: nextTransition(state, next),
  });
}
