/**
 * Validate: request and response codecs, server and client halves. The chain comes as certificate
 * bytes (Cosmian's list of ByteStrings, or KMIP's Certificate structures) and as identifiers of
 * stored certificates, in any order; ValidityTime (Cosmian) or ValidityDate (KMIP) names the moment
 * the chain must be valid at.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { decodeCertificate } from '../certificate.js';
import { VALIDITY_INDICATORS, type ValidityIndicator } from '../enums.js';
import { bytes, enumeration, list, opt, struct, text } from '../ttlv/build.js';
import { child, expectTag, listItems, reqEnum, textItems } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Validate request. */
export interface ValidateRequest {
  readonly certificates: readonly Uint8Array[];
  readonly uniqueIdentifiers: readonly string[];
  readonly validityTime: Date | undefined;
}

function certificateBytes(n: TtlvNode): Uint8Array {
  if (n.type === 'ByteString') return n.value;
  if (n.type === 'Structure') return decodeCertificate(n);
  throw new KmipError('Invalid_Message', 'Validate: each Certificate must be a ByteString or a Certificate structure');
}

function validityTime(s: TtlvStructure): Date | undefined {
  const n = child(s, 'ValidityTime') ?? child(s, 'ValidityDate');
  if (n === undefined) return undefined;
  if (n.type !== 'DateTime') throw new KmipError('Invalid_Message', `Validate: ${n.tag} must be a DateTime`);
  return n.value;
}

/** Reads a Validate request payload. */
export function decodeValidate(s: TtlvStructure): ValidateRequest {
  return {
    certificates: listItems(s, 'Certificate').map(certificateBytes),
    uniqueIdentifiers: textItems(s, 'UniqueIdentifier'),
    validityTime: validityTime(s),
  };
}

/** Writes a ValidateResponse. */
export function encodeValidateResponse(indicator: ValidityIndicator): TtlvNode {
  return struct('ValidateResponse', [enumeration('ValidityIndicator', indicator)]);
}

/** Writes a Validate request payload in Cosmian's list form. */
export function encodeValidateRequest(r: { readonly certificates?: readonly Uint8Array[]; readonly uniqueIdentifiers?: readonly string[]; readonly validityTime?: Date }): TtlvStructure {
  return struct('Validate', [
    list('Certificate', (r.certificates ?? []).map((c) => bytes('Certificate', c))),
    list('UniqueIdentifier', (r.uniqueIdentifiers ?? []).map((id) => text('UniqueIdentifier', id))),
    opt(r.validityTime, (d): TtlvNode => ({ tag: 'ValidityTime', type: 'DateTime', value: d })),
  ]);
}

/** A Validate response. */
export interface ValidateResponse {
  readonly validityIndicator: ValidityIndicator;
}

/** Reads a ValidateResponse. */
export function decodeValidateResponse(s: TtlvStructure): ValidateResponse {
  expectTag(s, 'ValidateResponse');
  return { validityIndicator: reqEnum(s, 'ValidityIndicator', VALIDITY_INDICATORS) };
}
