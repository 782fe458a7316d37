/**
 * Register: request and response codecs, server and client halves. The object may come as `Object` or under
 * its type's name (`SymmetricKey`, `PrivateKey`, ...), as KMIP clients differ.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { OBJECT_TYPES, type ObjectType } from '../enums.js';
import { enumeration, struct, text } from '../ttlv/build.js';
import { optStruct, reqEnum } from '../ttlv/read.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Register request. */
export interface RegisterRequest {
  readonly objectType: ObjectType;
  readonly attributes: AttributeList;
  readonly object: TtlvStructure;
}

/** Reads a Register request payload. */
export function decodeRegister(s: TtlvStructure): RegisterRequest {
  const objectType = reqEnum(s, 'ObjectType', OBJECT_TYPES);
  const object = optStruct(s, 'Object') ?? optStruct(s, objectType);
  if (object === undefined) throw new KmipError('Invalid_Message', `Register: the ${objectType} object is required`);
  const attrs = optStruct(s, 'Attributes');
  return { objectType, attributes: attrs === undefined ? [] : attributeListOf(attrs), object };
}

/** Writes a RegisterResponse. */
export function encodeRegisterResponse(uniqueIdentifier: string): TtlvNode {
  return struct('RegisterResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes a Register request payload: ObjectType, Attributes, then the object under `Object`. */
export function encodeRegisterRequest(r: RegisterRequest): TtlvStructure {
  return struct('Register', [enumeration('ObjectType', r.objectType), struct('Attributes', r.attributes), struct('Object', r.object.value)]);
}

/** A Register response. */
export type RegisterResponse = IdentifierPayload;

/** Reads a RegisterResponse. */
export function decodeRegisterResponse(s: TtlvStructure): RegisterResponse {
  return decodeIdentifierPayload('RegisterResponse', s);
}
