/**
 * The answer to a request Message that cannot be read at all: one batch item, Operation Failed,
 * with the reason, so binary clients always get a KMIP response rather than a closed connection.
 * @module
 */
import { struct } from '../ttlv/build.js';
import { encodeBinaryTtlv } from '../ttlv/binary.js';
import { failedItem, responseHeader } from './response-message.js';
import { isSpokenVersion, type ProtocolVersion } from './protocol-versions.js';
import type { ResultReason } from '../kmip-error.js';
import { WIRE } from './wire-tags.js';

// When the request's version cannot be read or is not one we speak: the lowest one, whose header every client parses.
const FALLBACK_VERSION: ProtocolVersion = { major: 1, minor: 0 };

/** A whole-message failure response in `version` (1.0 when unknown or unsupported). */
export function binaryFailureResponse(version: ProtocolVersion | undefined, reason: ResultReason, message: string, timestampSeconds: number): Uint8Array {
  const v = version !== undefined && isSpokenVersion(version) ? version : FALLBACK_VERSION;
  return encodeBinaryTtlv(struct(WIRE.responseMessage, [responseHeader(v, timestampSeconds, 1), failedItem(v, undefined, undefined, reason, message)]));
}
