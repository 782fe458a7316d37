/**
 * Destroy: request and response codecs, server and client halves.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqText } from '../ttlv/read.js';
import { decodeIdentifierPayload, encodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Destroy request: the identifier. */
export type DestroyRequest = IdentifierPayload;
/** A Destroy response. */
export type DestroyResponse = IdentifierPayload;

/** Reads a Destroy request payload: the identifier. */
export function decodeDestroy(s: TtlvStructure): DestroyRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}

/** Writes a DestroyResponse. */
export function encodeDestroyResponse(uniqueIdentifier: string): TtlvNode {
  return struct('DestroyResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes a Destroy request payload. */
export function encodeDestroyRequest(r: DestroyRequest): TtlvStructure {
  return encodeIdentifierPayload('Destroy', r);
}

/** Reads a DestroyResponse. */
export function decodeDestroyResponse(s: TtlvStructure): DestroyResponse {
  return decodeIdentifierPayload('DestroyResponse', s);
}
