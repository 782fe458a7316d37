/**
 * The actors living in one worker thread: opens and closes them on the supervisor's commands
 * and runs each actor's requests strictly in arrival order. A request whose work went to another
 * thread holds back that actor's later requests, never other actors'.
 * @module
 */
import { join } from 'node:path';
import { KmsError, toWireError } from '../protocol/wire-error.js';
import { PROTOCOL_VERSION, type ActivateCommand, type AuditRecord, type DoneEvent, type FaultEvent, type RequestCommand, type WorkerCommand, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { openSqliteStore } from '../storage/sqlite-store.js';
import { CachingStore } from '../storage/caching-store.js';
import { databaseFileFor, PLAIN_DATABASE_FILE } from '../storage/database-files.js';
import { StoreError } from '../storage/store-error.js';
import { zeroize } from '../crypto/zeroize.js';
import { AeadRunner } from '../crypto/aead-runner.js';
import { KmsActor, type ActorOptions } from './actor.js';
import { auditRecord, failureResult } from './audit.js';
import { firstFailure, requestLabel } from './request-label.js';
import { DEFAULT_TTLV_LIMITS } from '../kmip/ttlv/limits.js';
import type { Logger } from '../lib/logger.js';

function storeFailure(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  switch (err.code) {
    case 'DATABASE_KEY_WRONG':
      return new KmsError('SECRET_MISMATCH', 'Database secret is wrong');
    case 'DATABASE_NOT_FOUND':
      return new KmsError('DATABASE_NOT_FOUND', 'no database exists for this secret');
    case 'DATABASE_EXISTS':
      return new KmsError('DATABASE_EXISTS', 'a database with this group id already exists');
    default:
      return new KmsError('DATABASE_ERROR', `the database could not be opened (${err.code})`);
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

interface Hosted {
  readonly actor: KmsActor;
  /** Drops the caches when another connection (a restore) committed to the database since the last turn. */
  readonly revalidate: () => void;
  /** Requests waiting while an asynchronous one finishes. */
  readonly waiting: RequestCommand[];
  busy: boolean;
}

/** Hosts actors inside one thread. */
export class ActorHost {
  readonly #actors = new Map<string, Hosted>();
  readonly #aead: AeadRunner;
  readonly #options: ActorOptions;

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
    private readonly emit: (e: WorkerEvent) => void,
    aead?: AeadRunner,
  ) {
    this.#aead = aead ?? new AeadRunner();
    this.#options = {
      privilegedUsers: config.privilegedUsers ?? null,
      apiTokenId: config.apiTokenId ?? null,
      ttlvLimits: {
        ...DEFAULT_TTLV_LIMITS,
        ...(config.maxJsonDepth === undefined ? {} : { maxDepth: config.maxJsonDepth }),
        ...(config.maxJsonNodes === undefined ? {} : { maxNodes: config.maxJsonNodes }),
      },
    };
  }

  /** A control command's answer. */
  #done(id: number): void {
    this.emit({ type: 'done', v: PROTOCOL_VERSION, id, body: null });
  }

  #fault(id: number, err: unknown): void {
    this.emit({ type: 'fault', v: PROTOCOL_VERSION, id, error: toWireError(err) });
  }

  /** A failed request's audit: what the actor recorded, or one record of the request kind when it recorded nothing. */
  #failedAudit(cmd: RequestCommand, err: unknown, audit: readonly AuditRecord[]): readonly AuditRecord[] {
    return audit.length > 0 ? audit : [auditRecord(cmd.kind, null, failureResult(err))];
  }

  /** A request's answer, with what it was for the metrics. */
  #answered(cmd: RequestCommand, body: Uint8Array, audit: readonly AuditRecord[]): void {
    const e: Writable<DoneEvent> = { type: 'done', v: PROTOCOL_VERSION, id: cmd.id, body, operation: requestLabel(cmd.kind, audit) };
    const failure = firstFailure(cmd.kind, audit);
    if (failure !== undefined) e.failure = failure;
    // Without an audit log nobody reads the records, so they do not cross the thread boundary.
    if (this.config.audit !== false) e.audit = audit;
    this.emit(e);
  }

  /** A request's failure, with what it was for the metrics. */
  #failed(cmd: RequestCommand, err: unknown, audit: readonly AuditRecord[]): void {
    const e: Writable<FaultEvent> = { type: 'fault', v: PROTOCOL_VERSION, id: cmd.id, error: toWireError(err), operation: requestLabel(cmd.kind, audit) };
    if (this.config.audit !== false) e.audit = this.#failedAudit(cmd, err, audit);
    this.emit(e);
  }

  /** Executes one command; its answer is emitted now, or later for requests that wait. */
  handle(cmd: WorkerCommand): void {
    if (cmd.type === 'request') {
      this.#request(cmd);
      return;
    }
    try {
      this.#control(cmd);
      this.#done(cmd.id);
    } catch (err) {
      this.#fault(cmd.id, err);
    }
  }

  #request(cmd: RequestCommand): void {
    const hosted = this.#actors.get(cmd.actorId);
    if (hosted === undefined) {
      const err = new KmsError('ACTOR_UNAVAILABLE', 'the database is not open on this worker');
      this.#failed(cmd, err, []);
      return;
    }
    if (hosted.busy) {
      hosted.waiting.push(cmd);
      return;
    }
    const audit: AuditRecord[] = [];
    let out;
    try {
      hosted.revalidate();
      out = hosted.actor.handle(cmd.kind, cmd.user, cmd.body, audit);
    } catch (err) {
      this.#failed(cmd, err, audit);
      return;
    }
    if (!(out instanceof Promise)) {
      this.#answered(cmd, out, audit);
      return;
    }
    hosted.busy = true;
    out.then(
      (body) => { this.#answered(cmd, body, audit); },
      (err: unknown) => { this.#failed(cmd, err, audit); },
    ).finally(() => {
      hosted.busy = false;
      for (const next of hosted.waiting.splice(0)) this.#request(next);
    });
  }

  #control(cmd: Exclude<WorkerCommand, RequestCommand>): void {
    switch (cmd.type) {
      case 'activate':
        this.#activate(cmd);
        return;
      case 'deactivate':
        this.#close(cmd.actorId);
        return;
      case 'create-database': {
        const key = Uint8Array.from(cmd.key);
        zeroize(cmd.key);
        try {
          openSqliteStore({ file: databaseFileFor(this.config.sqlitePath, BigInt(cmd.groupId)), key, mode: 'create-new' }).close();
        } catch (err) {
          throw storeFailure(err);
        } finally {
          zeroize(key);
        }
        return;
      }
      case 'shutdown':
        for (const id of [...this.#actors.keys()]) this.#close(id);
        return;
    }
  }

  #activate(cmd: ActivateCommand): void {
    this.#close(cmd.actorId);
    const key = cmd.key === null ? null : Uint8Array.from(cmd.key);
    zeroize(cmd.key);
    try {
      const file = cmd.database.kind === 'plain'
        ? join(this.config.sqlitePath, PLAIN_DATABASE_FILE)
        : databaseFileFor(this.config.sqlitePath, BigInt(cmd.database.groupId));
      const store = key === null
        ? openSqliteStore({ file, mode: 'open-or-create' })
        : openSqliteStore({ file, key, mode: 'open-existing' });
      const cache = new CachingStore(store);
      const actor = new KmsActor(cmd.actorId, cache, key, this.logger, Date.now, this.#aead, this.#options);
      // Once per turn: the requests of one command frame share a check (a few µs), and a request
      // sent after a restore finished arrives in a later frame, so it sees the restored content.
      let checked = false;
      const revalidate = (): void => {
        if (checked) return;
        checked = true;
        queueMicrotask(() => { checked = false; });
        if (!store.changedElsewhere()) return;
        cache.forgetAll();
        actor.forgetCachedKeys();
      };
      this.#actors.set(cmd.actorId, { actor, revalidate, waiting: [], busy: false });
    } catch (err) {
      zeroize(key);
      throw storeFailure(err);
    }
  }

  #close(actorId: string): void {
    const hosted = this.#actors.get(actorId);
    if (hosted === undefined) return;
    this.#actors.delete(actorId);
    for (const cmd of hosted.waiting.splice(0)) {
      const err = new KmsError('ACTOR_UNAVAILABLE', 'the database was closed');
      this.#failed(cmd, err, []);
    }
    hosted.actor.close();
  }

  /** Stops the cipher pool threads (after shutdown). */
  async closeThreads(): Promise<void> {
    await this.#aead.close();
  }

  /** Number of open actors (tests). */
  get size(): number {
    return this.#actors.size;
  }
}
