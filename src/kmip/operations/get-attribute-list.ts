/**
 * GetAttributeList: request and response codecs, server and client halves.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { expectTag, reqText } from '../ttlv/read.js';
import { attributeReferenceNode, readAttributeReferences, type AttributeReference } from './attribute-reference.js';
import { encodeIdentifierPayload } from './identifier-response.js';
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
  return struct('GetAttributeListResponse', [text('UniqueIdentifier', uniqueIdentifier), ...references.map((r) => attributeReferenceNode(r))]);
}

/** Writes a GetAttributeList request payload. */
export function encodeGetAttributeListRequest(r: GetAttributeListRequest): TtlvStructure {
  return encodeIdentifierPayload('GetAttributeList', r);
}

/** A GetAttributeList response: a reference to each attribute the object has. */
export interface GetAttributeListResponse {
  readonly uniqueIdentifier: string;
  readonly references: readonly AttributeReference[];
}

/** Reads a GetAttributeListResponse. */
export function decodeGetAttributeListResponse(s: TtlvStructure): GetAttributeListResponse {
  expectTag(s, 'GetAttributeListResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), references: readAttributeReferences(s) };
}
