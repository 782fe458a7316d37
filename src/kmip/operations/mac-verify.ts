/**
 * MACVerify: request and response codecs, server and client halves (one-shot only).
 * @module
 */
import { bytes, enumeration, opt, struct, text } from '../ttlv/build.js';
import { expectTag, reqBytes, reqEnum, reqText } from '../ttlv/read.js';
import { encodeCryptographicParameters, readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import { refuseStreaming } from './streaming.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** ValidityIndicator names this server answers with (KMIP also has Unknown, which it never needs). */
export const VALIDITY_INDICATORS = ['Valid', 'Invalid'] as const;
/** A ValidityIndicator. */
export type ValidityIndicator = (typeof VALIDITY_INDICATORS)[number];

/** A decoded MACVerify request. */
export interface MacVerifyRequest {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
  readonly data: Uint8Array;
  readonly macData: Uint8Array;
}

/** Reads a MACVerify request payload. */
export function decodeMacVerify(s: TtlvStructure): MacVerifyRequest {
  refuseStreaming(s);
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    parameters: readCryptographicParameters(s),
    data: reqBytes(s, 'Data'),
    macData: reqBytes(s, 'MACData'),
  };
}

/** A MACVerify response. */
export interface MacVerifyResponse {
  readonly uniqueIdentifier: string;
  readonly validity: ValidityIndicator;
}

/** Writes a MACVerifyResponse. */
export function encodeMacVerifyResponse(r: MacVerifyResponse): TtlvNode {
  return struct('MACVerifyResponse', [text('UniqueIdentifier', r.uniqueIdentifier), enumeration('ValidityIndicator', r.validity)]);
}

/** Writes a MACVerify request payload. */
export function encodeMacVerifyRequest(r: Loose<MacVerifyRequest>): TtlvStructure {
  return struct('MACVerify', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.parameters, encodeCryptographicParameters),
    bytes('Data', r.data),
    bytes('MACData', r.macData),
  ]);
}

/** Reads a MACVerifyResponse. */
export function decodeMacVerifyResponse(s: TtlvStructure): MacVerifyResponse {
  expectTag(s, 'MACVerifyResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), validity: reqEnum(s, 'ValidityIndicator', VALIDITY_INDICATORS) };
}
