/**
 * Export: the Get request shape; the response adds the object's attributes.
 * @module
 */
import { enumeration, struct, text } from '../ttlv/build.js';
import type { AttributeList } from '../attributes.js';
import type { ObjectType } from '../enums.js';
import type { TtlvNode } from '../ttlv/node.js';

export { decodeGet as decodeExport, type GetRequest as ExportRequest } from './get.js';

/** An Export response. */
export interface ExportResponse {
  readonly objectType: ObjectType;
  readonly uniqueIdentifier: string;
  readonly attributes: AttributeList;
  /** The children of `Object`: the KeyBlock (after a SecretDataType for secret data). */
  readonly object: readonly TtlvNode[];
}

/** Writes an ExportResponse. */
export function encodeExportResponse(r: ExportResponse): TtlvNode {
  return struct('ExportResponse', [
    enumeration('ObjectType', r.objectType),
    text('UniqueIdentifier', r.uniqueIdentifier),
    struct('Attributes', r.attributes),
    struct('Object', r.object),
  ]);
}
