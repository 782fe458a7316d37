/**
 * RNGRetrieve: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { bytes, int, struct } from '../ttlv/build.js';
import { expectTag, optInt, reqBytes } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** The most random bytes one request may ask for, so a single call cannot make a huge response. */
export const MAX_RNG_LENGTH = 65536;

/** A decoded RNGRetrieve request. */
export interface RngRetrieveRequest {
  readonly dataLength: number;
}

/** Reads an RNGRetrieve request payload; DataLength must be 1 to MAX_RNG_LENGTH bytes. */
export function decodeRngRetrieve(s: TtlvStructure): RngRetrieveRequest {
  const dataLength = optInt(s, 'DataLength');
  if (dataLength === undefined) throw new KmipError('Invalid_Message', `${s.tag}: DataLength is required`);
  if (dataLength < 1 || dataLength > MAX_RNG_LENGTH) {
    throw new KmipError('Invalid_Field', `${s.tag}: DataLength must be between 1 and ${MAX_RNG_LENGTH} bytes, not ${dataLength}`);
  }
  return { dataLength };
}

/** Writes an RNGRetrieveResponse. */
export function encodeRngRetrieveResponse(data: Uint8Array): TtlvNode {
  return struct('RNGRetrieveResponse', [bytes('Data', data)]);
}

/** Writes an RNGRetrieve request payload. */
export function encodeRngRetrieveRequest(r: RngRetrieveRequest): TtlvStructure {
  return struct('RNGRetrieve', [int('DataLength', r.dataLength)]);
}

/** An RNGRetrieve response. */
export interface RngRetrieveResponse {
  readonly data: Uint8Array;
}

/** Reads an RNGRetrieveResponse. */
export function decodeRngRetrieveResponse(s: TtlvStructure): RngRetrieveResponse {
  expectTag(s, 'RNGRetrieveResponse');
  return { data: reqBytes(s, 'Data') };
}
