/**
 * The KMIP SymmetricKey object: its KeyBlock in Raw or TransparentSymmetricKey format, and the
 * older bare-ByteString KeyMaterial still sent by some clients.
 * @module
 */
import { KmipError } from './kmip-error.js';
import { child, optEnum, optInt, optStruct, reqStruct } from './ttlv/read.js';
import { bytes, enumeration, int, struct } from './ttlv/build.js';
import { CRYPTOGRAPHIC_ALGORITHMS, KEY_FORMAT_TYPES } from './enums.js';
import type { AttributeList } from './attributes.js';
import type { TtlvStructure } from './ttlv/node.js';

/** The formats a symmetric key can be exported in. */
export type SymmetricKeyFormat = 'Raw' | 'TransparentSymmetricKey';

/** A symmetric key's material as read from a KeyBlock. */
export interface SymmetricKeyBlock {
  readonly keyFormatType: string;
  readonly cryptographicAlgorithm: string | undefined;
  readonly cryptographicLength: number | undefined;
  readonly key: Uint8Array;
  /** Attributes embedded in the KeyValue, if any. */
  readonly attributes: TtlvStructure | undefined;
}

/** Builds `KeyBlock` for a symmetric key in the requested format. */
export function encodeSymmetricKeyBlock(
  key: Uint8Array,
  format: SymmetricKeyFormat,
  algorithm: string,
  attributes?: AttributeList,
): TtlvStructure {
  const material = format === 'Raw' ? bytes('ByteString', key) : bytes('Key', key);
  return struct('KeyBlock', [
    enumeration('KeyFormatType', format),
    struct('KeyValue', [
      struct('KeyMaterial', [material]),
      attributes && attributes.length > 0 ? struct('Attributes', attributes) : undefined,
    ]),
    enumeration('CryptographicAlgorithm', algorithm),
    int('CryptographicLength', key.length * 8),
  ]);
}

/** The KeyBlock of a destroyed key: no material left, reported as Opaque. */
export function destroyedKeyBlock(algorithm: string | undefined, bits: number | undefined): TtlvStructure {
  return struct('KeyBlock', [
    enumeration('KeyFormatType', 'Opaque'),
    struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', new Uint8Array(0))])]),
    algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', algorithm),
    bits === undefined ? undefined : int('CryptographicLength', bits),
  ]);
}

/** Reads the KeyBlock of a symmetric key object (`Object` or `SymmetricKey` holding a `KeyBlock`). */
export function decodeSymmetricKeyBlock(objectNode: TtlvStructure): SymmetricKeyBlock {
  const block = objectNode.tag === 'KeyBlock' ? objectNode : reqStruct(objectNode, 'KeyBlock');
  const keyFormatType = optEnum(block, 'KeyFormatType', KEY_FORMAT_TYPES);
  if (keyFormatType === undefined) throw new KmipError('Invalid_Message', 'KeyBlock: KeyFormatType is required');
  if (child(block, 'KeyWrappingData') !== undefined) {
    throw new KmipError('Feature_Not_Supported', 'the key is stored wrapped and cannot be used until it is imported unwrapped');
  }
  const value = reqStruct(block, 'KeyValue');
  const material = child(value, 'KeyMaterial');
  if (material === undefined) throw new KmipError('Invalid_Message', 'KeyValue: KeyMaterial is required');
  let key: Uint8Array | undefined;
  if (material.type === 'ByteString') {
    key = material.value; // the pre-4.11 bare form
  } else if (material.type === 'Structure') {
    const inner = keyFormatType === 'TransparentSymmetricKey' ? child(material, 'Key') : child(material, 'ByteString');
    if (inner?.type === 'ByteString') key = inner.value;
  }
  if (key === undefined) {
    throw new KmipError('Invalid_Message', `KeyMaterial does not hold a symmetric key in ${keyFormatType} format`);
  }
  return {
    keyFormatType,
    cryptographicAlgorithm: optEnum(block, 'CryptographicAlgorithm', CRYPTOGRAPHIC_ALGORITHMS),
    cryptographicLength: optInt(block, 'CryptographicLength'),
    key,
    attributes: optStruct(value, 'Attributes'),
  };
}
