/**
 * Export: the Get request shape; the response adds the object's attributes. Server and client halves.
 * @module
 */
import { enumeration, struct, text } from '../ttlv/build.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { reqStruct } from '../ttlv/read.js';
import { decodeGetResponse, encodeGetRequest, type GetRequest } from './get.js';
import type { Loose } from '../loose.js';
import type { ObjectType } from '../enums.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

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

/** Writes an Export request payload. */
export function encodeExportRequest(r: Loose<GetRequest>): TtlvStructure {
  return encodeGetRequest(r, 'Export');
}

/** Reads an ExportResponse. */
export function decodeExportResponse(s: TtlvStructure): ExportResponse {
  const { objectType, uniqueIdentifier, object } = decodeGetResponse(s, 'ExportResponse');
  return { objectType, uniqueIdentifier, attributes: attributeListOf(reqStruct(s, 'Attributes')), object };
}
