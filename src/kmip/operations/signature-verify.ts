/**
 * SignatureVerify: request decoding and response encoding (one-shot only).
 * @module
 */
import { bytes, enumeration, opt, struct, text } from '../ttlv/build.js';
import { optBytes, reqBytes, reqText } from '../ttlv/read.js';
import { readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import { refuseStreaming } from './streaming.js';
import { readSignedInput, type SignedInput } from './sign.js';
import type { ValidityIndicator } from './mac-verify.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded SignatureVerify request. */
export interface SignatureVerifyRequest {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
  readonly input: SignedInput;
  readonly signatureData: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads a SignatureVerify request payload. */
export function decodeSignatureVerify(s: TtlvStructure): SignatureVerifyRequest {
  refuseStreaming(s);
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    parameters: readCryptographicParameters(s),
    input: readSignedInput(s),
    signatureData: reqBytes(s, 'SignatureData'),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}

/** A SignatureVerify response. */
export interface SignatureVerifyResponse {
  readonly uniqueIdentifier: string;
  readonly validity: ValidityIndicator;
  readonly correlationValue: Uint8Array | undefined;
}

/** Writes a SignatureVerifyResponse. */
export function encodeSignatureVerifyResponse(r: SignatureVerifyResponse): TtlvNode {
  return struct('SignatureVerifyResponse', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    enumeration('ValidityIndicator', r.validity),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}
