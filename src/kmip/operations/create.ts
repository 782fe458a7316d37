/**
 * Create: request and response codecs, server and client halves.
 * @module
 */
import { attributeListOf, type AttributeList } from '../attributes.js';
import { OBJECT_TYPES, type ObjectType } from '../enums.js';
import { enumeration, struct, text } from '../ttlv/build.js';
import { expectTag, reqEnum, reqStruct, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Create request. */
export interface CreateRequest {
  readonly objectType: ObjectType;
  readonly attributes: AttributeList;
}

/** A Create response. */
export interface CreateResponse {
  readonly objectType: ObjectType;
  readonly uniqueIdentifier: string;
}

/** Reads a Create request payload. */
export function decodeCreate(s: TtlvStructure): CreateRequest {
  return { objectType: reqEnum(s, 'ObjectType', OBJECT_TYPES), attributes: attributeListOf(reqStruct(s, 'Attributes')) };
}

/** Writes a CreateResponse. */
export function encodeCreateResponse(r: CreateResponse): TtlvNode {
  return struct('CreateResponse', [enumeration('ObjectType', r.objectType), text('UniqueIdentifier', r.uniqueIdentifier)]);
}

/** Writes a Create request payload. */
export function encodeCreateRequest(r: CreateRequest): TtlvStructure {
  return struct('Create', [enumeration('ObjectType', r.objectType), struct('Attributes', r.attributes)]);
}

/** Reads a CreateResponse. */
export function decodeCreateResponse(s: TtlvStructure): CreateResponse {
  expectTag(s, 'CreateResponse');
  return { objectType: reqEnum(s, 'ObjectType', OBJECT_TYPES), uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}
