/**
 * GetAttributes: request and response codecs, server and client halves.
 * @module
 */
import { list, struct, text } from '../ttlv/build.js';
import { expectTag, reqStruct, reqText } from '../ttlv/read.js';
import { attributeReferenceNode, readAttributeReferences, type AttributeReference } from './attribute-reference.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
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

/** Writes a GetAttributes request payload (references in Cosmian's `AttributeReferences` list form). */
export function encodeGetAttributesRequest(r: GetAttributesRequest): TtlvStructure {
  return struct('GetAttributes', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    list('AttributeReferences', r.references.map((ref) => attributeReferenceNode(ref, 'AttributeReferences'))),
  ]);
}

/** A GetAttributes response. */
export interface GetAttributesResponse {
  readonly uniqueIdentifier: string;
  readonly attributes: AttributeList;
}

/** Reads a GetAttributesResponse. */
export function decodeGetAttributesResponse(s: TtlvStructure): GetAttributesResponse {
  expectTag(s, 'GetAttributesResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), attributes: attributeListOf(reqStruct(s, 'Attributes')) };
}
