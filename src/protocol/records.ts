/**
 * Fixed-layout records for the two messages every request makes, Request and Done: written and
 * read field by field instead of through msgpack, with the body bytes copied once into the frame
 * on the way out and read in place (a view into the transferred frame) on the way in. Anything
 * else, or a field too long for its length prefix, travels as an embedded msgpack record.
 * @module
 */
import { ProtocolError } from './protocol-error.js';
import type { AuditRecord, DoneEvent, RequestCommand } from './messages.js';

/** First byte of a record frame: 0xc1 is never used by msgpack, so the two cannot be confused. */
export const RECORD_FRAME = 0xc1;

/** Record types. */
export const MSGPACK_RECORD = 0;
export const REQUEST_RECORD = 1;
export const DONE_RECORD = 2;

const MAX_STR = 0xffff;
const HAS_BODY = 1;
const HAS_OPERATION = 2;
const HAS_FAILURE = 4;
const HAS_AUDIT = 8;

/** Bytes of a length-prefixed string, or -1 when it does not fit the prefix. */
function strSize(s: string): number {
  const n = Buffer.byteLength(s, 'utf8');
  return n > MAX_STR ? -1 : 2 + n;
}

/** Bytes the Request record takes, or -1 when it cannot be one. */
export function requestSize(m: RequestCommand): number {
  const a = strSize(m.actorId);
  const u = strSize(m.user);
  if (a < 0 || u < 0) return -1;
  return 1 + 8 + 1 + a + u + 4 + m.body.byteLength;
}

/** Bytes the Done record takes, or -1 when it cannot be one. */
export function doneSize(m: DoneEvent): number {
  let n = 1 + 8 + 1;
  if (m.body !== null) n += 4 + m.body.byteLength;
  for (const s of [m.operation, m.failure]) {
    if (s === undefined) continue;
    const k = strSize(s);
    if (k < 0) return -1;
    n += k;
  }
  if (m.audit !== undefined) {
    if (m.audit.length > MAX_STR) return -1;
    n += 2;
    for (const r of m.audit) {
      const o = strSize(r.operation);
      const id = r.objectId === null ? 0 : strSize(r.objectId);
      const res = strSize(r.result);
      if (o < 0 || id < 0 || res < 0) return -1;
      n += o + 1 + id + res;
    }
  }
  return n;
}

/** Writes records into a frame buffer. */
export class RecordWriter {
  #at = 1;
  readonly #view: DataView;

  constructor(private readonly buf: Buffer) {
    buf[0] = RECORD_FRAME;
    this.#view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  #u8(v: number): void {
    this.#view.setUint8(this.#at, v);
    this.#at += 1;
  }

  #bytes(b: Uint8Array): void {
    this.#view.setUint32(this.#at, b.byteLength);
    this.buf.set(b, this.#at + 4);
    this.#at += 4 + b.byteLength;
  }

  #str(s: string): void {
    const n = this.buf.write(s, this.#at + 2, 'utf8');
    this.#view.setUint16(this.#at, n);
    this.#at += 2 + n;
  }

  #head(type: number, id: number): void {
    this.#u8(type);
    this.#view.setFloat64(this.#at, id);
    this.#at += 8;
  }

  request(m: RequestCommand, kind: number): void {
    this.#head(REQUEST_RECORD, m.id);
    this.#u8(kind);
    this.#str(m.actorId);
    this.#str(m.user);
    this.#bytes(m.body);
  }

  done(m: DoneEvent): void {
    this.#head(DONE_RECORD, m.id);
    const flags = (m.body === null ? 0 : HAS_BODY) | (m.operation === undefined ? 0 : HAS_OPERATION) | (m.failure === undefined ? 0 : HAS_FAILURE) | (m.audit === undefined ? 0 : HAS_AUDIT);
    this.#u8(flags);
    if (m.body !== null) this.#bytes(m.body);
    if (m.operation !== undefined) this.#str(m.operation);
    if (m.failure !== undefined) this.#str(m.failure);
    if (m.audit !== undefined) {
      this.#view.setUint16(this.#at, m.audit.length);
      this.#at += 2;
      for (const r of m.audit) {
        this.#str(r.operation);
        this.#u8(r.objectId === null ? 0 : 1);
        if (r.objectId !== null) this.#str(r.objectId);
        this.#str(r.result);
      }
    }
  }

  /** An embedded msgpack record: its size is 1 + 4 + packed.length. */
  msgpack(packed: Uint8Array): void {
    this.#u8(MSGPACK_RECORD);
    this.#bytes(packed);
  }

  /** Bytes written so far (a sizing check). */
  get written(): number {
    return this.#at;
  }
}

/** Reads the records of a frame; every read is bounds-checked. */
export class RecordReader {
  #at = 1;
  readonly #view: DataView;
  readonly #text = new TextDecoder('utf-8', { fatal: true });
  private readonly frame: Uint8Array;

  constructor(frame: Uint8Array) {
    // Plain views whatever the frame's class: a Buffer's slices would be Buffers.
    this.frame = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
    this.#view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  }

  get done(): boolean {
    return this.#at >= this.frame.byteLength;
  }

  #need(n: number): void {
    if (this.#at + n > this.frame.byteLength) throw new ProtocolError('truncated record');
  }

  u8(): number {
    this.#need(1);
    return this.#view.getUint8(this.#at++);
  }

  id(): number {
    this.#need(8);
    const v = this.#view.getFloat64(this.#at);
    this.#at += 8;
    return v;
  }

  /** Length-prefixed bytes, as a view into the frame. */
  bytes(): Uint8Array {
    this.#need(4);
    const n = this.#view.getUint32(this.#at);
    this.#need(4 + n);
    const b = this.frame.subarray(this.#at + 4, this.#at + 4 + n);
    this.#at += 4 + n;
    return b;
  }

  str(): string {
    this.#need(2);
    const n = this.#view.getUint16(this.#at);
    this.#need(2 + n);
    let s: string;
    try {
      s = this.#text.decode(this.frame.subarray(this.#at + 2, this.#at + 2 + n));
    } catch {
      throw new ProtocolError('a string field is not UTF-8');
    }
    this.#at += 2 + n;
    return s;
  }

  u16(): number {
    this.#need(2);
    const v = this.#view.getUint16(this.#at);
    this.#at += 2;
    return v;
  }

  /** The fields of a Done record after its id, as a plain map for the shape checks. */
  doneFields(): Record<string, unknown> {
    const flags = this.u8();
    const o: Record<string, unknown> = { body: (flags & HAS_BODY) === 0 ? null : this.bytes() };
    if ((flags & HAS_OPERATION) !== 0) o['operation'] = this.str();
    if ((flags & HAS_FAILURE) !== 0) o['failure'] = this.str();
    if ((flags & HAS_AUDIT) !== 0) {
      const n = this.u16();
      const audit: AuditRecord[] = [];
      for (let i = 0; i < n; i++) {
        const operation = this.str();
        const objectId = this.u8() === 0 ? null : this.str();
        audit.push({ operation, objectId, result: this.str() });
      }
      o['audit'] = audit;
    }
    return o;
  }
}
