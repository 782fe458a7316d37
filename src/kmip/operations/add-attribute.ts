/**
 * AddAttribute: request and response codecs, server and client halves.
 * @module
 */
import { struct, text } from '../ttlv/build.js';
import { reqStruct, reqText } from '../ttlv/read.js';
import { oneAttribute } from './set-attribute.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded AddAttribute request. */
export interface AddAttributeRequest {
  readonly uniqueIdentifier: string;
  /** The attribute (value) to add, as its own node. */
  readonly attribute: TtlvNode;
}

/** Reads an AddAttribute request payload: `NewAttribute` holds exactly one attribute. */
export function decodeAddAttribute(s: TtlvStructure): AddAttributeRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), attribute: oneAttribute(reqStruct(s, 'NewAttribute'), 'AddAttribute') };
}

/** Writes an AddAttributeResponse. */
export function encodeAddAttributeResponse(uniqueIdentifier: string): TtlvNode {
  return struct('AddAttributeResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes an AddAttribute request payload. */
export function encodeAddAttributeRequest(r: AddAttributeRequest): TtlvStructure {
  return struct('AddAttribute', [text('UniqueIdentifier', r.uniqueIdentifier), struct('NewAttribute', [r.attribute])]);
}

/** An AddAttribute response. */
export type AddAttributeResponse = IdentifierPayload;

/** Reads an AddAttributeResponse. */
export function decodeAddAttributeResponse(s: TtlvStructure): AddAttributeResponse {
  return decodeIdentifierPayload('AddAttributeResponse', s);
}
