/**
 * GetAttributeList: request decoding and response encoding.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqText } from '../ttlv/read.js';
import { attributeReferenceNode, type AttributeReference } from './attribute-reference.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded GetAttributeList request. */
export interface GetAttributeListRequest {
  readonly uniqueIdentifier: string;
}

/** Reads a GetAttributeList request payload. */
export function decodeGetAttributeList(s: TtlvStructure): GetAttributeListRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}

/** Writes a GetAttributeListResponse: one AttributeReference per attribute the object has. */
export function encodeGetAttributeListResponse(uniqueIdentifier: string, references: readonly AttributeReference[]): TtlvNode {
  return struct('GetAttributeListResponse', [text('UniqueIdentifier', uniqueIdentifier), ...references.map(attributeReferenceNode)]);
}
