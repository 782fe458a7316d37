/**
 * Hash: request decoding and response encoding. Only single-part hashing is offered, so the
 * streaming indicators are read just to refuse anything but a one-shot request.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { bytes, opt, struct } from '../ttlv/build.js';
import { optBool, optBytes, reqBytes, reqStruct } from '../ttlv/read.js';
import { decodeCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** Refuses by-parts (streaming) requests: only absent indicators or Init and Final both true are one-shot. */
export function refuseStreaming(s: TtlvStructure): void {
  const init = optBool(s, 'InitIndicator');
  const final = optBool(s, 'FinalIndicator');
  if (init === undefined && final === undefined) return;
  if (init === true && final === true) return;
  throw new KmipError('Feature_Not_Supported', `${s.tag}: streaming (InitIndicator/FinalIndicator) is not supported; send the data in one request`);
}

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
