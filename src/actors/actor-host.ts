/**
 * The actors living in one worker thread: opens and closes them on the supervisor's commands
 * and runs each actor's requests strictly in arrival order.
 * @module
 */
import { join } from 'node:path';
import { KmsError, toWireError } from '../protocol/wire-error.js';
import { PROTOCOL_VERSION, type ActivateCommand, type WorkerCommand, type WorkerConfig, type WorkerEvent } from '../protocol/messages.js';
import { openSqliteStore } from '../storage/sqlite-store.js';
import { CachingStore } from '../storage/caching-store.js';
import { databaseFileFor, PLAIN_DATABASE_FILE } from '../storage/database-files.js';
import { StoreError } from '../storage/store-error.js';
import { zeroize } from '../crypto/zeroize.js';
import { KmsActor } from './actor.js';
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

/** Hosts actors inside one thread. */
export class ActorHost {
  readonly #actors = new Map<string, KmsActor>();

  constructor(
    private readonly config: WorkerConfig,
    private readonly logger: Logger,
  ) {}

  /** Executes one command and returns its answer (never throws). */
  handle(cmd: WorkerCommand): WorkerEvent {
    try {
      const body = this.#run(cmd);
      return { type: 'done', v: PROTOCOL_VERSION, id: cmd.id, body };
    } catch (err) {
      return { type: 'fault', v: PROTOCOL_VERSION, id: cmd.id, error: toWireError(err) };
    }
  }

  #run(cmd: WorkerCommand): Uint8Array | null {
    switch (cmd.type) {
      case 'activate':
        this.#activate(cmd);
        return null;
      case 'request': {
        const actor = this.#actors.get(cmd.actorId);
        if (actor === undefined) throw new KmsError('ACTOR_UNAVAILABLE', 'the database is not open on this worker');
        return actor.handle(cmd.kind, cmd.user, cmd.body);
      }
      case 'deactivate':
        this.#close(cmd.actorId);
        return null;
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
        return null;
      }
      case 'shutdown':
        for (const id of [...this.#actors.keys()]) this.#close(id);
        return null;
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
      this.#actors.set(cmd.actorId, new KmsActor(cmd.actorId, new CachingStore(store), key, this.logger));
    } catch (err) {
      zeroize(key);
      throw storeFailure(err);
    }
  }

  #close(actorId: string): void {
    const actor = this.#actors.get(actorId);
    if (actor === undefined) return;
    this.#actors.delete(actorId);
    actor.close();
  }

  /** Number of open actors (tests). */
  get size(): number {
    return this.#actors.size;
  }
}
