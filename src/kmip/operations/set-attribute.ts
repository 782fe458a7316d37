/**
 * SetAttribute: request decoding and response encoding.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf } from '../attributes.js';
import { struct, text } from '../ttlv/build.js';
import { reqStruct, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded SetAttribute request. */
export interface SetAttributeRequest {
  readonly uniqueIdentifier: string;
  /** The single attribute to set, as its own node (e.g. `CryptographicUsageMask` or `VendorAttributes`). */
  readonly attribute: TtlvNode;
}

/** Reads a SetAttribute request payload: `NewAttribute` holds exactly one attribute. */
export function decodeSetAttribute(s: TtlvStructure): SetAttributeRequest {
  const attrs = attributeListOf(reqStruct(s, 'NewAttribute'));
  const [attribute, ...rest] = attrs;
  if (attribute === undefined || rest.length > 0) {
    throw new KmipError('Invalid_Message', 'SetAttribute: NewAttribute must hold exactly one attribute');
  }
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), attribute };
}

/** Writes a SetAttributeResponse. */
export function encodeSetAttributeResponse(uniqueIdentifier: string): TtlvNode {
  return struct('SetAttributeResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}
