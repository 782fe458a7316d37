/**
 * Hash: request and response codecs, server and client halves. Only single-part hashing is offered, so the
 * streaming indicators are read just to refuse anything but a one-shot request.
 * @module
 */
import { bytes, opt, struct } from '../ttlv/build.js';
import { expectTag, optBytes, reqBytes, reqStruct } from '../ttlv/read.js';
import { decodeCryptographicParameters, encodeCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import { refuseStreaming } from './streaming.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Hash request. */
export interface HashRequest {
  readonly parameters: CryptographicParameters;
  readonly data: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads a Hash request payload. */
export function decodeHash(s: TtlvStructure): HashRequest {
  refuseStreaming(s);
  return {
    parameters: decodeCryptographicParameters(reqStruct(s, 'CryptographicParameters')),
    data: reqBytes(s, 'Data'),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}

/** A Hash response. */
export interface HashResponse {
  readonly data: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Writes a HashResponse (KMIP 2.1 carries the digest in `Data`). */
export function encodeHashResponse(r: HashResponse): TtlvNode {
  return struct('HashResponse', [bytes('Data', r.data), opt(r.correlationValue, (v) => bytes('CorrelationValue', v))]);
}

/** Writes a Hash request payload. */
export function encodeHashRequest(r: Loose<HashRequest>): TtlvStructure {
  return struct('Hash', [encodeCryptographicParameters(r.parameters), bytes('Data', r.data), opt(r.correlationValue, (v) => bytes('CorrelationValue', v))]);
}

/** Reads a HashResponse. */
export function decodeHashResponse(s: TtlvStructure): HashResponse {
  expectTag(s, 'HashResponse');
  return { data: reqBytes(s, 'Data'), correlationValue: optBytes(s, 'CorrelationValue') };
}
