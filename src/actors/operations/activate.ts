/**
 * Activate: moves a PreActive object to Active now, whatever its ActivationDate said.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { dateNode } from '../lifecycle.js';
import { saveState } from '../state-change.js';
import type { OperationContext } from '../context.js';

/** Activates and returns the object's identifier. */
export function activate(ctx: OperationContext, uniqueIdentifier: string): string {
  const rec = resolveObject(ctx, uniqueIdentifier, ANY_STATE, 'activate');
  if (rec.state !== 'PreActive') {
    throw new KmipError('Wrong_Key_Lifecycle_State', `object ${rec.id} is ${rec.state}; only PreActive objects can be activated`);
  }
  saveState(ctx, rec, 'Active', [dateNode('ActivationDate', ctx.now())]);
  return rec.id;
}
