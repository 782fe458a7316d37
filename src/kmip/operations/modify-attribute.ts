/**
 * ModifyAttribute: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { opt, struct, text } from '../ttlv/build.js';
import { optStruct, reqStruct, reqText } from '../ttlv/read.js';
import { oneAttribute } from './set-attribute.js';
import type { Loose } from '../loose.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded ModifyAttribute request. */
export interface ModifyAttributeRequest {
  readonly uniqueIdentifier: string;
  /** The value to replace, for attributes that hold several; absent means the only one. */
  readonly currentAttribute: TtlvNode | undefined;
  /** The new value. */
  readonly attribute: TtlvNode;
}

const isVendor = (tag: string): boolean => tag === 'VendorAttributes' || tag === 'VendorAttribute';

/** Reads a ModifyAttribute request payload; CurrentAttribute, when given, must be the same attribute. */
export function decodeModifyAttribute(s: TtlvStructure): ModifyAttributeRequest {
  const attribute = oneAttribute(reqStruct(s, 'NewAttribute'), 'ModifyAttribute');
  const holder = optStruct(s, 'CurrentAttribute');
  const current = holder === undefined ? undefined : oneAttribute(holder, 'ModifyAttribute');
  if (current !== undefined && current.tag !== attribute.tag && !(isVendor(current.tag) && isVendor(attribute.tag))) {
    throw new KmipError('Invalid_Field', `ModifyAttribute: CurrentAttribute is ${current.tag} but NewAttribute is ${attribute.tag}`);
  }
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), currentAttribute: current, attribute };
}

/** Writes a ModifyAttributeResponse. */
export function encodeModifyAttributeResponse(uniqueIdentifier: string): TtlvNode {
  return struct('ModifyAttributeResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}

/** Writes a ModifyAttribute request payload. */
export function encodeModifyAttributeRequest(r: Loose<ModifyAttributeRequest>): TtlvStructure {
  return struct('ModifyAttribute', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    opt(r.currentAttribute, (a) => struct('CurrentAttribute', [a])),
    struct('NewAttribute', [r.attribute]),
  ]);
}

/** A ModifyAttribute response. */
export type ModifyAttributeResponse = IdentifierPayload;

/** Reads a ModifyAttributeResponse. */
export function decodeModifyAttributeResponse(s: TtlvStructure): ModifyAttributeResponse {
  return decodeIdentifierPayload('ModifyAttributeResponse', s);
}
