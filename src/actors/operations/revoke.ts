/**
 * Revoke: deactivates an object, or marks it compromised for KeyCompromise/CACompromise, and
 * does the same to the other key of a key pair.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { enumeration, struct, text } from '../../kmip/ttlv/build.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { dateNode } from '../lifecycle.js';
import { pairedRecord, saveState } from '../state-change.js';
import type { RevokeRequest } from '../../kmip/operations/revoke.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { ObjectRecord, ObjectState } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

function revokedState(from: ObjectState, compromised: boolean): ObjectState {
  if (from === 'Destroyed' || from === 'Destroyed_Compromised') return compromised ? 'Destroyed_Compromised' : from;
  if (from === 'Compromised') return 'Compromised';
  return compromised ? 'Compromised' : 'Deactivated';
}

function revokeOne(ctx: OperationContext, rec: ObjectRecord, req: RevokeRequest, compromised: boolean): void {
  const state = revokedState(rec.state, compromised);
  if (state === rec.state) return;
  const now = ctx.now();
  const reason = struct('RevocationReason', [
    enumeration('RevocationReasonCode', req.reasonCode ?? 'Unspecified'),
    req.message === undefined ? undefined : text('RevocationMessage', req.message),
  ]);
  const added: TtlvNode[] = [reason];
  if (state === 'Deactivated') added.push(dateNode('DeactivationDate', now));
  if (compromised) {
    added.push(dateNode('CompromiseDate', now));
    if (req.compromiseOccurrenceDate !== undefined) added.push(dateNode('CompromiseOccurrenceDate', Number(req.compromiseOccurrenceDate)));
  }
  saveState(ctx, rec, state, added);
}

/** Revokes and returns the object's identifier. */
export function revoke(ctx: OperationContext, req: RevokeRequest): string {
  const compromised = req.reasonCode === 'KeyCompromise' || req.reasonCode === 'CACompromise';
  if (compromised && req.compromiseOccurrenceDate === undefined) {
    throw new KmipError('Missing_Data', `Revoke: ${req.reasonCode ?? ''} needs a CompromiseOccurrenceDate`);
  }
  if (req.compromiseOccurrenceDate !== undefined && (req.compromiseOccurrenceDate < 0n || req.compromiseOccurrenceDate > BigInt(Number.MAX_SAFE_INTEGER))) {
    throw new KmipError('Invalid_Field', 'Revoke: CompromiseOccurrenceDate is out of range');
  }
  const rec = resolveObject(ctx, req.uniqueIdentifier, ANY_STATE, 'revoke');
  ctx.store.transaction(() => {
    revokeOne(ctx, rec, req, compromised);
    const other = pairedRecord(ctx, rec, 'revoke');
    if (other !== undefined) revokeOne(ctx, other, req, compromised);
  });
  return rec.id;
}
