/**
 * Export: like Get, but objects in any state, and with their attributes.
 * @module
 */
import { destroyedKeyBlock } from '../../kmip/key-block.js';
import { ANY_STATE, resolveObject } from '../object-access.js';
import { visibleAttributes } from '../stored-object.js';
import { exportedObject, reportedType } from '../key-export.js';
import { encodeCertificate } from '../../kmip/certificate.js';
import type { ExportRequest, ExportResponse } from '../../kmip/operations/export.js';
import type { OperationContext } from '../context.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { ObjectRecord } from '../../storage/object-record.js';

/** Returns an object in any state; a destroyed key comes back Opaque and empty, a destroyed certificate with no bytes. */
export function exportObject(ctx: OperationContext, req: ExportRequest): ExportResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ANY_STATE, 'export');
  const destroyed = rec.state === 'Destroyed' || rec.state === 'Destroyed_Compromised';
  return {
    objectType: reportedType(rec),
    uniqueIdentifier: rec.id,
    attributes: visibleAttributes(rec),
    object: destroyed ? destroyedObject(rec) : exportedObject(ctx, rec, req.keyFormatType, req.wrapping, req.keyWrapType),
  };
}

function destroyedObject(rec: ObjectRecord): readonly TtlvNode[] {
  if (rec.objectType === 'Certificate') return encodeCertificate(new Uint8Array(0)).value;
  return [destroyedKeyBlock(rec.cryptographicAlgorithm ?? undefined, rec.cryptographicLength ?? undefined)];
}

