/**
 * Export: like Get, but objects in any state, and with their attributes.
 * @module
 */
import { destroyedKeyBlock } from '../../kmip/key-block.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { visibleAttributes } from '../stored-object.js';
import { exportedObject, reportedType } from '../key-export.js';
import type { ExportRequest, ExportResponse } from '../../kmip/operations/export.js';
import type { OperationContext } from '../context.js';

/** Returns an object in any state; a destroyed key comes back Opaque and empty. */
export function exportObject(ctx: OperationContext, req: ExportRequest): ExportResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ANY_STATE, 'export');
  const destroyed = rec.state === 'Destroyed' || rec.state === 'Destroyed_Compromised';
  return {
    objectType: reportedType(rec),
    uniqueIdentifier: rec.id,
    attributes: visibleAttributes(rec),
    object: destroyed
      ? [destroyedKeyBlock(rec.cryptographicAlgorithm ?? undefined, rec.cryptographicLength ?? undefined)]
      : exportedObject(ctx, rec, req.keyFormatType, req.wrapping, req.keyWrapType),
  };
}
