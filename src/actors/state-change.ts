/**
 * Writing a state change: the new state, the dates KMIP records with it, and the same change on
 * the other half of a key pair (Revoke and Destroy act on both keys, as Cosmian's do, when the
 * caller may act on both).
 * @module
 */
import { withAttribute } from '../kmip/attributes.js';
import { linkedId } from '../kmip/links.js';
import { dateNode, nextTransition } from './lifecycle.js';
import { attributesText, storedAttributes } from './stored-object.js';
import { mayUse } from './object-access.js';
import type { AccessRight } from './access-rules.js';
import type { LinkType } from '../kmip/enums.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord, ObjectState } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

// Per key type: the link to the other half, that half's type, and the link it must have back.
const PAIR_LINKS: Readonly<Record<string, { to: LinkType; type: string; back: LinkType } | undefined>> = {
  PrivateKey: { to: 'PublicKeyLink', type: 'PublicKey', back: 'PrivateKeyLink' },
  PublicKey: { to: 'PrivateKeyLink', type: 'PrivateKey', back: 'PublicKeyLink' },
};

/** Saves the record in its new state with the given attributes added (and LastChangeDate). */
export function saveState(ctx: OperationContext, rec: ObjectRecord, state: ObjectState, added: readonly TtlvNode[], erase = false): void {
  const now = ctx.now();
  const attrs = [...added, dateNode('LastChangeDate', now)].reduce<TtlvNode[]>((a, n) => withAttribute(a, n), storedAttributes(rec));
  ctx.store.update({
    ...rec,
    state,
    ...(erase ? { object: '' } : {}),
    attributes: attributesText(attrs),
    transitionAt: nextTransition(state, attrs),
    updatedAt: now,
  });
}

/**
 * The other key of a pair this object belongs to, if it is still in the database, has the same
 * owner, is of the opposite type and links back; with a right, only when the caller may also use
 * it for that right.
 */
export function pairedRecord(ctx: OperationContext, rec: ObjectRecord, right?: AccessRight): ObjectRecord | undefined {
  const kinds = PAIR_LINKS[rec.objectType];
  if (kinds === undefined) return undefined;
  const other = linkedId(storedAttributes(rec), kinds.to);
  if (other === undefined) return undefined;
  const found = ctx.store.get(other);
  // A link alone could name anyone's key: a pair's halves are created, and re-keyed, for one owner,
  // and each names the other (Revoke and Destroy must not spread to a key a link merely points at).
  if (found === undefined || found.owner !== rec.owner || found.objectType !== kinds.type) return undefined;
  if (linkedId(storedAttributes(found), kinds.back) !== rec.id) return undefined;
  return right === undefined || mayUse(ctx, found, right) ? found : undefined;
}
