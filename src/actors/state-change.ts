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
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord, ObjectState } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

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
 * The other key of a pair this object belongs to, if it is still in the database and has the same
 * owner; with a right, only when the caller may also use it for that right.
 */
export function pairedRecord(ctx: OperationContext, rec: ObjectRecord, right?: AccessRight): ObjectRecord | undefined {
  const attrs = storedAttributes(rec);
  const other = rec.objectType === 'PrivateKey' ? linkedId(attrs, 'PublicKeyLink') : rec.objectType === 'PublicKey' ? linkedId(attrs, 'PrivateKeyLink') : undefined;
  if (other === undefined) return undefined;
  const found = ctx.store.get(other);
  // A link alone could name anyone's key: a pair's halves are created, and re-keyed, for one owner.
  if (found?.owner !== rec.owner) return undefined;
  return right === undefined || mayUse(ctx, found, right) ? found : undefined;
}
