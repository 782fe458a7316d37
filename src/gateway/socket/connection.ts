/**
 * One KMIP socket connection: messages are cut from the stream as they complete and answered
 * strictly in arrival order, one at a time (a KMIP client matches answers to requests by order
 * alone). Reading pauses while too many messages or bytes wait, and writing waits for a slow
 * reader. A stream that is not TTLV, announces a message over the limit, or takes longer than the
 * message timeout to send one, gets one failure response, then the connection is closed. A
 * connection with no complete message for the idle timeout, and nothing running, is closed.
 * Message bytes are wiped once answered. Transport-free: socket-server.ts adapts it to a TLS
 * socket, tests drive it directly.
 * @module
 */
import { FrameError, FrameReader } from './frame-reader.js';
import type { BinaryKmip, FailureReason } from './binary-kmip.js';
import type { Caller, MessageHandler } from './message-handler.js';
import type { Clock, TimerHandle } from '../../lib/clock.js';
import type { Logger } from '../../lib/logger.js';

/** What a connection needs from its socket. */
export interface ConnectionSocket {
  /** Queues bytes for the client; false when the caller should wait for `drained`. */
  write(bytes: Uint8Array): boolean;
  /** Resolves once written bytes have left (or the socket closed). */
  drained(): Promise<void>;
  /** Flushes what was written, then closes. */
  end(): void;
  /** Closes at once. */
  destroy(): void;
  /** Stops and restarts reading from the client. */
  pause(): void;
  resume(): void;
}

/** Per-connection limits. */
export interface ConnectionLimits {
  /** Largest message, header included. */
  readonly maxMessageBytes: number;
  /** Time without a complete message (and nothing running) after which the connection is closed. */
  readonly idleTimeoutMs: number;
  /** Time a message may take to arrive, from its first byte. */
  readonly messageTimeoutMs: number;
  /** Messages read ahead of the one being answered before reading pauses. */
  readonly maxQueuedMessages: number;
  /**
   * Bytes held (messages waiting or running, and the one being read) above which reading pauses;
   * it resumes below half of this.
   */
  readonly maxBufferedBytes: number;
}

/** What a connection is built from. */
export interface ConnectionOptions {
  readonly caller: Caller;
  readonly handler: MessageHandler;
  readonly kmip: BinaryKmip;
  readonly clock: Clock;
  readonly limits: ConnectionLimits;
  readonly logger: Logger;
}

type Item =
  /** `size`: the length the message had when queued, counted against the byte budget until answered. */
  | { readonly kind: 'message'; readonly bytes: Uint8Array; readonly size: number; readonly arrivedAt: number }
  | { readonly kind: 'fatal'; readonly reason: FailureReason; readonly message: string };

type State = 'open' | 'draining' | 'closed';

/** A connection's message loop. */
export class KmipConnection {
  readonly #reader: FrameReader;
  readonly #queue: Item[] = [];
  #state: State = 'open';
  #busy = false;
  #paused = false;
  /** A failure is queued: nothing more is read. */
  #refused = false;
  /** Bytes of the messages queued or running. */
  #messageBytes = 0;
  #lastActivity: number;
  #idleTimer: TimerHandle | null = null;
  #messageTimer: TimerHandle | null = null;

  constructor(
    private readonly socket: ConnectionSocket,
    private readonly o: ConnectionOptions,
  ) {
    this.#reader = new FrameReader(o.limits.maxMessageBytes);
    this.#lastActivity = o.clock.now();
    this.#armIdle(o.limits.idleTimeoutMs);
  }

  /** Messages received and not answered yet (the one running included). */
  get pending(): number {
    return this.#queue.length + (this.#busy ? 1 : 0);
  }

  /** Bytes held: messages waiting or running, and the part of the one being read. */
  get bufferedBytes(): number {
    return this.#messageBytes + this.#reader.buffered;
  }

  /** Handles bytes from the client. */
  data(chunk: Uint8Array): void {
    if (this.#state === 'closed' || this.#refused) return;
    // A chunk that finds no message under way starts one: its deadline runs from here.
    let restart = !this.#reader.partial;
    this.#reader.push(chunk);
    for (;;) {
      let bytes: Uint8Array | null;
      try {
        bytes = this.#reader.next();
      } catch (err) {
        this.#refuse('Invalid_Message', err instanceof FrameError ? err.message : 'unreadable message');
        break;
      }
      if (bytes === null) break;
      restart = true;
      this.#lastActivity = this.o.clock.now();
      this.#messageBytes += bytes.length;
      this.#queue.push({ kind: 'message', bytes, size: bytes.length, arrivedAt: performance.now() });
    }
    this.#watchMessage(restart);
    if (this.#queue.length > this.o.limits.maxQueuedMessages || this.bufferedBytes > this.o.limits.maxBufferedBytes) this.#pause();
    this.#run();
  }

  /** Stops reading, answers what was received, then closes (server shutdown). */
  drain(): void {
    if (this.#state !== 'open') return;
    this.#state = 'draining';
    this.#pause();
    // A message still arriving can never complete now.
    this.#reader.discard();
    this.#cancelMessageTimer();
    this.#endIfDone();
  }

  /** The socket closed: forget (and wipe) everything. */
  closed(): void {
    this.#state = 'closed';
    this.#idleTimer?.cancel();
    this.#idleTimer = null;
    this.#cancelMessageTimer();
    this.#reader.discard();
    for (const item of this.#queue) if (item.kind === 'message') item.bytes.fill(0);
    this.#queue.length = 0;
  }

  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.socket.pause();
    // A message held up by our own pause is not the sender's fault: its deadline restarts on resume.
    this.#cancelMessageTimer();
  }

  /** Reads again once few enough messages and bytes wait, unless the connection is ending. */
  #maybeResume(): void {
    if (!this.#paused || this.#state !== 'open' || this.#refused) return;
    if (this.#queue.length > this.o.limits.maxQueuedMessages / 2 || this.bufferedBytes >= this.o.limits.maxBufferedBytes / 2) return;
    this.#paused = false;
    this.socket.resume();
    this.#watchMessage(true);
  }

  /** Queues one failure answer, after which the connection ends, and reads nothing more. */
  #refuse(reason: FailureReason, message: string): void {
    this.#refused = true;
    this.#queue.push({ kind: 'fatal', reason, message });
    this.#reader.discard();
    this.#cancelMessageTimer();
    this.#pause();
  }

  #run(): void {
    if (this.#busy || this.#queue.length === 0) return;
    this.#busy = true;
    this.#pump().then(
      () => {
        this.#busy = false;
        // Messages that arrived after the loop's last look are run now.
        if (this.#queue.length > 0 && !this.#isClosed()) this.#run();
        else this.#endIfDone();
      },
      () => {
        this.#busy = false;
        this.#close(true);
      },
    );
  }

  async #pump(): Promise<void> {
    for (let item = this.#queue.shift(); item !== undefined; item = this.#queue.shift()) {
      if (this.#isClosed()) return;
      if (item.kind === 'fatal') {
        const answer = this.o.kmip.failure(null, item.reason, item.message, Math.floor(this.o.clock.now() / 1000));
        this.o.logger.debug('KMIP socket stream refused', { reason: item.reason });
        this.socket.write(answer);
        this.#close(false);
        return;
      }
      this.#maybeResume();
      let answer: Uint8Array;
      try {
        answer = await this.o.handler(this.o.caller, item.bytes, item.arrivedAt);
      } finally {
        // Whatever happened, the message (and any secret in it) is not kept.
        item.bytes.fill(0);
        this.#messageBytes -= item.size;
      }
      if (this.#isClosed()) return;
      this.#maybeResume();
      this.#lastActivity = this.o.clock.now();
      if (!this.socket.write(answer)) await this.socket.drained();
    }
  }

  #endIfDone(): void {
    if (this.#state === 'draining' && !this.#busy && this.#queue.length === 0) this.#close(false);
  }

  /** Closes: at once, or after what was written has been flushed. */
  #close(abrupt: boolean): void {
    if (this.#isClosed()) return;
    this.closed();
    if (abrupt) this.socket.destroy();
    else this.socket.end();
  }

  /** Starts the deadline of the message being read (`restart`: a new one began), or stops it when none is. */
  #watchMessage(restart: boolean): void {
    if (!this.#reader.partial || this.#refused || this.#paused) {
      this.#cancelMessageTimer();
      return;
    }
    if (!restart && this.#messageTimer !== null) return;
    this.#cancelMessageTimer();
    const limit = this.o.limits.messageTimeoutMs;
    this.#messageTimer = this.o.clock.setTimer(limit, () => {
      this.#messageTimer = null;
      if (this.#isClosed() || this.#refused || !this.#reader.partial) return;
      this.o.logger.debug('KMIP socket message too slow: refused', { timeout_ms: limit });
      this.#refuse('Invalid_Message', `a message must arrive within ${limit} ms of its first byte`);
      this.#run();
    });
  }

  #cancelMessageTimer(): void {
    this.#messageTimer?.cancel();
    this.#messageTimer = null;
  }

  #armIdle(ms: number): void {
    this.#idleTimer = this.o.clock.setTimer(ms, () => {
      this.#idleTimer = null;
      this.#checkIdle();
    });
  }

  #checkIdle(): void {
    if (this.#isClosed()) return;
    const limit = this.o.limits.idleTimeoutMs;
    // A message being answered is not silence: its actor may take its time.
    if (this.#busy || this.#queue.length > 0) {
      this.#armIdle(limit);
      return;
    }
    const quiet = this.o.clock.now() - this.#lastActivity;
    if (quiet < limit) {
      this.#armIdle(limit - quiet);
      return;
    }
    this.o.logger.debug('KMIP socket connection idle: closed', { idle_ms: quiet });
    this.#close(true);
  }
}
