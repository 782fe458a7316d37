/**
 * Locate: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { int, list, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optInt, optStruct, textItems } from '../ttlv/read.js';
import type { Loose } from '../loose.js';
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

/** Writes a Locate request payload, fields in Cosmian's order. */
export function encodeLocateRequest(r: Loose<LocateRequest>): TtlvStructure {
  return struct('Locate', [
    opt(r.maximumItems, (v) => int('MaximumItems', v)),
    opt(r.offsetItems, (v) => int('OffsetItems', v)),
    struct('Attributes', r.attributes),
  ]);
}

/** A Locate response. */
export interface LocateResponse {
  /** All matches, not only this page (optional in KMIP; this server always says). */
  readonly locatedItems: number | undefined;
  readonly uniqueIdentifiers: readonly string[];
}

/** Reads a LocateResponse. */
export function decodeLocateResponse(s: TtlvStructure): LocateResponse {
  expectTag(s, 'LocateResponse');
  return { locatedItems: optInt(s, 'LocatedItems'), uniqueIdentifiers: textItems(s, 'UniqueIdentifier') };
}
