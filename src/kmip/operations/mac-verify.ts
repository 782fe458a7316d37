/**
 * MACVerify: request decoding and response encoding (one-shot only).
 * @module
 */
import { enumeration, struct, text } from '../ttlv/build.js';
import { reqBytes, reqText } from '../ttlv/read.js';
import { readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import { refuseStreaming } from './streaming.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** ValidityIndicator names this server answers with (KMIP also has Unknown, which it never needs). */
export type ValidityIndicator = 'Valid' | 'Invalid';

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
