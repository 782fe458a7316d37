/**
 * Writing uWS responses safely: never after the client went away, always corked (a response
 * written after an await must be, or uWS sends it in pieces).
 * @module
 */
import { STATUS_LINES } from '../errors.js';
import type { HttpResponse } from 'uWebSockets.js';

/** Per-response state the gateway tracks. */
export interface ResponseState {
  aborted: boolean;
  /** Called once if the client disconnects. */
  onAbort: (() => void) | null;
}

/** Marks the response aborted when the client disconnects. Call before any async work. */
export function trackAbort(res: HttpResponse): ResponseState {
  const state: ResponseState = { aborted: false, onAbort: null };
  res.onAborted(() => {
    state.aborted = true;
    state.onAbort?.();
  });
  return state;
}

/** Extra response headers, lowercase names. */
export type ExtraHeaders = Readonly<Record<string, string>>;

/** The default: nothing extra (shared, so the common response allocates nothing for it). */
const NO_HEADERS: ExtraHeaders = Object.freeze({});

/** Sends a complete response unless the client is gone; `closeConnection` ends the connection after it. */
export function send(res: HttpResponse, state: ResponseState, status: number, contentType: string, body: string | Uint8Array, headers: ExtraHeaders = NO_HEADERS, closeConnection = false): void {
  if (state.aborted) return;
  state.aborted = true; // a response is sent once
  res.cork(() => {
    res.writeStatus(STATUS_LINES[status] ?? `${status} Error`);
    if (contentType !== '') res.writeHeader('content-type', contentType);
    if (headers !== NO_HEADERS) for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
    res.end(body, closeConnection);
  });
}

/** Sends a plain-text body. */
export function sendText(res: HttpResponse, state: ResponseState, status: number, body: string, headers: ExtraHeaders = NO_HEADERS, closeConnection = false): void {
  send(res, state, status, body === '' ? '' : 'text/plain; charset=utf-8', body, headers, closeConnection);
}

/**
 * Answers a request the guard refused (401/403/429/431), with `Retry-After` when it applies;
 * `closeConnection` for a request whose body is left unread.
 */
export function sendRefusal(res: HttpResponse, state: ResponseState, r: { readonly status: number; readonly body: string; readonly retryAfterSeconds?: number }, closeConnection = false): void {
  sendText(res, state, r.status, r.body, r.retryAfterSeconds === undefined ? {} : { 'retry-after': String(r.retryAfterSeconds) }, closeConnection);
}

/** Sends a JSON body. */
export function sendJson(res: HttpResponse, state: ResponseState, body: string | Uint8Array): void {
  send(res, state, 200, 'application/json', body);
}
