/**
 * GetAttributes: request decoding and response encoding.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqText } from '../ttlv/read.js';
import { readAttributeReferences, type AttributeReference } from './attribute-reference.js';
import type { AttributeList } from '../attributes.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded GetAttributes request; no references means all attributes. */
export interface GetAttributesRequest {
  readonly uniqueIdentifier: string;
  readonly references: readonly AttributeReference[];
}

/** Reads a GetAttributes request payload. */
export function decodeGetAttributes(s: TtlvStructure): GetAttributesRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), references: readAttributeReferences(s) };
}

/** Writes a GetAttributesResponse. */
export function encodeGetAttributesResponse(uniqueIdentifier: string, attributes: AttributeList): TtlvNode {
  return struct('GetAttributesResponse', [text('UniqueIdentifier', uniqueIdentifier), struct('Attributes', attributes)]);
}
