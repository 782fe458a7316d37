/**
 * Revoke: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import type { Loose } from '../loose.js';
import { REVOCATION_REASON_CODES, type RevocationReasonCode } from '../enums.js';
import { enumeration, long, opt, struct, text } from '../ttlv/build.js';
import { child, optLong, optText, reqEnum, reqText } from '../ttlv/read.js';
import { decodeIdentifierPayload, type IdentifierPayload } from './identifier-response.js';
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

/**
 * Writes a Revoke request payload: with a reason code, KMIP's RevocationReason structure; without
 * one, Cosmian's free-text reason (a plain deactivation).
 */
export function encodeRevokeRequest(r: Loose<RevokeRequest>): TtlvStructure {
  const reason =
    r.reasonCode === undefined
      ? text('RevocationReason', r.message ?? '')
      : struct('RevocationReason', [enumeration('RevocationReasonCode', r.reasonCode), opt(r.message, (m) => text('RevocationMessage', m))]);
  return struct('Revoke', [
    text('UniqueIdentifier', r.uniqueIdentifier),
    reason,
    opt(r.compromiseOccurrenceDate, (d) => long('CompromiseOccurrenceDate', d)),
  ]);
}

/** A Revoke response. */
export type RevokeResponse = IdentifierPayload;

/** Reads a RevokeResponse. */
export function decodeRevokeResponse(s: TtlvStructure): RevokeResponse {
  return decodeIdentifierPayload('RevokeResponse', s);
}
