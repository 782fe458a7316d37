/**
 * Get: an Active object's key material, in the requested format or the type's default, wrapped
 * when a KeyWrappingSpecification asks for it, and a key stored wrapped unwrapped when KeyWrapType
 * NotWrapped asks for that.
 * @module
 */
import { resolveObject } from '../object-access.js';
import { exportedObject, reportedType } from '../key-export.js';
import type { GetRequest, GetResponse } from '../../kmip/operations/get.js';
import type { OperationContext } from '../context.js';

/** Returns an Active object. */
export function get(ctx: OperationContext, req: GetRequest): GetResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active'], 'get');
  return { objectType: reportedType(rec), uniqueIdentifier: rec.id, object: exportedObject(ctx, rec, req.keyFormatType, req.wrapping, req.keyWrapType) };
}
