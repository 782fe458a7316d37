/**
 * ReKey and ReKeyKeyPair: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { struct, text } from '../ttlv/build.js';
import { child, expectTag, optStruct, reqText } from '../ttlv/read.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { Loose } from '../loose.js';
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

/** Offset as the Interval of whole seconds the wire carries. */
function offsetNode(offsetMs: number | undefined): TtlvNode | undefined {
  if (offsetMs === undefined) return undefined;
  if (!Number.isInteger(offsetMs / 1000) || offsetMs < 0) throw new KmipError('Invalid_Field', 'Offset must be a whole, non-negative number of seconds');
  return { tag: 'Offset', type: 'Interval', value: offsetMs / 1000 };
}

// Attribute lists are optional in these requests; an empty one is left out.
const attributesNode = (tag: string, a: AttributeList): TtlvNode | undefined => (a.length === 0 ? undefined : struct(tag, a));

/** Writes a ReKey request payload. */
export function encodeReKeyRequest(r: Loose<ReKeyRequest>): TtlvStructure {
  return struct('ReKey', [text('UniqueIdentifier', r.uniqueIdentifier), offsetNode(r.offsetMs), attributesNode('Attributes', r.attributes)]);
}

/** A ReKey response: the new key's identifier. */
export type ReKeyResponse = IdentifierPayload;

/** Reads a ReKeyResponse. */
export function decodeReKeyResponse(s: TtlvStructure): ReKeyResponse {
  return decodeIdentifierPayload('ReKeyResponse', s);
}

/** Writes a ReKeyKeyPair request payload. */
export function encodeReKeyKeyPairRequest(r: Loose<ReKeyKeyPairRequest>): TtlvStructure {
  return struct('ReKeyKeyPair', [
    text('PrivateKeyUniqueIdentifier', r.privateKeyUniqueIdentifier),
    offsetNode(r.offsetMs),
    attributesNode('CommonAttributes', r.common),
    attributesNode('PrivateKeyAttributes', r.privateKey),
    attributesNode('PublicKeyAttributes', r.publicKey),
  ]);
}

/** A ReKeyKeyPair response: the new pair's identifiers. */
export interface ReKeyKeyPairResponse {
  readonly privateKeyUniqueIdentifier: string;
  readonly publicKeyUniqueIdentifier: string;
}

/** Reads a ReKeyKeyPairResponse. */
export function decodeReKeyKeyPairResponse(s: TtlvStructure): ReKeyKeyPairResponse {
  expectTag(s, 'ReKeyKeyPairResponse');
  return { privateKeyUniqueIdentifier: reqText(s, 'PrivateKeyUniqueIdentifier'), publicKeyUniqueIdentifier: reqText(s, 'PublicKeyUniqueIdentifier') };
}
