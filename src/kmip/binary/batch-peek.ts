/**
 * The batch items of a request the gateway refuses whole (authentication, rate limit, busy,
 * crash), so its failure answers each item with its Operation and Unique Batch Item ID as clients
 * match them. This runs on the main thread: it walks only item headers (tag, type, length) under
 * tight bounds and never decodes a payload.
 * @module
 */
import { struct } from '../ttlv/build.js';
import { encodeBinaryTtlv } from '../ttlv/binary.js';
import { failedItem, responseHeader } from './response-message.js';
import { isSpokenVersion, type ProtocolVersion } from './protocol-versions.js';
import { REQUEST_HEADER_LIMITS } from './credential.js';
import { WIRE } from './wire-tags.js';
import { BYTE_STRING, ENUMERATION, REQUEST_HEADER, REQUEST_MESSAGE, STRUCTURE, viewOf } from './wire-layout.js';
import type { ResultReason } from '../kmip-error.js';

const BATCH_ITEM = 0x42000f;
const OPERATION = 0x42005c;
const UNIQUE_BATCH_ITEM_ID = 0x420093;

/** The most batch items echoed; past it the failure answers one item, as for an unreadable request. */
export const MAX_PEEKED_BATCH_ITEMS = 256;

/** Operation and Unique Batch Item ID sit first in a batch item (after Ephemeral in 2.x): no need to look further. */
const MAX_ITEM_FIELDS_READ = 4;

/** One request batch item's Operation (enumeration value) and Unique Batch Item ID, when present. */
export interface PeekedBatchItem {
  readonly operation?: number;
  readonly id?: Uint8Array;
}

/** The item at `at`: tag, type, value length, and where the next item starts; undefined past `end`. */
function itemAt(view: DataView, at: number, end: number): { tag: number; type: number; length: number; next: number } | undefined {
  if (at + 8 > end) return undefined;
  const length = view.getUint32(at + 4);
  const next = at + 8 + Math.ceil(length / 8) * 8;
  if (next > end) return undefined;
  return { tag: view.getUint32(at) >>> 8, type: view.getUint8(at + 3), length, next };
}

/** One batch item's Operation and ID, read from its first fields; undefined when malformed. */
function peekItem(bytes: Uint8Array, view: DataView, at: number, end: number): PeekedBatchItem | undefined {
  let operation: number | undefined;
  let id: Uint8Array | undefined;
  for (let i = 0; i < MAX_ITEM_FIELDS_READ && at < end; i++) {
    const f = itemAt(view, at, end);
    if (f === undefined) return undefined;
    if (f.tag === OPERATION && operation === undefined) {
      if (f.type !== ENUMERATION || f.length !== 4) return undefined;
      operation = view.getUint32(at + 8);
    } else if (f.tag === UNIQUE_BATCH_ITEM_ID && id === undefined) {
      if (f.type !== BYTE_STRING || f.length > REQUEST_HEADER_LIMITS.maxStringLength) return undefined;
      id = bytes.slice(at + 8, at + 8 + f.length);
    }
    at = f.next;
  }
  return { ...(operation === undefined ? {} : { operation }), ...(id === undefined ? {} : { id }) };
}

/**
 * The top-level batch items of a Request Message, in order; undefined when the message is not
 * laid out as a Request Header followed by one to MAX_PEEKED_BATCH_ITEMS Batch Items.
 */
export function peekBatchItems(bytes: Uint8Array): PeekedBatchItem[] | undefined {
  const view = viewOf(bytes);
  const message = itemAt(view, 0, bytes.length);
  if (message?.tag !== REQUEST_MESSAGE || message.type !== STRUCTURE) return undefined;
  const end = 8 + message.length;
  const head = itemAt(view, 8, end);
  if (head?.tag !== REQUEST_HEADER || head.type !== STRUCTURE) return undefined;
  const items: PeekedBatchItem[] = [];
  for (let at = head.next; at < end;) {
    const item = itemAt(view, at, end);
    if (item?.tag !== BATCH_ITEM || item.type !== STRUCTURE || items.length === MAX_PEEKED_BATCH_ITEMS) return undefined;
    const peeked = peekItem(bytes, view, at + 8, at + 8 + item.length);
    if (peeked === undefined) return undefined;
    items.push(peeked);
    at = item.next;
  }
  return items.length === 0 ? undefined : items;
}

// As for binaryFailureResponse: the lowest version when the request's cannot be read or is not spoken.
const FALLBACK_VERSION: ProtocolVersion = { major: 1, minor: 0 };

/** A whole-message failure answering each of `items` with its Operation and ID, the same reason and message. */
export function binaryBatchFailureResponse(
  version: ProtocolVersion | undefined,
  items: readonly PeekedBatchItem[],
  reason: ResultReason,
  message: string,
  timestampSeconds: number,
): Uint8Array {
  const v = version !== undefined && isSpokenVersion(version) ? version : FALLBACK_VERSION;
  const answers = items.map((i) =>
    failedItem(v, i.operation === undefined ? undefined : { tag: WIRE.operation, type: 'Enumeration', value: i.operation }, i.id, reason, message));
  return encodeBinaryTtlv(struct(WIRE.responseMessage, [responseHeader(v, timestampSeconds, answers.length), ...answers]));
}
