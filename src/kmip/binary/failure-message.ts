/**
 * The answer to a request Message refused as a whole: Operation Failed with the reason, so binary
 * clients always get a KMIP response rather than a closed connection. One item without Operation
 * when the batch could not be read; else one per request item, echoing its Operation and ID.
 * @module
 */
import { struct } from '../ttlv/build.js';
import { encodeBinaryTtlv } from '../ttlv/binary.js';
import { failedItem, operationNode, responseHeader } from './response-message.js';
import { isSpokenVersion, type ProtocolVersion } from './protocol-versions.js';
import type { ResultReason } from '../kmip-error.js';
import type { EchoedItem } from './request-message.js';
import { WIRE } from './wire-tags.js';

// When the request's version cannot be read or is not one we speak: the lowest one, whose header every client parses.
const FALLBACK_VERSION: ProtocolVersion = { major: 1, minor: 0 };

/** A whole-message failure response in `version` (1.0 when unknown or unsupported); `items`: the request's, when read. */
export function binaryFailureResponse(
  version: ProtocolVersion | undefined,
  reason: ResultReason,
  message: string,
  timestampSeconds: number,
  items?: readonly EchoedItem[],
): Uint8Array {
  const v = version !== undefined && isSpokenVersion(version) ? version : FALLBACK_VERSION;
  const answered = items === undefined || items.length === 0
    ? [failedItem(v, undefined, undefined, reason, message)]
    : items.map((item) => failedItem(v, operationNode(item.operationValue), item.uniqueBatchItemId, reason, message));
  return encodeBinaryTtlv(struct(WIRE.responseMessage, [responseHeader(v, timestampSeconds, answered.length), ...answered]));
}
