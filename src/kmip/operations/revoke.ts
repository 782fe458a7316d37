/**
 * Revoke: request decoding and response encoding.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { REVOCATION_REASON_CODES, type RevocationReasonCode } from '../enums.js';
import { struct, text } from '../ttlv/build.js';
import { child, optLong, optText, reqEnum, reqText } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A decoded Revoke request. */
export interface RevokeRequest {
  readonly uniqueIdentifier: string;
  /** Undefined for Cosmian's free-text reason, which means a plain deactivation. */
  readonly reasonCode: RevocationReasonCode | undefined;
  readonly message: string | undefined;
  readonly compromiseOccurrenceDate: bigint | undefined;
}

/** Reads a Revoke request: RevocationReason as free text, an enumeration, or KMIP's structure. */
export function decodeRevoke(s: TtlvStructure): RevokeRequest {
  const r = child(s, 'RevocationReason');
  let reasonCode: RevocationReasonCode | undefined;
  let message: string | undefined;
  if (r === undefined) throw new KmipError('Invalid_Message', 'Revoke: RevocationReason is required');
  if (r.type === 'TextString') message = r.value;
  else if (r.type === 'Enumeration') reasonCode = reqEnum({ tag: 'Revoke', type: 'Structure', value: [r] }, 'RevocationReason', REVOCATION_REASON_CODES);
  else if (r.type === 'Structure') {
    reasonCode = reqEnum(r, 'RevocationReasonCode', REVOCATION_REASON_CODES);
    message = optText(r, 'RevocationMessage');
  } else throw new KmipError('Invalid_Message', 'Revoke: RevocationReason must be text, an enumeration or a structure');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier'), reasonCode, message, compromiseOccurrenceDate: optLong(s, 'CompromiseOccurrenceDate') };
}

/** Writes a RevokeResponse. */
export function encodeRevokeResponse(uniqueIdentifier: string): TtlvNode {
  return struct('RevokeResponse', [text('UniqueIdentifier', uniqueIdentifier)]);
}
