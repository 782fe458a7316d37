/**
 * Locate: request decoding and response encoding.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { int, list, struct, text } from '../ttlv/build.js';
import { optInt, optStruct } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Locate request. */
export interface LocateRequest {
  readonly attributes: AttributeList;
  readonly maximumItems: number | undefined;
  readonly offsetItems: number | undefined;
}

function nonNegative(s: TtlvStructure, tag: string): number | undefined {
  const v = optInt(s, tag);
  if (v !== undefined && v < 0) throw new KmipError('Invalid_Field', `Locate: ${tag} must not be negative`);
  return v;
}

/** Reads a Locate request payload. */
export function decodeLocate(s: TtlvStructure): LocateRequest {
  const attrs = optStruct(s, 'Attributes');
  return {
    attributes: attrs ? attributeListOf(attrs) : [],
    maximumItems: nonNegative(s, 'MaximumItems'),
    offsetItems: nonNegative(s, 'OffsetItems'),
  };
}

/** Writes a LocateResponse: the total number of matches and the identifiers of this page. */
export function encodeLocateResponse(locatedItems: number, ids: readonly string[]): TtlvNode {
  return struct('LocateResponse', [
    int('LocatedItems', locatedItems),
    list('UniqueIdentifier', ids.map((id) => text('UniqueIdentifier', id))),
  ]);
}
