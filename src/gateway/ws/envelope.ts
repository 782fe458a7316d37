/**
 * WebSocket frames of a KMIP session. Text frames are JSON, binary frames the same envelope in
 * msgpack: `{"type":"hello","database_secret":…}` from the client, then `{"id","request"}` per
 * request; the server answers `{"type":"ready"}`, then `{"id","response"}` or `{"id","error"}`.
 * @module
 */
import { Packr } from 'msgpackr';
import type { FailureParts } from '../errors.js';

/** A client's request id: echoed back as given. */
export type RequestId = string | number;

/** What a client frame asks for. */
export type ClientFrame =
  | { readonly kind: 'hello'; readonly secret: string }
  | { readonly kind: 'request'; readonly id: RequestId; readonly body: Uint8Array };

/** A frame that is not a valid envelope; `id` is set when the request id could still be read. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    message: string,
    readonly id: RequestId | undefined,
  ) {
    super(message);
  }
}

const packr = new Packr({ useRecords: false, moreTypes: false });
const utf8 = new TextDecoder('utf-8', { fatal: true });

function isId(v: unknown): v is RequestId {
  return (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 256);
}

/** Decodes one client frame. */
export function decodeClientFrame(message: ArrayBuffer, isBinary: boolean): ClientFrame {
  let value: unknown;
  try {
    value = isBinary ? packr.unpack(new Uint8Array(message)) : JSON.parse(utf8.decode(message));
  } catch {
    throw new FrameError(isBinary ? 'the binary frame is not msgpack' : 'the text frame is not JSON', undefined);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FrameError('a frame must be an object', undefined);
  const o = value as Record<string, unknown>;
  if (o['type'] === 'hello') {
    const secret = o['database_secret'];
    if (typeof secret !== 'string') throw new FrameError('a hello needs a database_secret string', undefined);
    return { kind: 'hello', secret };
  }
  const id = o['id'];
  if (!isId(id)) throw new FrameError('a request needs an id (a number or a string of at most 256 characters)', undefined);
  const request = o['request'];
  if (typeof request !== 'object' || request === null) throw new FrameError('a request needs a "request" JSON TTLV node', id);
  // The actor reads JSON TTLV text, exactly what POST /kmip/2_1 takes.
  return { kind: 'request', id, body: Buffer.from(JSON.stringify(request), 'utf8') };
}

/** The ready frame, in the client's framing. */
export function readyFrame(binary: boolean): string | Uint8Array {
  return binary ? packr.pack({ type: 'ready' }) : '{"type":"ready"}';
}

/** A response frame around the actor's JSON TTLV answer. */
export function responseFrame(id: RequestId, response: Uint8Array, binary: boolean): string | Uint8Array {
  const text = Buffer.from(response.buffer, response.byteOffset, response.byteLength).toString('utf8');
  if (binary) return packr.pack({ id, response: JSON.parse(text) as unknown });
  // Spliced, not re-serialised: the answer is already JSON.
  return `{"id":${JSON.stringify(id)},"response":${text}}`;
}

/** An error frame. */
export function errorFrame(id: RequestId | null, f: FailureParts, binary: boolean): string | Uint8Array {
  const frame = { id, error: { status: f.status, reason: f.reason, message: f.message } };
  return binary ? packr.pack(frame) : JSON.stringify(frame);
}
