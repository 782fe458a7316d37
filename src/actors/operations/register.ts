/**
 * Register: KMIP's name for storing a client-supplied object; the identifier comes from the
 * attributes or is new, and a wrapped key is kept as registered.
 * @module
 */
import { newIdentifier, requestedIdentifier } from '../new-object.js';
import { suppliedRecord } from '../imported-object.js';
import type { RegisterRequest } from '../../kmip/operations/register.js';
import type { OperationContext } from '../context.js';

/** Registers the object and returns its identifier. */
export function register(ctx: OperationContext, req: RegisterRequest): string {
  const uid = newIdentifier(ctx, requestedIdentifier(req.attributes));
  ctx.store.insert(suppliedRecord(ctx, { uid, objectType: req.objectType, object: req.object, attributes: req.attributes, unwrap: false }));
  return uid;
}
