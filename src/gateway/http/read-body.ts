/**
 * Reads a request body from uWS with a size cap, alongside the caller's authentication. uWS drops
 * body chunks nobody listens to, so reading must start in the request handler, before the caller
 * is known. Until then at most PENDING_BODY_BYTES are held: past them reading pauses
 * (`res.pause()`, the socket is no longer polled) and resumes once the caller is admitted. A
 * refused caller's chunks are dropped at once and the rest ignored, so an unauthenticated client
 * can make the server hold neither the body cap nor anything for the 401 delay. Pausing rather
 * than closing keeps a legitimate large request working while a key set is being fetched. uWS
 * lends each chunk only for the duration of the callback, so chunks are copied.
 * @module
 */
import { KmsError } from '../../protocol/wire-error.js';
import type { HttpResponse } from 'uWebSockets.js';
import type { ResponseState } from './respond.js';

/**
 * Body bytes held for a caller not yet authenticated. One read of uWS may overshoot it by at most
 * one receive buffer (the chunk that crossed it is kept: a body is never cut).
 */
export const PENDING_BODY_BYTES = 64 * 1024;

/** What reading a body needs from a uWS response (tests pass a fake). */
export interface BodyStream {
  onData: (handler: Parameters<HttpResponse['onData']>[0]) => unknown;
  pause: () => void;
  resume: () => void;
}

/** A body being read while its caller is authenticated. */
export interface PendingBody {
  /** The caller is admitted: read on (resuming a paused read) up to the size cap. */
  admit(): Promise<Uint8Array>;
  /** The caller is refused: drop what was read, ignore the rest. */
  discard(): void;
  /** Bytes held now (tests, stats). */
  readonly heldBytes: number;
  /** Reading is paused until the caller is admitted (tests, stats). */
  readonly paused: boolean;
}

/** Starts collecting the body; admit() rejects with BODY_TOO_LARGE past maxBytes. */
export function readBody(res: BodyStream, state: ResponseState, declaredLength: string, maxBytes: number, holdBytes = PENDING_BODY_BYTES): PendingBody {
  return new BodyReader(res, state, declaredLength, maxBytes, holdBytes);
}

class BodyReader implements PendingBody {
  /** Settled: the body was handed over or refused, and nothing more is kept. */
  #settled = false;
  #admitted = false;
  #paused = false;
  #chunks: Uint8Array[] = [];
  #size = 0;
  readonly #result: Promise<Uint8Array>;
  #resolve: (body: Uint8Array) => void = () => undefined;
  #reject: (err: KmsError) => void = () => undefined;

  constructor(
    private readonly res: BodyStream,
    state: ResponseState,
    declaredLength: string,
    private readonly maxBytes: number,
    private readonly holdBytes: number,
  ) {
    this.#result = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#result.catch(() => undefined); // a refused request never awaits its body
    if (declaredLength !== '' && Number(declaredLength) > maxBytes) {
      this.#fail(this.#tooLarge());
      return;
    }
    // uWS stops calling onData when the client goes away: settle here so nothing waits forever.
    state.onAbort = () => { this.#fail(new KmsError('INTERNAL', 'client disconnected')); };
    res.onData((chunk, isLast) => {
      if (this.#settled) return;
      if (state.aborted) {
        this.#fail(new KmsError('INTERNAL', 'client disconnected'));
        return;
      }
      this.#size += chunk.byteLength;
      if (this.#size > this.maxBytes) {
        this.#fail(this.#tooLarge());
        return;
      }
      this.#chunks.push(new Uint8Array(chunk.slice(0)));
      if (isLast) {
        const chunks = this.#chunks;
        this.#settle();
        this.#resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, this.#size));
        return;
      }
      if (!this.#admitted && !this.#paused && this.#size >= this.holdBytes) {
        this.#paused = true;
        this.res.pause();
      }
    });
  }

  admit(): Promise<Uint8Array> {
    this.#admitted = true;
    // A settled read is never resumed: after a disconnect uWS forbids touching the response.
    if (this.#paused && !this.#settled) {
      this.#paused = false;
      this.res.resume();
    }
    return this.#result;
  }

  discard(): void {
    // A paused read stays paused: the refusal closes the connection.
    this.#fail(new KmsError('UNAUTHORIZED', 'the caller was refused'));
  }

  get heldBytes(): number {
    return this.#chunks.reduce((n, c) => n + c.byteLength, 0);
  }

  get paused(): boolean {
    return this.#paused;
  }

  #tooLarge(): KmsError {
    return new KmsError('BODY_TOO_LARGE', `the request body exceeds ${this.maxBytes} bytes`);
  }

  #fail(err: KmsError): void {
    if (this.#settled) return;
    this.#settle();
    this.#reject(err);
  }

  /** Nothing more is read into memory; the chunks are let go. */
  #settle(): void {
    this.#settled = true;
    this.#chunks = [];
  }
}
