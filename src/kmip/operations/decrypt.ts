/**
 * Decrypt: request and response codecs, server and client halves.
 * @module
 */
import { bytes, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optBytes, reqBytes, reqText } from '../ttlv/read.js';
import { readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import { encodeEncryptRequest } from './encrypt.js';
import type { Loose } from '../loose.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Decrypt request. */
export interface DecryptRequest {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
  readonly data: Uint8Array;
  readonly nonce: Uint8Array | undefined;
  readonly tag: Uint8Array | undefined;
  readonly aad: Uint8Array | undefined;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads a Decrypt request payload. */
export function decodeDecrypt(s: TtlvStructure): DecryptRequest {
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    parameters: readCryptographicParameters(s),
    data: reqBytes(s, 'Data'),
    nonce: optBytes(s, 'IvCounterNonce'),
    tag: optBytes(s, 'AuthenticatedEncryptionTag'),
    aad: optBytes(s, 'AuthenticatedEncryptionAdditionalData'),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}

/** Writes a DecryptResponse. */
export function encodeDecryptResponse(uniqueIdentifier: string, data: Uint8Array, correlationValue: Uint8Array | undefined): TtlvNode {
  return struct('DecryptResponse', [
    text('UniqueIdentifier', uniqueIdentifier),
    bytes('Data', data),
    opt(correlationValue, (v) => bytes('CorrelationValue', v)),
  ]);
}

/** Writes a Decrypt request payload. */
export function encodeDecryptRequest(r: Loose<DecryptRequest>): TtlvStructure {
  // The fields of an Encrypt request, then the tag.
  return struct('Decrypt', [...encodeEncryptRequest(r).value, opt(r.tag, (v) => bytes('AuthenticatedEncryptionTag', v))]);
}

/** A Decrypt response. */
export interface DecryptResponse {
  readonly uniqueIdentifier: string;
  readonly data: Uint8Array;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads a DecryptResponse. */
export function decodeDecryptResponse(s: TtlvStructure): DecryptResponse {
  expectTag(s, 'DecryptResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), data: reqBytes(s, 'Data'), correlationValue: optBytes(s, 'CorrelationValue') };
}
