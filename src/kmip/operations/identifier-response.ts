/**
 * The payloads that are nothing but an identifier: the requests of Activate, Destroy and
 * GetAttributeList, and the responses of the operations that only name the object they touched.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { expectTag, reqText } from '../ttlv/read.js';
import type { TtlvStructure } from '../ttlv/node.js';

/** A payload holding one identifier. */
export interface IdentifierPayload {
  readonly uniqueIdentifier: string;
}

/** Writes a payload of one UniqueIdentifier under the root tag. */
export function encodeIdentifierPayload(tag: string, r: IdentifierPayload): TtlvStructure {
  return struct(tag, [text('UniqueIdentifier', r.uniqueIdentifier)]);
}

/** Reads a payload of one UniqueIdentifier, checking its root tag. */
export function decodeIdentifierPayload(tag: string, s: TtlvStructure): IdentifierPayload {
  expectTag(s, tag);
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}
