/**
 * CreateKeyPair: request and response codecs, server and client halves.
 * @module
 */
import { attributeListOf, type AttributeList } from '../attributes.js';
import { struct, text } from '../ttlv/build.js';
import { expectTag, optStruct, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded CreateKeyPair request. */
export interface CreateKeyPairRequest {
  readonly common: AttributeList;
  readonly privateKey: AttributeList;
  readonly publicKey: AttributeList;
}

/** A CreateKeyPair response. */
export interface CreateKeyPairResponse {
  readonly privateKeyUniqueIdentifier: string;
  readonly publicKeyUniqueIdentifier: string;
}

function attrs(s: TtlvStructure, tag: string): AttributeList {
  const a = optStruct(s, tag);
  return a === undefined ? [] : attributeListOf(a);
}

/** Reads a CreateKeyPair request payload. */
export function decodeCreateKeyPair(s: TtlvStructure): CreateKeyPairRequest {
  return { common: attrs(s, 'CommonAttributes'), privateKey: attrs(s, 'PrivateKeyAttributes'), publicKey: attrs(s, 'PublicKeyAttributes') };
}

/** Writes a CreateKeyPairResponse. */
export function encodeCreateKeyPairResponse(r: CreateKeyPairResponse): TtlvNode {
  return struct('CreateKeyPairResponse', [
    text('PrivateKeyUniqueIdentifier', r.privateKeyUniqueIdentifier),
    text('PublicKeyUniqueIdentifier', r.publicKeyUniqueIdentifier),
  ]);
}

// The three lists are optional; an empty one is left out.
const attributesNode = (tag: string, a: AttributeList): TtlvNode | undefined => (a.length === 0 ? undefined : struct(tag, a));

/** Writes a CreateKeyPair request payload. */
export function encodeCreateKeyPairRequest(r: CreateKeyPairRequest): TtlvStructure {
  return struct('CreateKeyPair', [
    attributesNode('CommonAttributes', r.common),
    attributesNode('PrivateKeyAttributes', r.privateKey),
    attributesNode('PublicKeyAttributes', r.publicKey),
  ]);
}

/** Reads a CreateKeyPairResponse. */
export function decodeCreateKeyPairResponse(s: TtlvStructure): CreateKeyPairResponse {
  expectTag(s, 'CreateKeyPairResponse');
  return { privateKeyUniqueIdentifier: reqText(s, 'PrivateKeyUniqueIdentifier'), publicKeyUniqueIdentifier: reqText(s, 'PublicKeyUniqueIdentifier') };
}
