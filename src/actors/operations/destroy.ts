/**
 * Destroy: wipes a revoked object's material; an Active object must be revoked first.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import type { OperationContext } from '../context.js';

/** Destroys and returns the object's identifier (destroying twice is harmless). */
export function destroy(ctx: OperationContext, uniqueIdentifier: string): string {
  const rec = resolveObject(ctx, uniqueIdentifier, ANY_STATE);
  if (rec.state === 'Active') {
    throw new KmipError('Wrong_Key_Lifecycle_State', `Object with unique identifier: ${rec.id} is active. It must be revoked first`);
  }
  if (rec.state === 'Destroyed' || rec.state === 'Destroyed_Compromised') return rec.id;
  const state = rec.state === 'Compromised' ? 'Destroyed_Compromised' : 'Destroyed';
  ctx.store.update({ ...rec, state, object: '', updatedAt: ctx.now() });
  // The old page images still sit in the write-ahead log until it is checkpointed and truncated.
  ctx.store.scrub();
  return rec.id;
}
