/**
 * SetAttribute: request and response codecs, server and client halves, plus the reading of a one-attribute
 * holder (NewAttribute, CurrentAttribute) that AddAttribute and ModifyAttribute share.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf } from '../attributes.js';
import { struct, text } from '../ttlv/build.js';
import { reqStruct, reqText } from '../ttlv/read.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded SetAttribute request. */
export interface SetAttributeRequest {
  readonly uniqueIdentifier: string;
  /** The single attribute to set, as its own node (e.g. `CryptographicUsageMask` or `VendorAttributes`). */
  readonly attribute: TtlvNode;
}

/** The one attribute a holder such as `NewAttribute` carries; `operation` names the request in errors. */
export function oneAttribute(holder: TtlvStructure, operation: string): TtlvNode {
  const [attribute, ...rest] = attributeListOf(holder);
  if (attribute === undefined || rest.length > 0) {
    throw new KmipError('Invalid_Message', `${operation}: ${holder.tag} must hold exactly one attribute`);
  }
  return attribute;
}

/** Reads a SetAttribute request payload: `NewAttribute` holds exactly one attribute. */
export function decodeSetAttribute(s: TtlvStructure): SetAttributeRequest {
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), attribute: oneAttribute(reqStruct(s, 'NewAttribute'), 'SetAttribute') };
}

/** Writes a SetAttributeResponse. */
export function encodeSetAttributeResponse(uniqueIdentifier: string): TtlvNode {
  return struct('SetAttributeResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes a SetAttribute request payload. */
export function encodeSetAttributeRequest(r: SetAttributeRequest): TtlvStructure {
  return struct('SetAttribute', [text('UniqueIdentifier', r.uniqueIdentifier), struct('NewAttribute', [r.attribute])]);
}

/** A SetAttribute response. */
export type SetAttributeResponse = IdentifierPayload;

/** Reads a SetAttributeResponse. */
export function decodeSetAttributeResponse(s: TtlvStructure): SetAttributeResponse {
  return decodeIdentifierPayload('SetAttributeResponse', s);
}
