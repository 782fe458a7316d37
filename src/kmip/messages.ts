/**
 * The KMIP Message envelope (Cosmian's JSON form): a header and a list of batch items, each
 * answered on its own with a result status.
 * @module
 */
import { KmipError, type ResultReason } from './kmip-error.js';
import { enumeration, int, list, long, opt, struct, text, bytes } from './ttlv/build.js';
import { listItems, optInt, optBytes, reqStruct } from './ttlv/read.js';
import type { TtlvNode, TtlvStructure } from './ttlv/node.js';

/** One request batch item. */
export interface BatchItem {
  readonly operation: string;
  readonly uniqueBatchItemId: Uint8Array | undefined;
  /** The payload rebuilt as the operation's own request structure (root tag = operation name). */
  readonly request: TtlvStructure;
}

/** A decoded request Message. */
export interface RequestMessage {
  readonly protocolVersion: { readonly major: number; readonly minor: number };
  readonly items: readonly BatchItem[];
}

/** One response batch item: a success payload or a failure. */
export type BatchResult =
  | { readonly operation: string; readonly uniqueBatchItemId: Uint8Array | undefined; readonly payload: TtlvStructure }
  | { readonly operation: string; readonly uniqueBatchItemId: Uint8Array | undefined; readonly reason: ResultReason; readonly message: string };

function item(n: TtlvNode): BatchItem {
  if (n.type !== 'Structure') throw new KmipError('Invalid_Message', 'Message: each batch item must be a Structure');
  const op = n.value.find((c) => c.tag === 'Operation');
  if (op?.type !== 'Enumeration' || typeof op.value !== 'string') {
    throw new KmipError('Invalid_Message', 'Message: each batch item needs an Operation given by name');
  }
  const payload = reqStruct(n, 'RequestPayload');
  return { operation: op.value, uniqueBatchItemId: optBytes(n, 'UniqueBatchItemId'), request: { tag: op.value, type: 'Structure', value: payload.value } };
}

/** Reads a request Message; BatchCount must equal the number of items. */
export function decodeRequestMessage(s: TtlvStructure): RequestMessage {
  const header = reqStruct(s, 'Header');
  const pv = reqStruct(header, 'ProtocolVersion');
  const items = listItems(s, 'Items').map(item);
  const batchCount = optInt(header, 'BatchCount');
  if (batchCount !== items.length) {
    throw new KmipError('Invalid_Message', `Message: BatchCount is ${String(batchCount)} but ${items.length} items were sent`);
  }
  return { protocolVersion: { major: optInt(pv, 'ProtocolVersionMajor') ?? 2, minor: optInt(pv, 'ProtocolVersionMinor') ?? 1 }, items };
}

/** Writes the response Message; `timestampSeconds` is the header's Timestamp. */
export function encodeResponseMessage(req: RequestMessage, results: readonly BatchResult[], timestampSeconds: number): TtlvNode {
  const items = results.map((r) =>
    struct('Items', [
      enumeration('Operation', r.operation),
      opt(r.uniqueBatchItemId, (v) => bytes('UniqueBatchItemId', v)),
      enumeration('ResultStatus', 'payload' in r ? 'Success' : 'OperationFailed'),
      'payload' in r ? undefined : enumeration('ResultReason', r.reason),
      'payload' in r ? undefined : text('ResultMessage', r.message),
      'payload' in r ? { tag: 'ResponsePayload', type: 'Structure', value: r.payload.value } : undefined,
    ]),
  );
  return struct('Message', [
    struct('Header', [
      struct('ProtocolVersion', [int('ProtocolVersionMajor', req.protocolVersion.major), int('ProtocolVersionMinor', req.protocolVersion.minor)]),
      long('Timestamp', BigInt(timestampSeconds)),
      int('BatchCount', results.length),
    ]),
    list('Items', items),
  ]);
}
