/**
 * Get: request decoding and response encoding (Export shares the request shape).
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { KEY_FORMAT_TYPES, KEY_WRAP_TYPES, type KeyFormatType, type ObjectType } from '../enums.js';
import { enumeration, struct, text } from '../ttlv/build.js';
import { child, optEnum, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Get (or Export) request. */
export interface GetRequest {
  readonly uniqueIdentifier: string;
  readonly keyFormatType: KeyFormatType | undefined;
}

/** Reads a Get or Export request payload. */
export function decodeGet(s: TtlvStructure): GetRequest {
  optEnum(s, 'KeyWrapType', KEY_WRAP_TYPES);
  if (child(s, 'KeyWrappingSpecification') !== undefined) {
    throw new KmipError('Feature_Not_Supported', `${s.tag}: key wrapping is not supported yet`);
  }
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), keyFormatType: optEnum(s, 'KeyFormatType', KEY_FORMAT_TYPES) };
}

/** A Get response. */
export interface GetResponse {
  readonly objectType: ObjectType;
  readonly uniqueIdentifier: string;
  /** The KeyBlock (or other object content) to wrap in `Object`. */
  readonly object: TtlvStructure;
}

/** Writes a GetResponse. */
export function encodeGetResponse(r: GetResponse): TtlvNode {
  return struct('GetResponse', [
    enumeration('ObjectType', r.objectType),
    text('UniqueIdentifier', r.uniqueIdentifier),
    struct('Object', [r.object]),
  ]);
}
