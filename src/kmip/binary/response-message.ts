/**
 * Encodes the binary TTLV Response Message: the header echoes the request's protocol version and
 * always carries a Time Stamp; each batch item echoes its Operation (and Unique Batch Item ID)
 * and carries its result, the payload shaped for the request's version.
 * @module
 */
import { enumeration, int, opt, struct, text, bytes } from '../ttlv/build.js';
import { encodeBinaryTtlv } from '../ttlv/binary.js';
import { toVersionResponse } from './response-payloads.js';
import { levelOf, type ProtocolVersion } from './protocol-versions.js';
import { resultReasonNumber } from './result-reasons.js';
import { WIRE } from './wire-tags.js';
import type { BatchResult } from '../messages.js';
import type { BinaryRequest } from './request-message.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

// Result Status values (numbers, so the answer never depends on how the codec names them).
const SUCCESS = 0;
const OPERATION_FAILED = 1;

/** The Response Header: Protocol Version, Time Stamp, Batch Count, in the order strict clients read. */
export function responseHeader(version: ProtocolVersion, timestampSeconds: number, batchCount: number): TtlvStructure {
  return struct(WIRE.responseHeader, [
    struct(WIRE.protocolVersion, [int(WIRE.protocolVersionMajor, version.major), int(WIRE.protocolVersionMinor, version.minor)]),
    { tag: WIRE.timeStamp, type: 'DateTime', value: new Date(timestampSeconds * 1000) },
    int(WIRE.batchCount, batchCount),
  ]);
}

/** A failed batch item; Operation is left out when it could not be read. */
export function failedItem(version: ProtocolVersion, operation: TtlvNode | undefined, id: Uint8Array | undefined, reason: string, message: string): TtlvStructure {
  return struct(WIRE.batchItem, [
    operation,
    opt(id, (v) => bytes(WIRE.uniqueBatchItemId, v)),
    { tag: WIRE.resultStatus, type: 'Enumeration', value: OPERATION_FAILED },
    { tag: WIRE.resultReason, type: 'Enumeration', value: resultReasonNumber(reason, levelOf(version)) },
    text(WIRE.resultMessage, message),
  ]);
}

/** The Operation as the request sent it: by name, or by number when the codec has no name for it. */
export function operationNode(value: string | number): TtlvNode {
  return typeof value === 'number' ? { tag: WIRE.operation, type: 'Enumeration', value } : enumeration(WIRE.operation, value);
}

/** The fixed message of an item whose result could not be encoded (the cause goes to the log only). */
export const UNENCODABLE_RESULT = 'the result of this operation could not be encoded';

// Response Message's tag number and the Structure type code, for the envelope written around the items.
const RESPONSE_MESSAGE_TAG = 0x42007b;
const STRUCTURE_TYPE = 0x01;

/** One result's batch item, shaped for the request's version. */
function resultItem(req: BinaryRequest, r: BatchResult, i: number): TtlvStructure {
  const sent = req.items[i];
  const op = operationNode(sent?.operationValue ?? r.operation);
  if (!('payload' in r)) return failedItem(req.protocolVersion, op, r.uniqueBatchItemId, r.reason, r.message);
  const request = sent?.request ?? { tag: r.operation, type: 'Structure' as const, value: [] };
  return struct(WIRE.batchItem, [
    op,
    opt(r.uniqueBatchItemId, (v) => bytes(WIRE.uniqueBatchItemId, v)),
    { tag: WIRE.resultStatus, type: 'Enumeration', value: SUCCESS },
    toVersionResponse(r.operation, r.payload, levelOf(req.protocolVersion), request),
  ]);
}

/** Writes a Structure header (tag, type, length) before its already encoded children. */
function structureBytes(tag: number, children: readonly Uint8Array[]): Uint8Array {
  const length = children.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(8 + length);
  const view = new DataView(out.buffer);
  view.setUint32(0, tag * 0x100 + STRUCTURE_TYPE);
  view.setUint32(4, length);
  let at = 8;
  for (const c of children) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Encodes the answer to `req`: one batch item per result, in order. Each item is shaped and
 * encoded on its own, so one that cannot be (`onItemFailure` hears why) becomes a General Failure
 * item echoing its Operation while the others keep their results.
 */
export function encodeBinaryResponse(
  req: BinaryRequest,
  results: readonly BatchResult[],
  timestampSeconds: number,
  onItemFailure?: (operation: string, err: unknown) => void,
): Uint8Array {
  const items = results.map((r, i) => {
    try {
      return encodeBinaryTtlv(resultItem(req, r, i));
    } catch (err) {
      onItemFailure?.(r.operation, err);
      const op = operationNode(req.items[i]?.operationValue ?? r.operation);
      return encodeBinaryTtlv(failedItem(req.protocolVersion, op, r.uniqueBatchItemId, 'General_Failure', UNENCODABLE_RESULT));
    }
  });
  const header = encodeBinaryTtlv(responseHeader(req.protocolVersion, timestampSeconds, items.length));
  return structureBytes(RESPONSE_MESSAGE_TAG, [header, ...items]);
}
