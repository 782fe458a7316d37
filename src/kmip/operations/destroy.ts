/**
 * Destroy: request decoding and response encoding.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** Reads a Destroy request payload: the identifier. */
export function decodeDestroy(s: TtlvStructure): { readonly uniqueIdentifier: string } {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}

/** Writes a DestroyResponse. */
export function encodeDestroyResponse(uniqueIdentifier: string): TtlvNode {
  return struct('DestroyResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}
