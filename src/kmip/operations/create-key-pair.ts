/**
 * CreateKeyPair: request decoding and response encoding.
 * @module
 */
import { attributeListOf, type AttributeList } from '../attributes.js';
import { struct, text } from '../ttlv/build.js';
import { optStruct } from '../ttlv/read.js';
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
