/**
 * DeleteAttribute: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf } from '../attributes.js';
import { list, opt, struct, text } from '../ttlv/build.js';
import { optStruct, reqText } from '../ttlv/read.js';
import { attributeReferenceNode, readAttributeReferences, type AttributeReference } from './attribute-reference.js';
import type { Loose } from '../loose.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded DeleteAttribute request. */
export interface DeleteAttributeRequest {
  readonly uniqueIdentifier: string;
  /** A full attribute to delete (for vendor attributes, the matching one; for tags, those tags). */
  readonly currentAttribute: TtlvNode | undefined;
  readonly references: readonly AttributeReference[];
}

/** Reads a DeleteAttribute request payload. */
export function decodeDeleteAttribute(s: TtlvStructure): DeleteAttributeRequest {
  const current = optStruct(s, 'CurrentAttribute');
  const currentAttrs = current ? attributeListOf(current) : [];
  if (currentAttrs.length > 1) throw new KmipError('Invalid_Message', 'DeleteAttribute: CurrentAttribute must hold one attribute');
  const references = readAttributeReferences(s);
  if (currentAttrs.length === 0 && references.length === 0) {
    throw new KmipError('Invalid_Message', 'DeleteAttribute: give CurrentAttribute or AttributeReferences');
  }
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), currentAttribute: currentAttrs[0], references };
}

/** Writes a DeleteAttributeResponse. */
export function encodeDeleteAttributeResponse(uniqueIdentifier: string): TtlvNode {
  return struct('DeleteAttributeResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes a DeleteAttribute request payload (references in Cosmian's list form). */
export function encodeDeleteAttributeRequest(r: Loose<DeleteAttributeRequest>): TtlvStructure {
  return struct('DeleteAttribute', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.currentAttribute, (a) => struct('CurrentAttribute', [a])),
    list('AttributeReferences', r.references.map((ref) => attributeReferenceNode(ref, 'AttributeReferences'))),
  ]);
}

/** A DeleteAttribute response. */
export type DeleteAttributeResponse = IdentifierPayload;

/** Reads a DeleteAttributeResponse. */
export function decodeDeleteAttributeResponse(s: TtlvStructure): DeleteAttributeResponse {
  return decodeIdentifierPayload('DeleteAttributeResponse', s);
}
