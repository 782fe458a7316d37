/**
 * Activate: request decoding and response encoding.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** Reads an Activate request payload: the identifier. */
export function decodeActivate(s: TtlvStructure): { readonly uniqueIdentifier: string } {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}

/** Writes an ActivateResponse. */
export function encodeActivateResponse(uniqueIdentifier: string): TtlvNode {
  return struct('ActivateResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}
