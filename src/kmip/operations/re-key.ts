/**
 * ReKey and ReKeyKeyPair: request decoding and response encoding.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { struct, text } from '../ttlv/build.js';
import { child, optStruct, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded ReKey request. */
export interface ReKeyRequest {
  readonly uniqueIdentifier: string;
  /** Milliseconds from now until the new key becomes Active (Interval seconds on the wire). */
  readonly offsetMs: number | undefined;
  readonly attributes: AttributeList;
}

/** A decoded ReKeyKeyPair request. */
export interface ReKeyKeyPairRequest {
  readonly privateKeyUniqueIdentifier: string;
  readonly offsetMs: number | undefined;
  readonly common: AttributeList;
  readonly privateKey: AttributeList;
  readonly publicKey: AttributeList;
}

function offsetOf(s: TtlvStructure): number | undefined {
  const o = child(s, 'Offset');
  if (o === undefined) return undefined;
  if (o.type !== 'Interval' && o.type !== 'Integer') throw new KmipError('Invalid_Message', `${s.tag}: Offset must be an Interval of seconds`);
  if (o.value < 0) throw new KmipError('Invalid_Field', `${s.tag}: Offset must not be negative`);
  return o.value * 1000;
}

function attrs(s: TtlvStructure, tag: string): AttributeList {
  const a = optStruct(s, tag);
  return a === undefined ? [] : attributeListOf(a);
}

/** Reads a ReKey request payload. */
export function decodeReKey(s: TtlvStructure): ReKeyRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), offsetMs: offsetOf(s), attributes: attrs(s, 'Attributes') };
}

/** Writes a ReKeyResponse. */
export function encodeReKeyResponse(uniqueIdentifier: string): TtlvNode {
  return struct('ReKeyResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Reads a ReKeyKeyPair request payload. */
export function decodeReKeyKeyPair(s: TtlvStructure): ReKeyKeyPairRequest {
  return {
    privateKeyUniqueIdentifier: reqText(s, 'PrivateKeyUniqueIdentifier'),
    offsetMs: offsetOf(s),
    common: attrs(s, 'CommonAttributes'),
    privateKey: attrs(s, 'PrivateKeyAttributes'),
    publicKey: attrs(s, 'PublicKeyAttributes'),
  };
}

/** Writes a ReKeyKeyPairResponse. */
export function encodeReKeyKeyPairResponse(privateKeyUniqueIdentifier: string, publicKeyUniqueIdentifier: string): TtlvNode {
  return struct('ReKeyKeyPairResponse', [
    text('PrivateKeyUniqueIdentifier', privateKeyUniqueIdentifier),
    text('PublicKeyUniqueIdentifier', publicKeyUniqueIdentifier),
  ]);
}
