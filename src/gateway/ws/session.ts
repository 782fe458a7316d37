/**
 * One WebSocket KMIP session: bound once to a database, then many pipelined requests that run in
 * arrival order, with a cap on requests in flight and backpressure from a slow reader. A quiet
 * session is pinged; one that answers neither pings nor anything else within the idle timeout is
 * closed. A session whose user came from a JWT ends with 4401 once the token expires, busy or idle.
 * Transport-free: kmip-socket.ts adapts it to uWS, tests drive it directly.
 * @module
 */
import { parseDatabaseSecret } from '../auth/database-secret.js';
import { encryptedTarget, PLAIN_TARGET } from '../auth/actor-target.js';
import { failureParts } from '../errors.js';
import { bindingRefusal, clip, CLOSE } from './close-codes.js';
import { decodeClientFrame, errorFrame, FrameError, readyFrame, responseFrame, type RequestId } from './envelope.js';
import { AnswerOrder, type Answer } from './answer-order.js';
import type { TimerHandle } from '../../lib/clock.js';
import type { ActorTarget } from '../../supervisor/supervisor.js';
import type { SessionContext, SessionSocket } from './session-context.js';

export type { SessionContext, SessionLimits, SessionSocket } from './session-context.js';

interface Pending {
  readonly ticket: number;
  readonly id: RequestId;
  readonly body: Uint8Array;
  readonly binary: boolean;
}

type SessionState = 'awaiting-hello' | 'binding' | 'ready' | 'closed';

/** A bound (or binding) KMIP session. */
export class KmipSession {
  #state: SessionState = 'awaiting-hello';
  #target: Omit<ActorTarget, 'key'> | null = null;
  /** The database key, kept so a crashed or evicted actor can be reopened; wiped on close. */
  #key: Uint8Array | null = null;
  #binary = false;
  readonly #queue: Pending[] = [];
  #queuedBytes = 0;
  #inFlight = 0;
  #lastActivity: number;
  #timer: TimerHandle | null = null;
  readonly #order = new AnswerOrder();
  /** Answers waiting to leave together (one socket write), or for a slow reader to catch up. */
  #outbox: Answer[] = [];
  #outboxBytes = 0;
  #flushScheduled = false;

  constructor(
    private readonly socket: SessionSocket,
    private readonly ctx: SessionContext,
  ) {
    this.#lastActivity = ctx.clock.now();
  }

  /** Starts the session: binds at once from the upgrade header or in plain mode, else waits for a hello. */
  open(headerSecret: string): void {
    if (this.ctx.databaseType === 'sqlite') this.#bind(PLAIN_TARGET);
    else if (headerSecret !== '') this.#bindSecret(headerSecret);
    else this.#timer = this.ctx.clock.setTimer(this.ctx.limits.helloTimeoutMs, () => {
      this.#timer = null;
      if (this.#state === 'awaiting-hello') this.#close(CLOSE.timeout, 'no hello with a database secret arrived in time');
    });
  }

  /** Handles one client frame. */
  message(data: ArrayBuffer, binary: boolean): void {
    if (this.#state === 'closed' || this.#closeIfExpired()) return;
    if (data.byteLength > this.ctx.limits.maxMessageBytes) {
      this.#close(CLOSE.tooBig, `messages are limited to ${this.ctx.limits.maxMessageBytes} bytes`);
      return;
    }
    this.#lastActivity = this.ctx.clock.now();
    let frame;
    try {
      frame = decodeClientFrame(data, binary);
    } catch (err) {
      const e = err instanceof FrameError ? err : new FrameError('malformed frame', undefined);
      if (e.id === undefined) this.#close(CLOSE.malformedFrame, e.message);
      else this.#answered(this.#order.ticket(), { frame: errorFrame(e.id, { status: 422, reason: 'Invalid_Message', message: e.message }, binary), binary });
      return;
    }
    if (frame.kind === 'hello') {
      if (this.#state !== 'awaiting-hello') this.#close(CLOSE.policy, 'the session is already bound');
      else {
        this.#binary = binary;
        this.#bindSecret(frame.secret);
      }
      return;
    }
    if (this.#state === 'awaiting-hello') {
      this.#close(CLOSE.unauthorized, 'Access denied: send a hello with the database secret first');
      return;
    }
    // Over its rate limit, a request is answered (in order) with an error instead of running.
    const refused = this.ctx.admitRequest?.() ?? null;
    if (refused !== null) {
      this.#answered(this.#order.ticket(), { frame: errorFrame(frame.id, failureParts(refused), binary), binary });
      return;
    }
    this.#queue.push({ ticket: this.#order.ticket(), id: frame.id, body: frame.body, binary });
    this.#queuedBytes += frame.body.length;
    if (!this.#withinBudget()) return;
    this.#pump();
  }

  /** The client answered a ping: it is alive. */
  pong(): void {
    this.#lastActivity = this.ctx.clock.now();
  }

  /** The socket drained its backpressure: send held answers, start waiting requests. */
  drain(): void {
    this.#flush();
    this.#pump();
  }

  /** Closes a client that keeps sending without reading; true while it is within bounds. */
  #withinBudget(): boolean {
    const bytes = this.#queuedBytes + this.#outboxBytes;
    if (bytes <= this.ctx.limits.maxQueuedBytes && this.#queue.length <= this.ctx.limits.maxInFlight * 4) return true;
    this.#close(CLOSE.policy, 'too many requests are waiting: read the responses before sending more');
    return false;
  }

  /** The socket closed (by either side). */
  closed(): void {
    if (this.#state === 'closed') return;
    const wasBound = this.#state === 'ready';
    this.#state = 'closed';
    this.#timer?.cancel();
    this.#timer = null;
    this.#queue.length = 0;
    this.#outbox = [];
    this.#outboxBytes = 0;
    this.#key?.fill(0);
    this.#key = null;
    if (wasBound && this.#target) this.ctx.backend.detachSession(this.#target.actorId);
  }

  /** Requests started and not yet answered (tests, stats). */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests received and not yet started (tests, stats). */
  get queued(): number {
    return this.#queue.length;
  }

  #bindSecret(header: string): void {
    let secret;
    try {
      secret = parseDatabaseSecret(header);
    } catch (err) {
      const r = bindingRefusal(err);
      this.#close(r.code, r.reason);
      return;
    }
    this.#bind(encryptedTarget(secret));
  }

  #bind({ key, ...bound }: ActorTarget): void {
    this.#state = 'binding';
    this.#timer?.cancel();
    this.#timer = null;
    this.#key = key;
    // Hashed once per session: each request then carries the verifier, and a key copy only if the
    // actor has to be reopened.
    const verifier = key === null ? undefined : this.ctx.backend.verifierFor?.(bound.actorId, key);
    const target: Omit<ActorTarget, 'key'> = verifier === undefined ? bound : { ...bound, verifier, unlock: () => this.#keyCopy() ?? new Uint8Array(0) };
    this.ctx.backend.attachSession({ key: this.#keyCopy(), ...target }, this.ctx.user).then(
      () => {
        if (this.#state !== 'binding') {
          this.ctx.backend.detachSession(target.actorId); // closed while binding
          return;
        }
        this.#target = target;
        this.#state = 'ready';
        if (this.#closeIfExpired()) return;
        this.socket.send([{ frame: readyFrame(this.#binary), binary: this.#binary }]);
        this.#armIdle();
        this.#flush(); // answers to malformed requests sent while binding
        this.#pump();
      },
      (err: unknown) => {
        const r = bindingRefusal(err);
        this.#close(r.code, r.reason);
      },
    );
  }

  /** A copy of the session's key for one request (the supervisor wipes it); null in plain mode. */
  #keyCopy(): Uint8Array | null {
    return this.#key === null ? null : Uint8Array.from(this.#key);
  }

  /**
   * Ends the session with 4401 once the clock has reached its credential's expiry (jose accepts a
   * token while the clock is before exp): checked on every request, start and answer, and by the
   * liveness timer, which wakes at the expiry for a quiet session. True when it closed.
   */
  #closeIfExpired(): boolean {
    const at = this.ctx.expiresAt;
    if (at === undefined || at === null || this.ctx.clock.now() < at) return false;
    this.#close(CLOSE.unauthorized, 'Access denied: the token expired');
    return true;
  }

  #pump(): void {
    const target = this.#target;
    if (this.#state !== 'ready' || target === null || this.#closeIfExpired()) return;
    while (this.#queue.length > 0 && this.#inFlight < this.ctx.limits.maxInFlight && this.socket.bufferedAmount() < this.ctx.limits.highWaterBytes) {
      const req = this.#queue.shift();
      if (req === undefined) break;
      this.#queuedBytes -= req.body.length;
      this.#inFlight++;
      const key = target.verifier === undefined ? this.#keyCopy() : null;
      // target never holds a key (#bind took it out), so this key is the one sent.
      this.ctx.backend.dispatch({ key, ...target }, 'kmip', this.ctx.user, req.body).then(
        (answer) => { this.#answered(req.ticket, { frame: responseFrame(req.id, answer, req.binary), binary: req.binary }); },
        (err: unknown) => { this.#answered(req.ticket, { frame: errorFrame(req.id, failureParts(err), req.binary), binary: req.binary }); },
      ).finally(() => {
        this.#inFlight--;
        this.#lastActivity = this.ctx.clock.now();
        this.#pump();
      });
    }
  }

  /** Queues an answer behind the answers of earlier requests, then sends what may leave. */
  #answered(ticket: number, answer: Answer): void {
    if (this.#state === 'closed') return;
    for (const a of this.#order.complete(ticket, answer)) {
      this.#outbox.push(a);
      this.#outboxBytes += a.frame.length;
    }
    if (!this.#withinBudget()) return;
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => {
        this.#flushScheduled = false;
        this.#flush();
      });
    }
  }

  /** Sends held answers in one write, unless the client is behind on reading (drain resumes). */
  #flush(): void {
    if (this.#state !== 'ready' || this.#outbox.length === 0 || this.#closeIfExpired()) return;
    if (this.socket.bufferedAmount() >= this.ctx.limits.highWaterBytes) return;
    const frames = this.#outbox;
    this.#outbox = [];
    this.#outboxBytes = 0;
    this.socket.send(frames);
  }

  /**
   * The liveness timer, armed while the session is bound and checking every half idle timeout:
   * after half of it in silence the client is pinged; after all of it, with no message and no pong,
   * the client is gone, even with requests waiting for it to read. Requests still running for it
   * postpone the verdict. It also wakes at the credential's expiry, when that comes sooner.
   */
  #armIdle(): void {
    if (this.#timer !== null || this.#state !== 'ready') return;
    const half = Math.max(1, Math.floor(this.ctx.limits.idleTimeoutMs / 2));
    const expiresAt = this.ctx.expiresAt ?? null;
    const wake = expiresAt === null ? half : Math.max(1, Math.min(half, expiresAt - this.ctx.clock.now()));
    this.#timer = this.ctx.clock.setTimer(wake, () => {
      this.#timer = null;
      if (this.#state !== 'ready' || this.#closeIfExpired()) return;
      const silent = this.ctx.clock.now() - this.#lastActivity;
      if (this.#inFlight === 0 && silent >= this.ctx.limits.idleTimeoutMs) {
        this.#close(CLOSE.timeout, 'the client stopped answering');
        return;
      }
      if (silent >= half) this.socket.ping();
      this.#armIdle();
    });
  }

  /** Ends the session from the server side. */
  #close(code: number, reason: string): void {
    if (this.#state === 'closed') return;
    this.socket.end(code, clip(reason));
    this.closed();
  }

  /** Ends the session because the server is stopping. */
  shutdown(): void {
    this.#close(CLOSE.shuttingDown, 'the server is shutting down');
  }
}

