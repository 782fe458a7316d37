/**
 * Encrypt: request and response codecs, server and client halves.
 * @module
 */
import { bytes, opt, struct, text } from '../ttlv/build.js';
import { expectTag, optBytes, reqBytes, reqText } from '../ttlv/read.js';
import { encodeCryptographicParameters, readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Encrypt request. */
export interface EncryptRequest {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
  readonly data: Uint8Array;
  readonly nonce: Uint8Array | undefined;
  readonly aad: Uint8Array | undefined;
  readonly correlationValue: Uint8Array | undefined;
}

/** Reads an Encrypt request payload. */
export function decodeEncrypt(s: TtlvStructure): EncryptRequest {
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    parameters: readCryptographicParameters(s),
    data: reqBytes(s, 'Data'),
    nonce: optBytes(s, 'IvCounterNonce'),
    aad: optBytes(s, 'AuthenticatedEncryptionAdditionalData'),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}

/** An Encrypt response. */
export interface EncryptResponse {
  readonly uniqueIdentifier: string;
  readonly data: Uint8Array;
  /** Absent for ciphers without a nonce (RSA, key wrap) and for BulkData answers. */
  readonly nonce: Uint8Array | undefined;
  /** Present for AEAD ciphers only. */
  readonly tag: Uint8Array | undefined;
  readonly correlationValue: Uint8Array | undefined;
}

/** Writes an EncryptResponse. */
export function encodeEncryptResponse(r: EncryptResponse): TtlvNode {
  return struct('EncryptResponse', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    bytes('Data', r.data),
    opt(r.nonce, (v) => bytes('IvCounterNonce', v)),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
    opt(r.tag, (v) => bytes('AuthenticatedEncryptionTag', v)),
  ]);
}

/** Writes an Encrypt request payload. */
export function encodeEncryptRequest(r: Loose<EncryptRequest>): TtlvStructure {
  return struct('Encrypt', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.parameters, encodeCryptographicParameters),
    bytes('Data', r.data),
    opt(r.nonce, (v) => bytes('IvCounterNonce', v)),
    opt(r.correlationValue, (v) => bytes('CorrelationValue', v)),
    opt(r.aad, (v) => bytes('AuthenticatedEncryptionAdditionalData', v)),
  ]);
}

/** Reads an EncryptResponse. */
export function decodeEncryptResponse(s: TtlvStructure): EncryptResponse {
  expectTag(s, 'EncryptResponse');
  return {
    uniqueIdentifier: reqText(s, 'UniqueIdentifier'),
    data: reqBytes(s, 'Data'),
    nonce: optBytes(s, 'IvCounterNonce'),
    tag: optBytes(s, 'AuthenticatedEncryptionTag'),
    correlationValue: optBytes(s, 'CorrelationValue'),
  };
}
