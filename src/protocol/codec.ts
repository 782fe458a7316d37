/**
 * Framing for WorkerCommand/WorkerEvent: a frame holds one or more messages in one exact-size
 * ArrayBuffer that is transferred to the other thread, and is shape-checked on receipt. Requests
 * and their Done answers travel as fixed-layout records (records.ts); everything else as msgpack.
 * Between processes, frames cross a pipe, each behind its length (stream-frames.ts).
 * @module
 */
import { Packr } from 'msgpackr';
import { ProtocolError } from './protocol-error.js';
import { doneSize, RECORD_FRAME, RecordReader, RecordWriter, requestSize, DONE_RECORD, MSGPACK_RECORD, REQUEST_RECORD } from './records.js';
import { isWireError } from './wire-error.js';
import { isResultReason } from '../kmip/kmip-error.js';
import {
  FAULT_KINDS,
  MAX_REQUEST_LABEL,
  PROTOCOL_VERSION,
  REQUEST_KINDS,
  type AuditRecord,
  type DatabaseRef,
  type DoneEvent,
  type FaultEvent,
  type FaultKind,
  type HostCommand,
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
  /** The frame holds a key: a copy that is not transferred (a pipe write) must be wiped once sent. */
  readonly keyed: boolean;
}

export { ProtocolError } from './protocol-error.js';

/** The size of a message's fixed-layout record, or -1 when it travels as msgpack. */
function recordSize(m: HostCommand | WorkerEvent): number {
  if (m.type === 'request') return REQUEST_KINDS.includes(m.kind) ? requestSize(m) : -1;
  if (m.type === 'done') return doneSize(m);
  return -1;
}

/**
 * Encodes messages into a buffer of their own. A key is consumed: once serialised, the message's
 * key bytes and every scratch copy (msgpackr's, ours) are wiped, so the frame is the only copy left.
 */
export function encodeFrame(msgs: readonly (HostCommand | WorkerEvent)[]): Frame {
  let size = 1;
  let keyed = false;
  // Per message: its msgpack bytes, or null when it is written as a record.
  const packed: (Uint8Array | null)[] = [];
  for (const m of msgs) {
    const n = recordSize(m);
    if (n >= 0) {
      packed.push(null);
      size += n;
      continue;
    }
    const scratch = packr.pack(m);
    const own = new Uint8Array(scratch.length);
    own.set(scratch);
    if ('key' in m && m.key !== null) {
      scratch.fill(0);
      keyed = true;
    }
    packed.push(own);
    size += 1 + 4 + own.length;
  }
  // Not from the shared pool: the buffer is transferred whole.
  const bytes = Buffer.alloc(size);
  const w = new RecordWriter(bytes);
  msgs.forEach((m, i) => {
    const p = packed[i];
    if (p !== undefined && p !== null) {
      w.msgpack(p);
      if ('key' in m && m.key !== null) {
        p.fill(0);
        m.key.fill(0);
      }
    } else if (m.type === 'request') w.request(m, REQUEST_KINDS.indexOf(m.kind));
    else if (m.type === 'done') w.done(m);
  });
  if (w.written !== size) throw new ProtocolError('frame size mismatch');
  return { bytes, transfer: [bytes.buffer], keyed };
}

/** The messages of a frame as unchecked maps (record frames) or values (msgpack frames). */
function unpackList(bytes: Uint8Array): unknown[] {
  if (bytes[0] !== RECORD_FRAME) {
    const v: unknown = packr.unpack(bytes);
    if (!Array.isArray(v) || v.length === 0) throw new ProtocolError('frame is not a list of messages');
    return v;
  }
  const r = new RecordReader(bytes);
  const out: unknown[] = [];
  while (!r.done) {
    const type = r.u8();
    if (type === MSGPACK_RECORD) {
      out.push(packr.unpack(r.bytes()));
      continue;
    }
    const id = r.id();
    if (type === REQUEST_RECORD) {
      const kind = REQUEST_KINDS[r.u8()];
      out.push({ type: 'request', v: PROTOCOL_VERSION, id, kind, actorId: r.str(), user: r.str(), body: r.bytes() });
    } else if (type === DONE_RECORD) {
      out.push({ type: 'done', v: PROTOCOL_VERSION, id, ...r.doneFields() });
    } else {
      throw new ProtocolError('unknown record type');
    }
  }
  if (out.length === 0) throw new ProtocolError('frame is not a list of messages');
  return out;
}

function checkedMap(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ProtocolError('message is not a map');
  const o = v as Record<string, unknown>;
  // Only a number is named: String() of an arbitrary received value can itself throw.
  if (o['v'] !== PROTOCOL_VERSION) throw new ProtocolError(`unsupported protocol version${typeof o['v'] === 'number' ? ` ${o['v']}` : ''}`);
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

/** Decodes and checks the commands of a frame received by a host entry, the fault-test hook included. */
export function decodeHostCommands(frame: Uint8Array): HostCommand[] {
  return typedFailures(() => unpackList(frame).map(decodeCommand));
}

/** Decodes and checks the commands of a frame for an actor host, which takes no fault injection. */
export function decodeCommands(frame: Uint8Array): WorkerCommand[] {
  return decodeHostCommands(frame).map((c) => {
    if (c.type === 'inject-fault') throw new ProtocolError('this host does not take fault injection');
    return c;
  });
}

/** Decodes and checks the events of a frame received by the supervisor. */
export function decodeEvents(frame: Uint8Array): WorkerEvent[] {
  return typedFailures(() => unpackList(frame).map(decodeEvent));
}

/** Runs a decode whose every failure is a ProtocolError: msgpackr and the record reader throw plain errors on bad bytes. */
function typedFailures<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError('malformed frame');
  }
}

function decodeCommand(value: unknown): HostCommand {
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
    case 'inject-fault': {
      const fault = o['fault'];
      if (!FAULT_KINDS.includes(fault as FaultKind)) throw new ProtocolError('bad fault kind');
      return { type: 'inject-fault', v, id, actorId: str(o, 'actorId'), fault: fault as FaultKind };
    }
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
