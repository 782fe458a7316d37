/**
 * The actors living in one worker thread: opens and closes them on the supervisor's commands
 * and runs each actor's requests strictly in arrival order. A request whose work went to another
 * thread holds back that actor's later requests, never other actors'.
 *
 * Group commit: the requests an actor receives in one turn (they arrive together under load) run
 * in one transaction, each inside a savepoint of its own, and their answers leave only once the
 * COMMIT is on disk, so an acknowledged write is durable and a burst costs one fsync; an answer
 * that could have seen nothing unconfirmed (no write of its group before it, no commit still
 * being synced) leaves at once. A failed
 * request's writes are undone without touching the others'; a failed commit fails them all. The
 * group ends with the event-loop turn, at the first request that goes to another thread (once it
 * settles), or when it reaches its bounds.
 * @module
 */
import { join } from 'node:path';
import { KmsError, toWireError } from '../protocol/wire-error.js';
import { PROTOCOL_VERSION, type ActivateCommand, type AuditRecord, type DoneEvent, type FaultEvent, type RequestCommand, type WorkerCommand, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { openSqliteStore, type OpenStoreOptions } from '../storage/sqlite-store.js';
import { GroupCachingStore } from '../storage/group-caching-store.js';
import type { GroupTransactionStore } from '../storage/group-transaction.js';
import { databaseFileFor, PLAIN_DATABASE_FILE } from '../storage/database-files.js';
import { StoreError } from '../storage/store-error.js';
import { zeroize } from '../crypto/zeroize.js';
import { AeadRunner } from '../crypto/aead-runner.js';
import { KmsActor, type ActorOptions } from './actor.js';
import { auditRecord, failureResult } from './audit.js';
import { firstFailure, requestLabel } from './request-label.js';
import { RequestGroup, type GroupMember, type MemberOutcome } from './request-group.js';
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

/** What every request of a group that could not commit is answered with. */
function groupFailure(err: unknown): unknown {
  if (err instanceof KmsError) return err;
  const code = err instanceof StoreError ? err.code : 'DATABASE_IO';
  return new KmsError('DATABASE_ERROR', `the changes could not be committed (${code})`);
}

/** A request's records once its effects were lost: what succeeded is recorded as the failure. */
function lostRecords(audit: readonly AuditRecord[], err: unknown): AuditRecord[] {
  const result = failureResult(err);
  return audit.map((r) => auditRecord(r.operation, r.objectId, r.result === 'Success' ? result : r.result));
}

/** Opens an actor's database. */
export type StoreOpener = (options: OpenStoreOptions) => GroupTransactionStore;

type Writable<T> = { -readonly [K in keyof T]: T[K] };

interface Hosted {
  readonly actor: KmsActor;
  /** The actor's cached store and the handle of its group transactions. */
  readonly store: GroupTransactionStore;
  /** Drops the caches when another connection (a restore) committed to the database since the last turn. */
  readonly revalidate: () => void;
  /** Requests waiting while an asynchronous one finishes. */
  readonly waiting: RequestCommand[];
  busy: boolean;
  /** The open group transaction, if any. */
  group: RequestGroup | null;
}

/** Hosts actors inside one thread. */
export class ActorHost {
  readonly #actors = new Map<string, Hosted>();
  readonly #aead: AeadRunner;
  readonly #options: ActorOptions;
  readonly #openStore: StoreOpener;
  /** Answers of committed groups waiting for their log to reach the disk. */
  readonly #awaitingDisk = new Set<Promise<void>>();
  /** Actors with an open group, for endTurn. */
  readonly #grouped = new Set<Hosted>();

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
    private readonly emit: (e: WorkerEvent) => void,
    aead?: AeadRunner,
    openStore: StoreOpener = openSqliteStore,
  ) {
    this.#openStore = openStore;
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

  /** A request's outcome, answered or failed. */
  #send(cmd: RequestCommand, outcome: MemberOutcome, audit: readonly AuditRecord[]): void {
    if (outcome.ok) this.#answered(cmd, outcome.body, audit);
    else this.#failed(cmd, outcome.error, audit);
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

  /**
   * Commits every open group now and sends its answers. The host does it by itself once the
   * event-loop turn's messages are all handled (setImmediate), which lets the frames that arrived
   * together share a commit; calling this after every frame would make groups smaller.
   */
  endTurn(): void {
    for (const hosted of [...this.#grouped]) {
      const group = hosted.group;
      if (group !== null && group.pending === null) this.#end(hosted, group);
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
    const group = hosted.group ?? this.#begin(hosted);
    if (group === null) this.#alone(hosted, cmd);
    else this.#join(hosted, group, cmd);
  }

  /** Starts a group, or returns null when the store cannot (closed): requests then run alone and fail as they would. */
  #begin(hosted: Hosted): RequestGroup | null {
    try {
      hosted.store.beginGroup();
    } catch {
      return null;
    }
    // Once per group, before its first request: a restore that committed meanwhile empties the caches.
    if (hosted.store.changedElsewhere()) hosted.actor.forgetCachedKeys();
    const group = new RequestGroup();
    hosted.group = group;
    this.#grouped.add(hosted);
    // After every message of this event-loop turn: the frames that queued up while the last commit
    // waited for its fsync all join this group, not just this frame.
    setImmediate(() => {
      if (group.pending === null) this.#end(hosted, group);
    });
    return group;
  }

  /** Runs a request inside the group under a savepoint; its answer waits for the commit unless nothing it read is unconfirmed. */
  #join(hosted: Hosted, group: RequestGroup, cmd: RequestCommand): void {
    const audit: AuditRecord[] = [];
    let out;
    try {
      hosted.store.markRequest();
    } catch (error) {
      group.add({ cmd, audit, outcome: { ok: false, error }, scrub: false });
      this.#abandon(hosted, group, error);
      return;
    }
    try {
      out = hosted.actor.handle(cmd.kind, cmd.user, cmd.body, audit);
    } catch (error) {
      this.#settle(hosted, group, { cmd, audit }, { ok: false, error });
      return;
    }
    if (!(out instanceof Promise)) {
      this.#settle(hosted, group, { cmd, audit }, { ok: true, body: out });
      return;
    }
    // The transaction stays open while the work is away; the group ends when it settles.
    hosted.busy = true;
    group.pending = { cmd, audit };
    out.then(
      (body): MemberOutcome => ({ ok: true, body }),
      (error: unknown): MemberOutcome => ({ ok: false, error }),
    ).then((outcome) => {
      hosted.busy = false;
      if (group.ended) return; // the actor closed meanwhile, and it was answered then
      group.pending = null;
      this.#settle(hosted, group, { cmd, audit }, outcome);
      this.#end(hosted, group);
      for (const next of hosted.waiting.splice(0)) this.#request(next);
    }, (err: unknown) => {
      this.logger.error('group commit failed to settle a request', { error: err instanceof Error ? err.name : 'unknown' });
    });
  }

  /** Keeps or undoes the request's writes, holds its answer, and ends a full group. */
  #settle(hosted: Hosted, group: RequestGroup, req: Pick<GroupMember, 'cmd' | 'audit'>, outcome: MemberOutcome): void {
    const { store } = hosted;
    try {
      if (outcome.ok) store.keepRequest();
      else if (store.undoRequest()) hosted.actor.forgetCachedKeys();
    } catch (error) {
      group.add({ cmd: req.cmd, audit: req.audit, outcome, scrub: false });
      this.#abandon(hosted, group, error);
      return;
    }
    const scrub = store.takeScrubRequest();
    if (!scrub && group.members.length === 0 && !store.unconfirmed) {
      // Nothing of the group written and every earlier commit on disk: this answer leaves now, and
      // the gateway writes it while the requests behind it are served.
      this.#send(req.cmd, outcome, req.audit);
      return;
    }
    group.add({ cmd: req.cmd, audit: req.audit, outcome, scrub });
    if (!store.inGroup) {
      // SQLite rolled the whole transaction back after an error: every effect of the group is gone.
      this.#abandon(hosted, group, new StoreError('DATABASE_IO', 'the transaction was rolled back'));
      return;
    }
    if (group.full) this.#end(hosted, group);
  }

  /** Commits the group, runs the scrubs its requests asked for, then answers them in order. */
  #end(hosted: Hosted, group: RequestGroup): void {
    if (group.ended) return;
    try {
      hosted.store.commitGroup();
    } catch (error) {
      this.#abandon(hosted, group, error);
      return;
    }
    this.#closeGroup(hosted, group);
    if (group.members.some((m) => m.scrub)) {
      try {
        hosted.store.scrub();
      } catch {
        // Committed, but the old page images could not be cleared: what a failed scrub reported before.
        const error = new KmsError('DATABASE_ERROR', 'the database could not complete the operation');
        for (const m of group.members) if (m.scrub) m.outcome = { ok: false, error };
      }
    }
    const answer = (): void => {
      for (const m of group.members) this.#send(m.cmd, m.outcome, m.audit);
    };
    // Answers leave once the commit, and every earlier one they may have read, is on disk.
    const durable = hosted.store.durable();
    if (durable === null) {
      answer();
      return;
    }
    const sent = durable.then(answer, (err: unknown) => {
      this.logger.error('a commit could not be made durable', { actor: hosted.actor.actorId, error: err instanceof Error ? err.name : 'unknown' });
      const error = new KmsError('DATABASE_ERROR', 'the database could not confirm the write reached the disk');
      for (const m of group.members) this.#failed(m.cmd, error, lostRecords(m.audit, error));
    });
    // Shutdown waits for these answers before the worker's port closes.
    this.#awaitingDisk.add(sent);
    void sent.finally(() => { this.#awaitingDisk.delete(sent); });
  }

  /** Gives the group up: its effects are rolled back, the caches forget, and every request of it fails. */
  #abandon(hosted: Hosted, group: RequestGroup, err: unknown): void {
    this.#closeGroup(hosted, group);
    hosted.store.abortGroup();
    hosted.actor.forgetCachedKeys();
    const error = groupFailure(err);
    const lost = group.pending === null ? group.members : [...group.members, group.pending];
    for (const m of lost) this.#failed(m.cmd, error, lostRecords(m.audit, error));
  }

  #closeGroup(hosted: Hosted, group: RequestGroup): void {
    group.ended = true;
    hosted.group = null;
    this.#grouped.delete(hosted);
  }

  /** Runs a request in autocommit mode, as when no group transaction could be opened. */
  #alone(hosted: Hosted, cmd: RequestCommand): void {
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
      // The next ones may form a group again.
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
      const store = new GroupCachingStore(key === null
        ? this.#openStore({ file, mode: 'open-or-create' })
        : this.#openStore({ file, key, mode: 'open-existing' }));
      const actor = new KmsActor(cmd.actorId, store, key, this.logger, Date.now, this.#aead, this.#options);
      // Once per turn: the requests of one command frame share a check (a few µs), and a request
      // sent after a restore finished arrives in a later frame, so it sees the restored content.
      let checked = false;
      const revalidate = (): void => {
        if (checked) return;
        checked = true;
        queueMicrotask(() => { checked = false; });
        // The cache forgets on its own.
        if (store.changedElsewhere()) actor.forgetCachedKeys();
      };
      this.#actors.set(cmd.actorId, { actor, store, revalidate, waiting: [], busy: false, group: null });
    } catch (err) {
      zeroize(key);
      throw storeFailure(err);
    }
  }

  #close(actorId: string): void {
    const hosted = this.#actors.get(actorId);
    if (hosted === undefined) return;
    this.#actors.delete(actorId);
    const group = hosted.group;
    if (group !== null) {
      // What finished is committed and answered; a request still away cannot be, so the group fails.
      if (group.pending === null) this.#end(hosted, group);
      else this.#abandon(hosted, group, new KmsError('ACTOR_UNAVAILABLE', 'the database was closed'));
    }
    for (const cmd of hosted.waiting.splice(0)) {
      const err = new KmsError('ACTOR_UNAVAILABLE', 'the database was closed');
      this.#failed(cmd, err, []);
    }
    hosted.actor.close();
  }

  /** Sends the answers still waiting for the disk, then stops the cipher pool threads (after shutdown). */
  async closeThreads(): Promise<void> {
    await Promise.allSettled([...this.#awaitingDisk]);
    await this.#aead.close();
  }

  /** Number of open actors (tests). */
  get size(): number {
    return this.#actors.size;
  }
}
