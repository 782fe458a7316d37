/**
 * Get: an Active object's key material, in the requested format or the type's default, wrapped
 * when a KeyWrappingSpecification asks for it, and a key stored wrapped unwrapped when KeyWrapType
 * NotWrapped asks for that.
 * @module
 */
import { resolveObject } from '../object-access.js';
import { exportedObject, reportedType } from '../key-export.js';
import type { GetRequest, GetResponse } from '../../kmip/operations/get.js';
import { speaksKmip, type OperationContext } from '../context.js';
import type { ObjectState } from '../../storage/object-record.js';

/** In the KMIP dialect a key may be read in any state that still has its material. */
const GETTABLE_BY_KMIP: readonly ObjectState[] = ['PreActive', 'Active', 'Deactivated', 'Compromised'];

/** Returns an Active object (in the KMIP dialect, any object that still has its material). */
export function get(ctx: OperationContext, req: GetRequest): GetResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, speaksKmip(ctx) ? GETTABLE_BY_KMIP : ['Active'], 'get');
  return { objectType: reportedType(rec), uniqueIdentifier: rec.id, object: exportedObject(ctx, rec, req.keyFormatType, req.wrapping, req.keyWrapType) };
}
