/**
 * The supervisor: one actor per database, placed on workers (threads or child processes),
 * activated on first use, evicted when idle or over capacity, and restarted lazily after a crash.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { randomKeyBytes, randomU128 } from '../crypto/random.js';
import { SecretVerifier } from '../crypto/secret-verifier.js';
import { zeroize } from '../crypto/zeroize.js';
import { KmsError } from '../protocol/wire-error.js';
import { isOpen } from './activation-state.js';
import { ActorHandle, dropKey, type Envelope } from './actor-handle.js';
import { IdleCollector } from './idle-collector.js';
import { RestartPolicy, type RestartLimits } from './restart-policy.js';
import { WorkerSlot } from './worker-slot.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { AuditLog } from '../lib/audit-log.js';
import type { AuditListener } from './worker-slot.js';
import type { DatabaseRef, DeactivationReason, FaultKind, RequestKind } from '../protocol/messages.js';
import type { ActorRuntime, ExitInfo } from './runtime/runtime.js';
import type { SupervisorLoad, SupervisorMetrics } from './supervisor-metrics.js';

/** Supervisor settings. */
export interface SupervisorOptions {
  readonly runtime: ActorRuntime;
  readonly workers: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly idleTimeoutMs: number;
  readonly maxOpenActors: number;
  /** Requests one database may have queued or running before more are refused (503). */
  readonly maxPendingPerActor?: number;
  /** Per-database crash intensity before its circuit opens. */
  readonly actorRestarts?: RestartLimits;
  /** Per-worker restart intensity before the slot rests for a period. */
  readonly workerRestarts?: RestartLimits;
  readonly shutdownTimeoutMs?: number;
  /** Receives one entry per operation the actors report. */
  readonly audit?: AuditLog;
  /** Counts requests, activations, evictions and crashes when set. */
  readonly metrics?: SupervisorMetrics;
}

/** Which actor a request is for; `key` is null in plain mode and is wiped by the supervisor. */
export interface ActorTarget {
  readonly actorId: string;
  readonly database: DatabaseRef;
  readonly key: Uint8Array | null;
  /**
   * The key's verifier (Supervisor.verifierFor), when the caller already has it: the key is then
   * not hashed again, and may be null, with `unlock` producing a fresh copy only if the actor has
   * to be opened.
   */
  readonly verifier?: Buffer;
  /** A fresh copy of the key (the supervisor wipes it), for a target whose `key` is null but `verifier` set. */
  readonly unlock?: () => Uint8Array;
}

/** A freshly created encrypted database: shown to the caller once. */
export interface NewDatabase {
  readonly groupId: bigint;
  readonly key: Uint8Array;
}

/**
 * Whether requests can be served now: `ready` once started, while not stopping, with at least
 * one worker up; else why not.
 */
export type ReadinessState = 'ready' | 'starting' | 'stopping' | 'no_workers';

/** The supervisor's readiness, for health checks. */
export interface Readiness {
  readonly state: ReadinessState;
  readonly workersReady: number;
  readonly workers: number;
}

/** Counters for tests and diagnostics. */
export interface SupervisorStats {
  readonly openActors: number;
  /** Requests sent to actors and not yet answered. */
  readonly inFlight: number;
  readonly workers: readonly { readonly index: number; readonly state: string; readonly actors: number }[];
}

const shuttingDown = (): KmsError => new KmsError('SHUTTING_DOWN', 'the server is shutting down');

/** Routes requests to actors and owns their lifecycle. */
export class Supervisor {
  readonly #registry = new Map<string, ActorHandle>(); // iteration order = least recently used first
  readonly #slots: WorkerSlot[] = [];
  readonly #verifier = new SecretVerifier();
  readonly #actorCircuit: RestartPolicy;
  readonly #workerRestarts: RestartPolicy;
  readonly #idle: IdleCollector;
  #started = false;
  #closing = false;
  #creating = 0;
  #onSettled: (() => void) | null = null;
  /** Sessions attached per database: their actors stay open while idle. */
  readonly #sessions = new Map<string, number>();

  constructor(private readonly o: SupervisorOptions) {
    this.#actorCircuit = new RestartPolicy(o.actorRestarts ?? { intensity: 3, periodMs: 60_000 }, o.clock);
    this.#workerRestarts = new RestartPolicy(o.workerRestarts ?? { intensity: 5, periodMs: 60_000 }, o.clock);
    this.#idle = new IdleCollector(
      this.#registry, o.clock, o.logger, o.idleTimeoutMs, o.maxOpenActors,
      (h, why) => { void this.#deactivate(h, why); },
      (actorId) => (this.#sessions.get(actorId) ?? 0) > 0,
    );
    o.metrics?.watch(() => this.#load());
  }

  /** Starts the workers and waits until each reports ready. */
  async start(): Promise<void> {
    for (let i = 0; i < this.o.workers; i++) {
      this.#slots.push(new WorkerSlot(i, this.o.runtime, (s, info, booted) => { this.#onWorkerExit(s, info, booted); }, this.#auditListener()));
    }
    await Promise.all(this.#slots.map((s) => s.whenReady()));
    this.#started = true;
  }

  /** Writes what the actors report to the audit log, when one is kept. */
  #auditListener(): AuditListener | null {
    const audit = this.o.audit;
    if (audit === undefined) return null;
    return (caller, records) => {
      for (const r of records) audit.record({ user: caller.user, database: caller.actorId, operation: r.operation, objectId: r.objectId, result: r.result });
    };
  }

  /**
   * Sends one request to the target's actor, activating it if needed. `arrivedAt` is the
   * performance.now() of the request's arrival (now, by default), which its duration counts from.
   */
  dispatch(target: ActorTarget, kind: RequestKind, user: string, body: Uint8Array, arrivedAt?: number): Promise<Uint8Array> {
    // Only the metrics read the arrival time: without them the clock is not read.
    const startedAt = arrivedAt ?? (this.o.metrics === undefined ? 0 : performance.now());
    const key = target.key;
    if (this.#closing) {
      zeroize(key);
      const err = shuttingDown();
      this.#record(kind, null, err, startedAt);
      return Promise.reject(err);
    }
    const verifier = target.verifier ?? (key === null ? null : this.#verifier.verifierFor(target.actorId, key));
    const unlock = target.unlock ?? null;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#route(target.actorId, target.database, { kind, user, body, verifier, key, unlock, resolve, reject, startedAt, operation: null, failure: null });
    });
  }

  /**
   * The verifier dispatch compares for `key` (a keyed hash; the key is neither kept nor wiped), so
   * the gateway can remember it per secret instead of having each request hashed again.
   */
  verifierFor(actorId: string, key: Uint8Array): Buffer {
    return this.#verifier.verifierFor(actorId, key);
  }

  /** Counts a request that settled: the operation the worker named, else its kind (API-token checks are part of another request). */
  #record(kind: RequestKind, env: Envelope | null, err: KmsError | null, startedAt: number): void {
    const m = this.o.metrics;
    if (m === undefined || kind === 'api-token') return;
    m.requests.record(env?.operation ?? kind, err, env?.failure ?? null, performance.now() - startedAt);
  }

  #fail(env: Envelope, err: KmsError): void {
    dropKey(env);
    this.#record(env.kind, env, err, env.startedAt);
    env.reject(err);
  }

  #route(actorId: string, database: DatabaseRef, env: Envelope): void {
    let h: ActorHandle | undefined;
    try {
      h = this.#handleFor(actorId, database, env);
    } catch (err) {
      this.#fail(env, err instanceof KmsError ? err : new KmsError('INTERNAL', 'activation failed'));
      return;
    }
    // Requests with the key being opened follow the activate command at once: the worker runs
    // commands in order, so they cost no extra round trip. Others wait to see whether it opens.
    if (h.state === 'activating' && !h.admits(env)) h.mailbox.push(env);
    else this.#admit(h, env);
  }

  /** The actor that will serve the request: the open one, or a new activation. Throws when refused. */
  #handleFor(actorId: string, database: DatabaseRef, env: Envelope): ActorHandle {
    if (this.#closing) throw shuttingDown();
    if (this.#actorCircuit.isOpen(actorId)) {
      throw new KmsError('ACTOR_UNAVAILABLE', 'this database is temporarily unavailable after repeated failures');
    }
    const open = this.#registry.get(actorId);
    if (open === undefined || !isOpen(open.state)) return this.#activate(actorId, database, env, open);
    if (open.inFlight + open.mailbox.length >= (this.o.maxPendingPerActor ?? 10_000)) {
      throw new KmsError('OVERLOADED', 'too many requests are waiting for this database; retry later');
    }
    this.#registry.delete(actorId); // move to the most-recently-used end
    this.#registry.set(actorId, open);
    return open;
  }

  #admit(h: ActorHandle, env: Envelope): void {
    dropKey(env);
    if (!h.admits(env)) {
      this.#fail(env, new KmsError('SECRET_MISMATCH', 'Database secret is wrong'));
      return;
    }
    h.inFlight++;
    // One reaction per request (not then + finally): this runs for every request served.
    h.slot.call({ type: 'request', actorId: h.actorId, kind: env.kind, user: env.user, body: env.body }, env).then(
      (body) => {
        this.#record(env.kind, env, null, env.startedAt);
        env.resolve(body ?? new Uint8Array(0));
        this.#settled(h);
      },
      (err: unknown) => {
        // Sent behind an activation that failed: the worker only says the database is not open.
        const failure = h.activationError ?? (err as KmsError);
        this.#record(env.kind, env, failure, env.startedAt);
        env.reject(failure);
        if (h.activationError === null) this.#settled(h);
        else {
          h.inFlight--;
          this.#onSettled?.();
        }
      },
    );
  }

  /** A request of `h` was answered. */
  #settled(h: ActorHandle): void {
    h.inFlight--;
    h.lastUsed = this.o.clock.now();
    this.#idle.armIdle(h);
    this.#onSettled?.();
  }

  #activate(actorId: string, database: DatabaseRef, first: Envelope, previous: ActorHandle | undefined): ActorHandle {
    // The copy travels to the worker; the frame encoder wipes it once it is serialised.
    const key = first.key === null ? first.unlock?.() ?? null : Uint8Array.from(first.key);
    // A database being closed reopens on the same worker: the worker handles the close first.
    let slot: WorkerSlot;
    try {
      slot = previous?.state === 'deactivating' && previous.slot.usable ? previous.slot : this.#pickSlot();
    } catch (err) {
      zeroize(key);
      throw err;
    }
    const h = new ActorHandle(actorId, database, slot, first.verifier, this.o.clock.now());
    slot.actors++;
    this.#registry.delete(actorId);
    this.#registry.set(actorId, h);
    this.o.logger.debug('actor activating', { actor: actorId, worker: slot.index });
    slot.call({ type: 'activate', actorId, database, key }).then(
      () => { this.#onActivated(h); },
      (err: unknown) => { this.#onActivationFailed(h, err as KmsError); },
    );
    return h;
  }

  #onActivated(h: ActorHandle): void {
    if (h.state !== 'activating') return;
    h.moveTo('ready');
    this.o.metrics?.activations.inc();
    this.#idle.makeRoom(h);
    for (const env of h.mailbox.splice(0)) this.#admit(h, env);
    this.#idle.armIdle(h);
  }

  #onActivationFailed(h: ActorHandle, err: KmsError): void {
    h.activationError = err;
    if (h.state === 'activating') h.moveTo('failed');
    h.slot.actors = Math.max(0, h.slot.actors - 1);
    if (this.#registry.get(h.actorId) === h) this.#registry.delete(h.actorId);
    for (const env of h.mailbox.splice(0)) {
      // Another key may still be the right one: that request opens the database itself. Requests
      // behind an activation that crashed its worker fail: reopening could crash it again.
      if (err.code === 'SECRET_MISMATCH' && !h.admits(env)) this.#route(h.actorId, h.database, env);
      else this.#fail(env, err);
    }
    this.#onSettled?.();
  }

  #pickSlot(): WorkerSlot {
    let best: WorkerSlot | undefined;
    for (const s of this.#slots) if (s.usable && (best === undefined || s.actors < best.actors)) best = s;
    if (best === undefined) throw new KmsError('ACTOR_UNAVAILABLE', 'no worker is available');
    return best;
  }

  #deactivate(h: ActorHandle, reason: DeactivationReason): Promise<void> {
    if (h.state !== 'ready') return Promise.resolve();
    h.moveTo('deactivating');
    h.cancelIdleTimer();
    this.o.metrics?.evicted(reason);
    this.o.logger.debug('actor deactivating', { actor: h.actorId, reason });
    const finish = (): void => {
      if (h.state === 'deactivating') h.moveTo('stopped');
      h.slot.actors = Math.max(0, h.slot.actors - 1);
      if (this.#registry.get(h.actorId) === h) this.#registry.delete(h.actorId);
    };
    return h.slot.call({ type: 'deactivate', actorId: h.actorId, reason }).then(finish, finish);
  }

  #onWorkerExit(slot: WorkerSlot, info: ExitInfo, booted: boolean): void {
    this.o.metrics?.workerCrashes.inc();
    for (const h of [...this.#registry.values()]) {
      if (h.slot !== slot) continue;
      const hadWork = h.inFlight > 0 || h.state === 'activating';
      h.cancelIdleTimer();
      if (isOpen(h.state)) this.o.metrics?.actorCrashes.inc();
      if (isOpen(h.state) || h.state === 'deactivating') h.moveTo('stopped');
      this.#registry.delete(h.actorId);
      if (hadWork && this.#actorCircuit.recordFailure(h.actorId)) {
        this.o.logger.error('database circuit opened after repeated crashes', { actor: h.actorId });
      }
    }
    // A worker that fails to boot at startup fails start() instead.
    if (!this.#started || this.#closing) return;
    const rest = this.#workerRestarts.recordFailure(`worker-${slot.index}`);
    this.o.logger.error('worker exited unexpectedly', { worker: slot.index, code: info.code, signal: info.signal ?? null, booted, restarting: !rest });
    if (!rest) {
      slot.restart();
      return;
    }
    // Past its restart intensity the slot rests for a period, then gets one more chance.
    const period = this.o.workerRestarts?.periodMs ?? 60_000;
    this.o.clock.setTimer(period, () => {
      if (!this.#closing && slot.state === 'failed') slot.restart();
    });
  }

  /**
   * Binds a session to a database: opens its actor with the key (proving it) and keeps the actor
   * from idle eviction until `detachSession`. Rejects like a request would (wrong key, unknown database).
   */
  async attachSession(target: ActorTarget, user: string): Promise<void> {
    await this.dispatch(target, 'attach', user, new Uint8Array(0));
    this.#sessions.set(target.actorId, (this.#sessions.get(target.actorId) ?? 0) + 1);
  }

  /** Releases a session's hold on its database; the idle countdown starts again. */
  detachSession(actorId: string): void {
    const n = (this.#sessions.get(actorId) ?? 0) - 1;
    if (n > 0) {
      this.#sessions.set(actorId, n);
      return;
    }
    this.#sessions.delete(actorId);
    const h = this.#registry.get(actorId);
    if (h !== undefined) this.#idle.armIdle(h);
  }

  /** Creates a new encrypted database and returns its identity and key (the caller shows them once). */
  async createDatabase(): Promise<NewDatabase> {
    if (this.#closing) throw shuttingDown();
    this.#creating++;
    try {
      for (let attempt = 0; ; attempt++) {
        const groupId = randomU128();
        const key = randomKeyBytes(32);
        try {
          await this.#pickSlot().call({ type: 'create-database', groupId: groupId.toString(), key: Uint8Array.from(key) });
          return { groupId, key };
        } catch (err) {
          zeroize(key);
          if (!(err instanceof KmsError && err.code === 'DATABASE_EXISTS' && attempt < 3)) throw err;
        }
      }
    } finally {
      this.#creating--;
      this.#onSettled?.();
    }
  }

  /** Closes one actor now, if it is idle (tests and admin use). */
  async evict(actorId: string): Promise<boolean> {
    const h = this.#registry.get(actorId);
    if (h?.state !== 'ready' || !h.idle) return false;
    await this.#deactivate(h, 'requested');
    return true;
  }

  /** Kills the worker hosting an actor, as a crash would (tests). */
  async killWorkerOf(actorId: string): Promise<void> {
    await this.#registry.get(actorId)?.slot.kill();
  }

  /**
   * Exists for fault tests only: no route, WebSocket message or setting reaches it, only code in
   * this process. Arms the worker hosting the open actor `actorId` to fail on that actor's next
   * request, before answering it, by `kind` (an uncaught exception, a hard exit, or a SIGSEGV
   * where the runtime allows it), so that request and whatever else the worker holds are in
   * flight when it dies. Resolves once the worker died and its requests were failed.
   */
  async injectFault(actorId: string, kind: FaultKind): Promise<void> {
    if (!(this.o.runtime.faults ?? []).includes(kind)) throw new Error(`this actor runtime cannot suffer a ${kind} fault`);
    const h = this.#registry.get(actorId);
    if (h === undefined || !isOpen(h.state)) throw new KmsError('ACTOR_UNAVAILABLE', 'the actor is not open');
    try {
      await h.slot.call({ type: 'inject-fault', actorId, fault: kind });
    } catch (err) {
      if (err instanceof KmsError && err.code === 'ACTOR_CRASHED') return;
      throw err;
    }
    throw new Error('the worker answered a fault injection instead of failing');
  }

  /** The index of the worker hosting an open actor, or null (tests, diagnostics). */
  workerOf(actorId: string): number | null {
    const h = this.#registry.get(actorId);
    return h !== undefined && isOpen(h.state) ? h.slot.index : null;
  }

  /** Current actor and worker counts. */
  stats(): SupervisorStats {
    let openActors = 0;
    let inFlight = 0;
    for (const h of this.#registry.values()) {
      if (isOpen(h.state)) openActors++;
      inFlight += h.inFlight;
    }
    return { openActors, inFlight, workers: this.#slots.map((s) => ({ index: s.index, state: s.state, actors: s.actors })) };
  }

  /** Whether requests can be served now (health checks): cheap, touches no database. */
  readiness(): Readiness {
    let workersReady = 0;
    for (const s of this.#slots) if (s.state === 'ready') workersReady++;
    const state: ReadinessState = this.#closing ? 'stopping' : !this.#started ? 'starting' : workersReady === 0 ? 'no_workers' : 'ready';
    return { state, workersReady, workers: this.#slots.length };
  }

  /** The gauges' values at a scrape. */
  #load(): SupervisorLoad {
    let openActors = 0;
    let queued = 0;
    let maxQueued = 0;
    for (const h of this.#registry.values()) {
      if (isOpen(h.state)) openActors++;
      const n = h.inFlight + h.mailbox.length;
      queued += n;
      if (n > maxQueued) maxQueued = n;
    }
    return { openActors, queued, maxQueued, workers: this.#slots };
  }

  #busy(): boolean {
    return this.#creating > 0 || [...this.#registry.values()].some((h) => !h.idle);
  }

  /** Stops taking requests, lets running ones finish, closes every database and stops the workers. */
  async stop(): Promise<void> {
    this.#closing = true;
    const timeout = this.o.shutdownTimeoutMs ?? 10_000;
    const wait = (ms: number): Promise<void> => new Promise((r) => { this.o.clock.setTimer(ms, r); });
    if (this.#busy()) {
      await Promise.race([
        new Promise<void>((resolve) => { this.#onSettled = () => { if (!this.#busy()) resolve(); }; }),
        wait(timeout),
      ]);
      this.#onSettled = null;
    }
    await Promise.all([...this.#registry.values()].map((h) => this.#deactivate(h, 'shutdown')));
    await Promise.all(this.#slots.map((s) => s.stop(timeout, wait)));
  }
}
