/**
 * Import: request and response codecs, server and client halves.
 * @module
 */
import { attributeListOf, type AttributeList } from '../attributes.js';
import { KEY_WRAP_TYPES, OBJECT_TYPES, type ObjectType } from '../enums.js';
import { bool, enumeration, opt, struct, text } from '../ttlv/build.js';
import type { Loose } from '../loose.js';
import { optBool, optEnum, optStruct, reqEnum, reqStruct, reqText } from '../ttlv/read.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Import request. */
export interface ImportRequest {
  /** Empty means "let the server choose". */
  readonly uniqueIdentifier: string;
  readonly objectType: ObjectType;
  readonly replaceExisting: boolean;
  readonly keyWrapType: (typeof KEY_WRAP_TYPES)[number] | undefined;
  readonly attributes: AttributeList;
  readonly object: TtlvStructure;
}

/** Reads an Import request payload. */
export function decodeImport(s: TtlvStructure): ImportRequest {
  const attrs = optStruct(s, 'Attributes');
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    objectType: reqEnum(s, 'ObjectType', OBJECT_TYPES),
    replaceExisting: optBool(s, 'ReplaceExisting') ?? false,
    keyWrapType: optEnum(s, 'KeyWrapType', KEY_WRAP_TYPES),
    attributes: attrs ? attributeListOf(attrs) : [],
    object: reqStruct(s, 'Object'),
  };
}

/** Writes an ImportResponse. */
export function encodeImportResponse(uniqueIdentifier: string): TtlvNode {
  return struct('ImportResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes an Import request payload, fields in Cosmian's order (ReplaceExisting only when true). */
export function encodeImportRequest(r: Loose<ImportRequest>): TtlvStructure {
  return struct('Import', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    enumeration('ObjectType', r.objectType),
    r.replaceExisting ? bool('ReplaceExisting', true) : undefined,
    opt(r.keyWrapType, (v) => enumeration('KeyWrapType', v)),
    struct('Attributes', r.attributes),
    struct('Object', r.object.value),
  ]);
}

/** An Import response. */
export type ImportResponse = IdentifierPayload;

/** Reads an ImportResponse. */
export function decodeImportResponse(s: TtlvStructure): ImportResponse {
  return decodeIdentifierPayload('ImportResponse', s);
}
