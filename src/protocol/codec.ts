/**
 * msgpack framing for WorkerCommand/WorkerEvent: a frame holds one or more messages in one
 * exact-size ArrayBuffer that is transferred to the other thread, and is shape-checked on receipt.
 * @module
 */
import { Packr } from 'msgpackr';
import { isWireError } from './wire-error.js';
import { isResultReason } from '../kmip/kmip-error.js';
import {
  MAX_REQUEST_LABEL,
  PROTOCOL_VERSION,
  REQUEST_KINDS,
  type AuditRecord,
  type DatabaseRef,
  type DoneEvent,
  type FaultEvent,
  type RequestKind,
  type WorkerCommand,
  type WorkerEvent,
} from './messages.js';

// Plain maps, no record extension: both ends are this code, and maps keep the format inspectable.
const packr = new Packr({ useRecords: false, moreTypes: false, int64AsType: 'bigint' });

/** A frame and the list to transfer with it. */
export interface Frame {
  readonly bytes: Uint8Array;
  readonly transfer: ArrayBuffer[];
}

/**
 * Encodes messages into a buffer of their own. A key is consumed: once serialised, the message's
 * key bytes and msgpackr's scratch copy are wiped, so the frame is the only copy left.
 */
export function encodeFrame(msgs: readonly (WorkerCommand | WorkerEvent)[]): Frame {
  const packed = packr.pack(msgs);
  const bytes = new Uint8Array(packed.length);
  bytes.set(packed);
  let keyed = false;
  for (const m of msgs) {
    if ('key' in m && m.key !== null) {
      m.key.fill(0);
      keyed = true;
    }
  }
  if (keyed) packed.fill(0);
  return { bytes, transfer: [bytes.buffer] };
}

/** Thrown when a frame does not hold a well-formed message. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

function unpackList(bytes: Uint8Array): unknown[] {
  const v: unknown = packr.unpack(bytes);
  if (!Array.isArray(v) || v.length === 0) throw new ProtocolError('frame is not a list of messages');
  return v;
}

function checkedMap(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError('message is not a map');
  const o = v as Record<string, unknown>;
  if (o['v'] !== PROTOCOL_VERSION) throw new ProtocolError(`unsupported protocol version ${String(o['v'])}`);
  if (typeof o['id'] !== 'number' || !Number.isSafeInteger(o['id'])) throw new ProtocolError('missing message id');
  return o;
}

function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string') throw new ProtocolError(`field ${k} must be a string`);
  return v;
}

function bytesOrNull(o: Record<string, unknown>, k: string): Uint8Array | null {
  const v = o[k];
  if (v === null) return null;
  if (!(v instanceof Uint8Array)) throw new ProtocolError(`field ${k} must be bytes`);
  return v;
}

function bytes(o: Record<string, unknown>, k: string): Uint8Array {
  const v = bytesOrNull(o, k);
  if (v === null) throw new ProtocolError(`field ${k} must be bytes`);
  return v;
}

function auditRecord(v: unknown): AuditRecord {
  if (typeof v !== 'object' || v === null) throw new ProtocolError('audit record must be a map');
  const o = v as Record<string, unknown>;
  const objectId = o['objectId'];
  if (typeof o['operation'] !== 'string' || typeof o['result'] !== 'string' || (objectId !== null && typeof objectId !== 'string')) {
    throw new ProtocolError('malformed audit record');
  }
  return { operation: o['operation'], objectId, result: o['result'] };
}

function auditList(v: unknown): AuditRecord[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new ProtocolError('audit must be a list');
  return v.map(auditRecord);
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function requestLabel(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_REQUEST_LABEL) throw new ProtocolError('bad operation label');
  return v;
}

function databaseRef(v: unknown): DatabaseRef {
  if (typeof v !== 'object' || v === null) throw new ProtocolError('database must be a map');
  const o = v as Record<string, unknown>;
  if (o['kind'] === 'plain') return { kind: 'plain' };
  if (o['kind'] === 'encrypted' && typeof o['groupId'] === 'string' && /^\d+$/.test(o['groupId'])) {
    return { kind: 'encrypted', groupId: o['groupId'] };
  }
  throw new ProtocolError('bad database reference');
}

/** Decodes and checks the commands of a frame received by a worker. */
export function decodeCommands(frame: Uint8Array): WorkerCommand[] {
  return unpackList(frame).map(decodeCommand);
}

/** Decodes and checks the events of a frame received by the supervisor. */
export function decodeEvents(frame: Uint8Array): WorkerEvent[] {
  return unpackList(frame).map(decodeEvent);
}

function decodeCommand(value: unknown): WorkerCommand {
  const o = checkedMap(value);
  const id = o['id'] as number;
  const v = PROTOCOL_VERSION;
  switch (o['type']) {
    case 'activate':
      return { type: 'activate', v, id, actorId: str(o, 'actorId'), database: databaseRef(o['database']), key: bytesOrNull(o, 'key') };
    case 'request': {
      const kind = o['kind'];
      if (!REQUEST_KINDS.includes(kind as RequestKind)) throw new ProtocolError('bad request kind');
      return { type: 'request', v, id, actorId: str(o, 'actorId'), kind: kind as RequestKind, user: str(o, 'user'), body: bytes(o, 'body') };
    }
    case 'deactivate': {
      const reason = o['reason'];
      if (reason !== 'idle' && reason !== 'capacity' && reason !== 'shutdown' && reason !== 'requested') {
        throw new ProtocolError('bad deactivation reason');
      }
      return { type: 'deactivate', v, id, actorId: str(o, 'actorId'), reason };
    }
    case 'create-database':
      return { type: 'create-database', v, id, groupId: str(o, 'groupId'), key: bytes(o, 'key') };
    case 'shutdown':
      return { type: 'shutdown', v, id };
    default:
      throw new ProtocolError('unknown command type');
  }
}

function decodeEvent(value: unknown): WorkerEvent {
  const o = checkedMap(value);
  const id = o['id'] as number;
  const v = PROTOCOL_VERSION;
  switch (o['type']) {
    case 'ready':
      return { type: 'ready', v, id: 0 };
    case 'done': {
      const e: Writable<DoneEvent> = { type: 'done', v, id, body: bytesOrNull(o, 'body') };
      const audit = auditList(o['audit']);
      if (audit !== undefined) e.audit = audit;
      const operation = requestLabel(o['operation']);
      if (operation !== undefined) e.operation = operation;
      const failure = o['failure'];
      if (failure !== undefined) {
        if (typeof failure !== 'string' || !isResultReason(failure)) throw new ProtocolError('bad failure reason');
        e.failure = failure;
      }
      return e;
    }
    case 'fault': {
      const error = o['error'];
      if (!isWireError(error)) throw new ProtocolError('malformed error');
      const e: Writable<FaultEvent> = { type: 'fault', v, id, error };
      const audit = auditList(o['audit']);
      if (audit !== undefined) e.audit = audit;
      const operation = requestLabel(o['operation']);
      if (operation !== undefined) e.operation = operation;
      return e;
    }
    default:
      throw new ProtocolError('unknown event type');
  }
}
