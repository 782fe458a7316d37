/**
 * Sign: request and response codecs, server and client halves (one-shot only). The input is either the message
 * (Data) or its digest (DigestedData), never both.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { bytes, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optBytes, reqBytes, reqText } from '../ttlv/read.js';
import { encodeCryptographicParameters, readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import { refuseStreaming } from './streaming.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** What is signed or verified: the message itself, or its digest under the scheme's hash. */
export type SignedInput = { readonly kind: 'data'; readonly data: Uint8Array } | { readonly kind: 'digest'; readonly digest: Uint8Array };

/** A decoded Sign request. */
export interface SignRequest {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
  readonly input: SignedInput;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads the Data or DigestedData of a Sign or SignatureVerify payload; exactly one must be present. */
export function readSignedInput(s: TtlvStructure): SignedInput {
  const data = optBytes(s, 'Data');
  const digest = optBytes(s, 'DigestedData');
  if (data !== undefined && digest !== undefined) throw new KmipError('Invalid_Message', `${s.tag}: send either Data or DigestedData, not both`);
  if (data !== undefined) return { kind: 'data', data };
  if (digest !== undefined) return { kind: 'digest', digest };
  throw new KmipError('Invalid_Message', `${s.tag}: Data or DigestedData is required`);
}

/** Reads a Sign request payload. */
export function decodeSign(s: TtlvStructure): SignRequest {
  refuseStreaming(s);
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    parameters: readCryptographicParameters(s),
    input: readSignedInput(s),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}

/** A Sign response. */
export interface SignResponse {
  readonly uniqueIdentifier: string;
  readonly signatureData: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Writes a SignResponse. */
export function encodeSignResponse(r: SignResponse): TtlvNode {
  return struct('SignResponse', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    bytes('SignatureData', r.signatureData),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}

/** The Data or DigestedData node of a signed input. */
export function signedInputNode(input: SignedInput): TtlvNode {
  return input.kind === 'data' ? bytes('Data', input.data) : bytes('DigestedData', input.digest);
}

/** Writes a Sign request payload. */
export function encodeSignRequest(r: Loose<SignRequest>): TtlvStructure {
  return struct('Sign', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.parameters, encodeCryptographicParameters),
    signedInputNode(r.input),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}

/** Reads a SignResponse. */
export function decodeSignResponse(s: TtlvStructure): SignResponse {
  expectTag(s, 'SignResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), signatureData: reqBytes(s, 'SignatureData'), correlationValue: optBytes(s, 'CorrelationValue') };
}
