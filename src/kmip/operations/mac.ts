/**
 * MAC: request and response codecs, server and client halves (one-shot only).
 * @module
 */
import { bytes, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optBytes, reqBytes, reqText } from '../ttlv/read.js';
import { encodeCryptographicParameters, readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import { refuseStreaming } from './streaming.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded MAC request. */
export interface MacRequest {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
  readonly data: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads a MAC request payload. */
export function decodeMac(s: TtlvStructure): MacRequest {
  refuseStreaming(s);
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    parameters: readCryptographicParameters(s),
    data: reqBytes(s, 'Data'),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}

/** A MAC response. */
export interface MacResponse {
  readonly uniqueIdentifier: string;
  readonly macData: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Writes a MACResponse. */
export function encodeMacResponse(r: MacResponse): TtlvNode {
  return struct('MACResponse', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    bytes('MACData', r.macData),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}

/** Writes a MAC request payload. */
export function encodeMacRequest(r: Loose<MacRequest>): TtlvStructure {
  return struct('MAC', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.parameters, encodeCryptographicParameters),
    bytes('Data', r.data),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}

/** Reads a MACResponse. */
export function decodeMacResponse(s: TtlvStructure): MacResponse {
  expectTag(s, 'MACResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), macData: reqBytes(s, 'MACData'), correlationValue: optBytes(s, 'CorrelationValue') };
}
