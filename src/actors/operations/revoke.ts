/**
 * Revoke: deactivates an object, or marks it compromised for KeyCompromise/CACompromise.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import type { RevokeRequest } from '../../kmip/operations/revoke.js';
import type { ObjectState } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

function revokedState(from: ObjectState, compromised: boolean): ObjectState {
  if (from === 'Destroyed' || from === 'Destroyed_Compromised') return compromised ? 'Destroyed_Compromised' : from;
  if (from === 'Compromised') return 'Compromised';
  return compromised ? 'Compromised' : 'Deactivated';
}

/** Revokes and returns the object's identifier. */
export function revoke(ctx: OperationContext, req: RevokeRequest): string {
  const compromised = req.reasonCode === 'KeyCompromise' || req.reasonCode === 'CACompromise';
  if (compromised && req.compromiseOccurrenceDate === undefined) {
    throw new KmipError('Missing_Data', `Revoke: ${req.reasonCode ?? ''} needs a CompromiseOccurrenceDate`);
  }
  const rec = resolveObject(ctx, req.uniqueIdentifier, ANY_STATE);
  const state = revokedState(rec.state, compromised);
  if (state !== rec.state) ctx.store.update({ ...rec, state, updatedAt: ctx.now() });
  return rec.id;
}
