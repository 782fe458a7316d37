/**
 * Decodes a binary TTLV Request Message of any KMIP version (1.0 to 2.1) into the batch items the
 * actor runs: each payload already reshaped into the internal KMIP 2.1 request structure.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { shown } from '../client-text.js';
import { decodeBinaryTtlv } from '../ttlv/binary.js';
import { asStructure, child, childrenNamed, optBytes, optInt, reqStruct } from '../ttlv/read.js';
import { toInternalRequest } from './request-payloads.js';
import { isSpokenVersion, type ProtocolVersion } from './protocol-versions.js';
import { WIRE } from './wire-tags.js';
import type { BatchItem } from '../messages.js';
import type { TtlvLimits } from '../ttlv/limits.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** One batch item; `invalid` is set when it cannot run (it is answered with that failure). */
export interface BinaryBatchItem extends BatchItem {
  /** The Operation as sent (a number when the codec has no name for it), echoed in the answer. */
  readonly operationValue: string | number;
  readonly invalid: KmipError | undefined;
}

/** A decoded binary request Message. */
export interface BinaryRequest {
  readonly protocolVersion: ProtocolVersion;
  readonly items: readonly BinaryBatchItem[];
  /**
   * Batch Error Continuation Option Stop (the spec's default): items after the first failure are
   * not run, and the answer lists only those that ran. Continue runs them all.
   */
  readonly stopOnError: boolean;
}

/** What a whole-message failure answer echoes of one request batch item. */
export interface EchoedItem {
  readonly operationValue: string | number;
  readonly uniqueBatchItemId: Uint8Array | undefined;
}

/**
 * A whole-message failure found once the header was read: it carries the request's version, so
 * the answer is in that version, and, when the batch was read too, the items to answer one by one.
 */
export class BinaryMessageError extends KmipError {
  constructor(
    cause: KmipError,
    readonly version: ProtocolVersion,
    readonly items: readonly EchoedItem[] | undefined,
  ) {
    super(cause.reason, cause.message);
  }
}

// Batch Error Continuation Option values.
const CONTINUE = 1;
const UNDO = 3;

/**
 * Whether the batch runs on after a failed item. Undo is refused for the whole message: this
 * server cannot roll back earlier items, and running the batch as Stop would pretend it had.
 */
function continuesOnError(header: TtlvStructure, version: ProtocolVersion, items: readonly BinaryBatchItem[]): boolean {
  const option = child(header, WIRE.batchErrorContinuationOption);
  if (option?.type !== 'Enumeration') return false;
  if (option.value === UNDO || option.value === 'Undo') {
    const refusal = new KmipError('Feature_Not_Supported', 'Request Header: Batch Error Continuation Option Undo is not supported');
    throw new BinaryMessageError(refusal, version, items);
  }
  return option.value === CONTINUE || option.value === 'Continue';
}

/** Reads the Protocol Version structure of a Request Header. */
export function readProtocolVersion(header: TtlvStructure): ProtocolVersion {
  const pv = reqStruct(header, WIRE.protocolVersion);
  const major = optInt(pv, WIRE.protocolVersionMajor);
  const minor = optInt(pv, WIRE.protocolVersionMinor);
  if (major === undefined || minor === undefined) throw new KmipError('Invalid_Message', 'Request Header: Protocol Version needs a major and a minor');
  return { major, minor };
}

function failure(err: unknown): KmipError {
  if (err instanceof KmipError) return err;
  throw err;
}

function batchItem(node: TtlvNode, version: ProtocolVersion): BinaryBatchItem {
  const s = asStructure(node, 'Batch Item');
  const op = child(s, WIRE.operation);
  if (op?.type !== 'Enumeration') throw new KmipError('Invalid_Message', 'Batch Item: Operation is required');
  const operationValue = op.value;
  const operation = String(operationValue);
  const uniqueBatchItemId = optBytes(s, WIRE.uniqueBatchItemId);
  const payload = child(s, WIRE.requestPayload);
  const empty: TtlvStructure = { tag: operation, type: 'Structure', value: [] };
  const base = { operation, operationValue, uniqueBatchItemId };
  if (typeof operationValue === 'number') {
    return { ...base, request: empty, invalid: new KmipError('Operation_Not_Supported', `Operation: ${operation} is not supported`) };
  }
  if (payload === undefined) return { ...base, request: empty, invalid: new KmipError('Invalid_Message', 'Batch Item: Request Payload is required') };
  try {
    return { ...base, request: toInternalRequest(operation, payload, version), invalid: undefined };
  } catch (err) {
    return { ...base, request: empty, invalid: failure(err) };
  }
}

/**
 * Decodes a request Message. Throws KmipError for what makes the whole message unanswerable
 * (malformed TTLV, no header, an unsupported version, a wrong Batch Count, Batch Error
 * Continuation Option Undo); once the version is read, as a BinaryMessageError carrying it. A
 * batch item that cannot run is returned with its failure instead.
 */
export function decodeBinaryRequest(bytes: Uint8Array, limits?: TtlvLimits): BinaryRequest {
  const root = asStructure(decodeBinaryTtlv(bytes, limits), 'Request Message');
  if (root.tag !== WIRE.requestMessage) throw new KmipError('Invalid_Message', `expected a Request Message, got ${shown(root.tag)}`);
  const header = reqStruct(root, WIRE.requestHeader);
  const version = readProtocolVersion(header);
  if (!isSpokenVersion(version)) {
    throw new KmipError('Invalid_Message', `Protocol Version ${version.major}.${version.minor} is not supported (1.0 to 2.1 are)`);
  }
  try {
    const nodes = childrenNamed(root, WIRE.batchItem);
    const count = optInt(header, WIRE.batchCount);
    if (count !== nodes.length) throw new KmipError('Invalid_Message', `Request Header: Batch Count is ${String(count)} but ${nodes.length} items were sent`);
    if (nodes.length === 0) throw new KmipError('Invalid_Message', 'Request Message: no Batch Item');
    const items = nodes.map((n) => batchItem(n, version));
    return { protocolVersion: version, items, stopOnError: !continuesOnError(header, version, items) };
  } catch (err) {
    if (err instanceof KmipError && !(err instanceof BinaryMessageError)) throw new BinaryMessageError(err, version, undefined);
    throw err;
  }
}
