/**
 * What a re-keyed object takes over from the one it replaces: its attributes (names, groups,
 * usage, links to other objects), minus what belongs to the old object's own history, and the
 * Replaced/Replacement links that tie the two together; its owner and grants.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { withAttribute, withoutAttribute, type AttributeList } from '../kmip/attributes.js';
import { linksOf, withLink, withLinks } from '../kmip/links.js';
import { dateNode } from './lifecycle.js';
import { checkCarriedAttribute, isVendorNode } from './attribute-rules.js';
import { attributesText, storedAttributes } from './stored-object.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

// History of the old object, not properties the new one inherits.
const NOT_CARRIED = [
  'UniqueIdentifier', 'InitialDate', 'LastChangeDate', 'ActivationDate', 'DeactivationDate', 'DestroyDate', 'CompromiseDate',
  'CompromiseOccurrenceDate', 'RevocationReason', 'Fresh', 'AlwaysSensitive', 'NeverExtractable', 'State',
];

// Links that describe the old object alone: the new one is paired, replaced and made afresh.
const LINKS_NOT_CARRIED: readonly string[] = ['ReplacementObjectLink', 'ReplacedObjectLink', 'PublicKeyLink', 'PrivateKeyLink', 'DerivationBaseObjectLink'];

/**
 * The old object's attributes, as the new one starts from, with the request's on top. The request
 * is held to SetAttribute's rules against the old object (no loosened Sensitive, Extractable or
 * usage mask, no server-owned attribute or link), since a grantee with `rekey` makes the owner's key.
 */
export function carriedAttributes(old: ObjectRecord, requested: AttributeList, offsetMs: number | undefined, now: number): TtlvNode[] {
  const oldAttrs = storedAttributes(old);
  const overlaid = requested.filter((n) => !isVendorNode(n));
  for (const n of overlaid) checkCarriedAttribute({ rec: old, attrs: oldAttrs }, n);
  let attrs = NOT_CARRIED.reduce<TtlvNode[]>((a, tag) => withoutAttribute(a, tag), oldAttrs);
  attrs = withLinks(attrs, linksOf(attrs).filter((l) => !LINKS_NOT_CARRIED.includes(l.type)));
  attrs = overlaid.reduce<TtlvNode[]>((a, n) => withAttribute(a, n), attrs);
  // An Offset delays the new key's activation; without one it is Active at once.
  if (offsetMs !== undefined && offsetMs > 0) attrs = withAttribute(attrs, dateNode('ActivationDate', now + offsetMs));
  return withLink(attrs, 'ReplacedObjectLink', old.id);
}

/** Links the old object to its replacement (the old one stays usable until it is revoked). */
export function linkReplacement(ctx: OperationContext, old: ObjectRecord, newId: string): void {
  const attrs = withAttribute(withLink(storedAttributes(old), 'ReplacementObjectLink', newId), dateNode('LastChangeDate', ctx.now()));
  ctx.store.update({ ...old, attributes: attributesText(attrs), updatedAt: ctx.now() });
}

/**
 * Stores a replacement as the old object's: same owner, same grants, whoever re-keyed it (a
 * grantee holding `rekey` rotates a key that others keep using). Call it inside a transaction.
 */
export function insertReplacement(ctx: OperationContext, record: ObjectRecord, old: ObjectRecord): void {
  ctx.store.insert({ ...record, owner: old.owner });
  for (const g of ctx.store.grantsOf(old.id)) ctx.store.grant(record.id, g.user, g.operations);
}

/** Refuses to re-key an object that already has a replacement. */
export function checkNotReplaced(old: ObjectRecord): void {
  if (linksOf(storedAttributes(old)).some((l) => l.type === 'ReplacementObjectLink')) {
    throw new KmipError('Wrong_Key_Lifecycle_State', `object ${old.id} has already been replaced; re-key its replacement`);
  }
}
