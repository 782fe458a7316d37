/**
 * Shared by SetAttribute and DeleteAttribute: which attributes clients may change, and writing
 * the changed attribute list and tags back in one update.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { ANY_STATE, resolveObject } from './object-access.js';
import { attributesText, searchableColumns, storedAttributes } from './stored-object.js';
import type { AttributeList } from '../kmip/attributes.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

// Changing these would make the stored key material lie about itself.
const READ_ONLY = new Set(['UniqueIdentifier', 'ObjectType', 'CryptographicAlgorithm', 'CryptographicLength', 'KeyFormatType', 'State']);

/** Throws Attribute_Read_Only for attributes the server owns. */
export function checkWritable(tag: string): void {
  if (READ_ONLY.has(tag)) throw new KmipError('Attribute_Read_Only', `${tag} cannot be changed`);
}

/** Splits tags into the user's and the server's (`_`-prefixed) ones. */
export function splitTags(tags: readonly string[]): { user: string[]; system: string[] } {
  return { user: tags.filter((t) => !t.startsWith('_')), system: tags.filter((t) => t.startsWith('_')) };
}

/** Loads a live object with its stored attributes for modification. */
export function loadForUpdate(ctx: OperationContext, uid: string): { rec: ObjectRecord; attrs: TtlvNode[] } {
  const rec = resolveObject(ctx, uid, ANY_STATE.filter((s) => s !== 'Destroyed' && s !== 'Destroyed_Compromised'));
  return { rec, attrs: storedAttributes(rec) };
}

/** Saves the new attributes and tags of an object. */
export function saveAttributes(ctx: OperationContext, rec: ObjectRecord, attrs: AttributeList, tags: readonly string[]): void {
  ctx.store.update({ ...rec, ...searchableColumns(attrs), attributes: attributesText(attrs), tags: [...tags], updatedAt: ctx.now() });
}
