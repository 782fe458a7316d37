/**
 * Get: request and response codecs, server and client halves (Export shares the request shape).
 * @module
 */
import { KEY_FORMAT_TYPES, KEY_WRAP_TYPES, OBJECT_TYPES, type KeyFormatType, type ObjectType } from '../enums.js';
import { enumeration, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optEnum, reqEnum, reqStruct, reqText } from '../ttlv/read.js';
import { encodeKeyWrappingSpecification, readKeyWrappingSpecification, type KeyWrappingSpecification } from '../key-wrapping.js';
import type { Loose } from '../loose.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Get (or Export) request. */
export interface GetRequest {
  readonly uniqueIdentifier: string;
  readonly keyFormatType: KeyFormatType | undefined;
  /** AsRegistered returns a key stored wrapped as it is; NotWrapped asks for it in the clear. */
  readonly keyWrapType: (typeof KEY_WRAP_TYPES)[number] | undefined;
  readonly wrapping: KeyWrappingSpecification | undefined;
}

/** Reads a Get or Export request payload. */
export function decodeGet(s: TtlvStructure): GetRequest {
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    keyFormatType: optEnum(s, 'KeyFormatType', KEY_FORMAT_TYPES),
    keyWrapType: optEnum(s, 'KeyWrapType', KEY_WRAP_TYPES),
    wrapping: readKeyWrappingSpecification(s),
  };
}

/** A Get response. */
export interface GetResponse {
  readonly objectType: ObjectType;
  readonly uniqueIdentifier: string;
  /** The children of `Object`: the KeyBlock (after a SecretDataType for secret data). */
  readonly object: readonly TtlvNode[];
}

/** Writes a GetResponse. */
export function encodeGetResponse(r: GetResponse): TtlvNode {
  return struct('GetResponse', [
    enumeration('ObjectType', r.objectType),
    text('UniqueIdentifier', r.uniqueIdentifier),
    struct('Object', r.object),
  ]);
}

/** Writes a Get (or, with `tag` Export, an Export) request payload. */
export function encodeGetRequest(r: Loose<GetRequest>, tag: 'Get' | 'Export' = 'Get'): TtlvStructure {
  return struct(tag, [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.keyFormatType, (v) => enumeration('KeyFormatType', v)),
    opt(r.keyWrapType, (v) => enumeration('KeyWrapType', v)),
    opt(r.wrapping, encodeKeyWrappingSpecification),
  ]);
}

/** Reads a GetResponse (or, with `tag` ExportResponse, the fields it shares with an ExportResponse). */
export function decodeGetResponse(s: TtlvStructure, tag = 'GetResponse'): GetResponse {
  expectTag(s, tag);
  return { objectType: reqEnum(s, 'ObjectType', OBJECT_TYPES), uniqueIdentifier: reqText(s, 'UniqueIdentifier'), object: reqStruct(s, 'Object').value };
}
