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

/**
 * The request's own text inside a text frame written as `{"id":<id>,"request":<node>}` with no
 * other member and no spacing (what the SDK and most clients send), or undefined for any other
 * layout. The actor parses it strictly: a frame whose request member is repeated is refused there
 * rather than one of its values being picked.
 */
function rawRequest(message: ArrayBuffer, o: Readonly<Record<string, unknown>>, id: RequestId): Uint8Array | undefined {
  let members = 0;
  for (const k in o) if (Object.hasOwn(o, k)) members++;
  if (members !== 2) return undefined;
  const head = `{"id":${JSON.stringify(id)},"request":`;
  const bytes = new Uint8Array(message);
  if (bytes.length < head.length + 3 || bytes[bytes.length - 1] !== 0x7d) return undefined;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c > 0x7f || bytes[i] !== c) return undefined; // an id beyond ASCII takes the general path
  }
  // A copy: uWS reuses the frame's memory once the handler returns.
  return Buffer.from(bytes.subarray(head.length, bytes.length - 1));
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
  // The actor reads JSON TTLV text, exactly what POST /kmip/2_1 takes: the frame's own bytes when
  // it has the usual layout, else the request written out again.
  const raw = isBinary ? undefined : rawRequest(message, o, id);
  return { kind: 'request', id, body: raw ?? requestText(request, id) };
}

/** A decoded request node written out as JSON TTLV text; refused, naming its id, when JSON cannot hold it. */
function requestText(request: object, id: RequestId): Uint8Array {
  let text: string;
  try {
    text = JSON.stringify(request);
  } catch {
    // A msgpack 64-bit integer (read as a bigint), or nesting deep enough to exhaust the stack.
    throw new FrameError('the request holds a value JSON cannot carry (a 64-bit msgpack integer?)', id);
  }
  return Buffer.from(text, 'utf8');
}

/** The ready frame, in the client's framing. */
export function readyFrame(binary: boolean): string | Uint8Array {
  return binary ? packr.pack({ type: 'ready' }) : '{"type":"ready"}';
}

/** A response frame around the actor's JSON TTLV answer. */
export function responseFrame(id: RequestId, response: Uint8Array, binary: boolean): string | Uint8Array {
  if (binary) return packr.pack({ id, response: JSON.parse(Buffer.from(response.buffer, response.byteOffset, response.byteLength).toString('utf8')) as unknown });
  // Spliced as bytes, neither re-serialised nor decoded: the answer is already UTF-8 JSON.
  const head = `{"id":${JSON.stringify(id)},"response":`;
  const frame = Buffer.allocUnsafe(head.length * 3 + response.length + 1);
  let at = frame.write(head, 0, 'utf8');
  frame.set(response, at);
  at += response.length;
  frame[at++] = 0x7d;
  return frame.subarray(0, at);
}

/** An error frame. */
export function errorFrame(id: RequestId | null, f: FailureParts, binary: boolean): string | Uint8Array {
  const frame = { id, error: { status: f.status, reason: f.reason, message: f.message } };
  return binary ? packr.pack(frame) : JSON.stringify(frame);
}
