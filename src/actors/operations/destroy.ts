/**
 * Destroy: wipes an object's material once it is no longer Active (PreActive, Deactivated or
 * Compromised), and the other key of a key pair with it when the caller may destroy that too;
 * a destroyed object's grants are dropped.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { dateNode } from '../lifecycle.js';
import { pairedRecord, saveState } from '../state-change.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

function isDestroyed(rec: ObjectRecord): boolean {
  return rec.state === 'Destroyed' || rec.state === 'Destroyed_Compromised';
}

function destroyOne(ctx: OperationContext, rec: ObjectRecord): void {
  if (isDestroyed(rec)) return;
  saveState(ctx, rec, rec.state === 'Compromised' ? 'Destroyed_Compromised' : 'Destroyed', [dateNode('DestroyDate', ctx.now())], true);
  // What is left is the owner's record of it: nobody else keeps any right on it.
  ctx.store.clearGrants(rec.id);
}

/** Destroys and returns the object's identifier (destroying twice is harmless). */
export function destroy(ctx: OperationContext, uniqueIdentifier: string): string {
  const rec = resolveObject(ctx, uniqueIdentifier, ANY_STATE, 'destroy');
  const other = pairedRecord(ctx, rec, 'destroy');
  for (const r of [rec, other]) {
    if (r?.state === 'Active') {
      throw new KmipError('Wrong_Key_Lifecycle_State', `Object with unique identifier: ${r.id} is active. It must be revoked first`);
    }
  }
  if (isDestroyed(rec) && (other === undefined || isDestroyed(other))) return rec.id;
  ctx.store.transaction(() => {
    destroyOne(ctx, rec);
    if (other !== undefined) destroyOne(ctx, other);
  });
  // The old page images still sit in the write-ahead log until it is checkpointed and truncated.
  ctx.store.scrub();
  return rec.id;
}
