/**
 * Activate: request and response codecs, server and client halves.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqText } from '../ttlv/read.js';
import { decodeIdentifierPayload, encodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Activate request: the identifier. */
export type ActivateRequest = IdentifierPayload;
/** An Activate response. */
export type ActivateResponse = IdentifierPayload;

/** Reads an Activate request payload: the identifier. */
export function decodeActivate(s: TtlvStructure): ActivateRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}

/** Writes an ActivateResponse. */
export function encodeActivateResponse(uniqueIdentifier: string): TtlvNode {
  return struct('ActivateResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes an Activate request payload. */
export function encodeActivateRequest(r: ActivateRequest): TtlvStructure {
  return encodeIdentifierPayload('Activate', r);
}

/** Reads an ActivateResponse. */
export function decodeActivateResponse(s: TtlvStructure): ActivateResponse {
  return decodeIdentifierPayload('ActivateResponse', s);
}
