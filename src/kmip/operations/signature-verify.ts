/**
 * SignatureVerify: request and response codecs, server and client halves (one-shot only).
 * @module
 */
import { bytes, enumeration, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optBytes, reqBytes, reqEnum, reqText } from '../ttlv/read.js';
import { encodeCryptographicParameters, readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import { refuseStreaming } from './streaming.js';
import { readSignedInput, signedInputNode, type SignedInput } from './sign.js';
import { VALIDITY_INDICATORS, type ValidityIndicator } from './mac-verify.js';
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

/** Writes a SignatureVerify request payload. */
export function encodeSignatureVerifyRequest(r: Loose<SignatureVerifyRequest>): TtlvStructure {
  return struct('SignatureVerify', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.parameters, encodeCryptographicParameters),
    signedInputNode(r.input),
    bytes('SignatureData', r.signatureData),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}

/** Reads a SignatureVerifyResponse. */
export function decodeSignatureVerifyResponse(s: TtlvStructure): SignatureVerifyResponse {
  expectTag(s, 'SignatureVerifyResponse');
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    validity: reqEnum(s, 'ValidityIndicator', VALIDITY_INDICATORS),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}
