/**
 * Import: request decoding and response encoding.
 * @module
 */
import { attributeListOf, type AttributeList } from '../attributes.js';
import { KEY_WRAP_TYPES, OBJECT_TYPES, type ObjectType } from '../enums.js';
import { struct, text } from '../ttlv/build.js';
import { optBool, optEnum, optStruct, reqEnum, reqStruct, reqText } from '../ttlv/read.js';
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
