/**
 * KeyWrappingSpecification (what a client asks for on Get/Export) and KeyWrappingData (what a
 * wrapped KeyBlock says about how it was wrapped).
 * @module
 */
import { KmipError } from './kmip-error.js';
import { ENCODING_OPTIONS, WRAPPING_METHODS, type EncodingOption, type WrappingMethod } from './enums.js';
import { bytes, enumeration, opt, struct, text } from './ttlv/build.js';
import { childrenNamed, listItems, optBytes, optEnum, optStruct, reqEnum, reqText } from './ttlv/read.js';
import { decodeCryptographicParameters, encodeCryptographicParameters, type CryptographicParameters } from './operations/cryptographic-parameters.js';
import type { TtlvStructure } from './ttlv/node.js';

/** The key that wraps (or unwraps), by identifier, with optional parameters. */
export interface EncryptionKeyInformation {
  readonly uniqueIdentifier: string;
  readonly parameters: CryptographicParameters | undefined;
}

/** How a client wants a key wrapped. */
export interface KeyWrappingSpecification {
  readonly wrappingMethod: WrappingMethod;
  readonly encryptionKey: EncryptionKeyInformation | undefined;
  readonly attributeNames: readonly string[];
  readonly encodingOption: EncodingOption | undefined;
}

/** How a KeyBlock was wrapped. */
export interface KeyWrappingData {
  readonly wrappingMethod: WrappingMethod;
  readonly encryptionKey: EncryptionKeyInformation | undefined;
  readonly ivCounterNonce: Uint8Array | undefined;
  readonly encodingOption: EncodingOption | undefined;
}

function keyInfo(s: TtlvStructure): EncryptionKeyInformation | undefined {
  const info = optStruct(s, 'EncryptionKeyInformation');
  if (info === undefined) return undefined;
  const p = optStruct(info, 'CryptographicParameters');
  return { uniqueIdentifier: reqText(info, 'UniqueIdentifier'), parameters: p === undefined ? undefined : decodeCryptographicParameters(p) };
}

function encodeKeyInfo(k: EncryptionKeyInformation | undefined): TtlvStructure | undefined {
  if (k === undefined) return undefined;
  return struct('EncryptionKeyInformation', [
    text('UniqueIdentifier', k.uniqueIdentifier),
    opt(k.parameters, encodeCryptographicParameters),
  ]);
}

function checkMethod(s: TtlvStructure): WrappingMethod {
  const method = reqEnum(s, 'WrappingMethod', WRAPPING_METHODS);
  if (method !== 'Encrypt') throw new KmipError('Feature_Not_Supported', `${s.tag}: only the Encrypt wrapping method is supported, not ${method}`);
  if (optStruct(s, 'MACSignatureKeyInformation') !== undefined || optStruct(s, 'MACOrSignatureKeyInformation') !== undefined) {
    throw new KmipError('Feature_Not_Supported', `${s.tag}: MAC or signature key information is not supported`);
  }
  return method;
}

/** Reads a KeyWrappingSpecification. */
export function decodeKeyWrappingSpecification(s: TtlvStructure): KeyWrappingSpecification {
  const wrappingMethod = checkMethod(s);
  const encryptionKey = keyInfo(s);
  if (encryptionKey === undefined) throw new KmipError('Invalid_Message', 'KeyWrappingSpecification: EncryptionKeyInformation is required');
  const attributeNames = [...listItems(s, 'AttributeName'), ...childrenNamed(s, 'AttributeNames')].map((n) => {
    if (n.type !== 'TextString') throw new KmipError('Invalid_Message', 'KeyWrappingSpecification: AttributeName must be text');
    return n.value;
  });
  return { wrappingMethod, encryptionKey, attributeNames, encodingOption: optEnum(s, 'EncodingOption', ENCODING_OPTIONS) };
}

/** Reads the optional KeyWrappingSpecification of a Get or Export payload. */
export function readKeyWrappingSpecification(s: TtlvStructure): KeyWrappingSpecification | undefined {
  const spec = optStruct(s, 'KeyWrappingSpecification');
  return spec === undefined ? undefined : decodeKeyWrappingSpecification(spec);
}

/** Writes a KeyWrappingSpecification (what Get and Export ask for). */
export function encodeKeyWrappingSpecification(w: KeyWrappingSpecification): TtlvStructure {
  return struct('KeyWrappingSpecification', [
    enumeration('WrappingMethod', w.wrappingMethod),
    encodeKeyInfo(w.encryptionKey),
    ...w.attributeNames.map((n) => text('AttributeName', n)),
    opt(w.encodingOption, (v) => enumeration('EncodingOption', v)),
  ]);
}

/** Reads KeyWrappingData. */
export function decodeKeyWrappingData(s: TtlvStructure): KeyWrappingData {
  return {
    wrappingMethod: checkMethod(s),
    encryptionKey: keyInfo(s),
    // KMIP spells it IVCounterNonce here (IvCounterNonce in Encrypt); accept both.
    ivCounterNonce: optBytes(s, 'IVCounterNonce') ?? optBytes(s, 'IvCounterNonce'),
    encodingOption: optEnum(s, 'EncodingOption', ENCODING_OPTIONS),
  };
}

/** Writes KeyWrappingData. */
export function encodeKeyWrappingData(w: KeyWrappingData): TtlvStructure {
  return struct('KeyWrappingData', [
    enumeration('WrappingMethod', w.wrappingMethod),
    encodeKeyInfo(w.encryptionKey),
    opt(w.ivCounterNonce, (v) => bytes('IVCounterNonce', v)),
    opt(w.encodingOption, (v) => enumeration('EncodingOption', v)),
  ]);
}

/** The key information a spec names (always present once decoded). */
export function wrappingKeyOf(spec: KeyWrappingSpecification): EncryptionKeyInformation {
  if (spec.encryptionKey === undefined) throw new KmipError('Invalid_Message', 'KeyWrappingSpecification: EncryptionKeyInformation is required');
  return spec.encryptionKey;
}
