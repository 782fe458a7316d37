/**
 * The SQLite implementation of ObjectStore, plain or encrypted as SQLCipher 4 through
 * better-sqlite3-multiple-ciphers. Opening proves the key with a read before anything can write,
 * so a wrong key never alters the file.
 * @module
 */
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { AccessGrant, ObjectFilter, ObjectRecord, ObtainedAccess } from './object-record.js';
import type { GroupTransactionStore } from './group-transaction.js';
import { buildCountQuery, buildFindQuery } from './filter-query.js';
import type { BuiltQuery } from './filter-query.js';
import { assertSchemaKnown, migrate } from './migrations.js';
import { decodeInteger, decodeObjectRow, decodeTagList, decodeText, OBJECT_COLUMNS, toRowParams, uniqueTags } from './object-row.js';
import type { ObjectRowParams } from './object-row.js';
import { translateError } from './sqlite-errors.js';
import { StoreError } from './store-error.js';
import { LogSync } from './log-sync.js';
import { AccessGrantTable } from './access-grants.js';
import { applyKey, claimFile, configure, openHandle, removeDatabaseFiles } from './sqlite-open.js';

/** How to open a database file. */
export interface OpenStoreOptions {
  /** Absolute path of the database file. */
  readonly file: string;
  /** 32 bytes used as a raw SQLCipher 4 key (no KDF); absent means plain SQLite. */
  readonly key?: Uint8Array;
  /** `create-new`: must not exist; `open-existing`: must exist; `open-or-create`: either. */
  readonly mode: 'create-new' | 'open-existing' | 'open-or-create';
  /** Page cache per handle; decryption happens per page load, so a warm cache matters. */
  readonly cacheSizeKiB?: number;
}

const KEY_BYTES = 32;
const DEFAULT_CACHE_KIB = 16 * 1024;
const QUERY_CACHE_LIMIT = 64;

type Statement = Database.Statement;

/** The statements of a group transaction (see GroupTransactionStore). */
interface GroupStatements {
  readonly begin: Statement;
  readonly savepoint: Statement;
  readonly release: Statement;
  readonly rollbackTo: Statement;
  readonly commit: Statement;
  readonly rollback: Statement;
  /** The group's COMMIT runs without its own fsync; durable() syncs the log off the thread. */
  readonly relaxed: Statement;
  readonly strict: Statement;
}

/** The row writes, each a transaction of the row and its tags. */
interface WriteStatements {
  readonly insert: Database.Transaction<(params: ObjectRowParams, tags: readonly string[]) => void>;
  readonly update: Database.Transaction<(params: ObjectRowParams, tags: readonly string[]) => void>;
}

function prepareWrites(db: Database.Database): WriteStatements {
  const columns = OBJECT_COLUMNS.split(', ');
  const insertRow = db.prepare<[ObjectRowParams]>(
    `INSERT INTO objects (${OBJECT_COLUMNS}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const assignments = columns.filter((c) => c !== 'id').map((c) => `${c} = @${c}`);
  const updateRow = db.prepare<[ObjectRowParams]>(`UPDATE objects SET ${assignments.join(', ')} WHERE id = @id`);
  const insertTag = db.prepare<[string, string]>('INSERT INTO tags (id, tag) VALUES (?, ?)');
  const deleteTags = db.prepare<[string]>('DELETE FROM tags WHERE id = ?');
  const writeTags = (id: string, tags: readonly string[]): void => {
    for (const tag of uniqueTags(tags)) insertTag.run(id, tag);
  };
  return {
    insert: db.transaction((params: ObjectRowParams, tags: readonly string[]) => {
      insertRow.run(params);
      writeTags(params.id, tags);
    }),
    update: db.transaction((params: ObjectRowParams, tags: readonly string[]) => {
      // UPDATE rather than REPLACE: a delete+insert would cascade away the object's access grants.
      if (updateRow.run(params).changes === 0) throw new StoreError('OBJECT_NOT_FOUND', 'No object with this id');
      deleteTags.run(params.id);
      writeTags(params.id, tags);
    }),
  };
}

/** An ObjectStore over one SQLite handle; obtain one through openSqliteStore. */
export class SqliteStore implements GroupTransactionStore {
  readonly #db: Database.Database;
  readonly #keyed: boolean;
  readonly #queries = new Map<string, Statement>();
  #writes: WriteStatements | null = null;
  readonly #selectRow: Database.Statement<[string]>;
  #deleteStatement: Statement | null = null;
  readonly #earliestTransition: Statement;
  readonly #dataVersion: Statement;
  #seenDataVersion: unknown;
  #grantTable: AccessGrantTable | null = null;
  // Asked on every request, so it is remembered; undefined means "look it up again".
  #nextTransition: number | null | undefined;
  #closed = false;
  #groupStatements: GroupStatements | null = null;
  // Group state. The transaction and each request's savepoint start at the first write, so a
  // group or request that only reads costs no SQL and takes no lock.
  #grouped = false;
  #begun = false;
  #marked = false;
  #scrubAsked = false;
  /** The write-ahead log, synced after group commits (see commitGroup). */
  readonly #log: LogSync;
  /** synchronous=NORMAL is set (from a group's BEGIN until its end). */
  #relaxed = false;

  /** Takes ownership of an open, configured and migrated handle. */
  constructor(db: Database.Database, keyed: boolean) {
    this.#db = db;
    this.#keyed = keyed;
    // Only what every request needs is prepared here; the rest waits for its first use, so that
    // opening a database (once per activation) parses a few statements rather than twenty.
    // One statement reads the row and its tags from a single snapshot, without a transaction's cost.
    this.#selectRow = db.prepare<[string]>(
      `SELECT ${OBJECT_COLUMNS}, (SELECT json_group_array(tag) FROM (SELECT tag FROM tags WHERE tags.id = objects.id ORDER BY tag)) AS tag_list FROM objects WHERE id = ?`,
    );
    this.#earliestTransition = db.prepare('SELECT min(transition_at) FROM objects WHERE transition_at IS NOT NULL').pluck();
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.#seenDataVersion = this.#dataVersion.get();
    // Opened now, a commit can never find the log unopenable afterwards (a group would be
    // committed but could not be confirmed).
    this.#log = new LogSync(db.name);
  }

  get #write(): WriteStatements {
    this.#writes ??= prepareWrites(this.#db);
    return this.#writes;
  }

  get #grants(): AccessGrantTable {
    this.#grantTable ??= new AccessGrantTable(this.#db);
    return this.#grantTable;
  }

  get #deleteRow(): Statement {
    this.#deleteStatement ??= this.#db.prepare('DELETE FROM objects WHERE id = ?');
    return this.#deleteStatement;
  }

  get #groupSql(): GroupStatements {
    // IMMEDIATE: the write lock is taken at the start, as a single write takes it, never by a late upgrade.
    this.#groupStatements ??= {
      begin: this.#db.prepare('BEGIN IMMEDIATE'),
      savepoint: this.#db.prepare('SAVEPOINT kms_request'),
      release: this.#db.prepare('RELEASE kms_request'),
      rollbackTo: this.#db.prepare('ROLLBACK TO kms_request'),
      commit: this.#db.prepare('COMMIT'),
      rollback: this.#db.prepare('ROLLBACK'),
      relaxed: this.#db.prepare('PRAGMA synchronous = NORMAL'),
      strict: this.#db.prepare('PRAGMA synchronous = FULL'),
    };
    return this.#groupStatements;
  }

  insert(record: ObjectRecord): void {
    const params = toRowParams(record);
    this.#beforeWrite();
    this.#guard(() => {
      this.#write.insert.immediate(params, record.tags);
    }, true);
    // A new schedule can only bring the earliest transition forward.
    const at = params.transition_at;
    if (at !== null && this.#nextTransition !== undefined && (this.#nextTransition === null || at < this.#nextTransition)) this.#nextTransition = at;
  }

  update(record: ObjectRecord): void {
    const params = toRowParams(record);
    // The replaced row may have held the earliest transition; look it up again when next asked.
    this.#nextTransition = undefined;
    this.#beforeWrite();
    this.#guard(() => {
      this.#write.update.immediate(params, record.tags);
    });
  }

  /**
   * Whether another connection (a restore, say) committed to the database since the last call;
   * this connection's own commits do not count. What this store remembers is forgotten then. One
   * prepared statement: it costs a read-transaction start, and no page is read when nothing changed.
   */
  changedElsewhere(): boolean {
    this.#assertOpen();
    let version: unknown;
    try {
      version = this.#dataVersion.get();
    } catch {
      // Unreadable now: assume a change, and let the request's own reads report the failure.
      version = undefined;
    }
    if (version !== undefined && version === this.#seenDataVersion) return false;
    this.#seenDataVersion = version;
    this.#nextTransition = undefined;
    return true;
  }

  nextTransitionAt(): number | null {
    if (this.#nextTransition === undefined) {
      const at: unknown = this.#guard(() => this.#earliestTransition.get());
      this.#nextTransition = at === null || at === undefined ? null : decodeInteger(at, 'objects.transition_at');
    }
    return this.#nextTransition;
  }

  get(id: string): ObjectRecord | undefined {
    return this.#guard(() => {
      const row = this.#selectRow.get(id);
      return row === undefined ? undefined : decodeObjectRow(row, decodeTagList(row));
    });
  }

  delete(id: string): boolean {
    this.#nextTransition = undefined;
    this.#beforeWrite();
    // Tags and grants go with the row through ON DELETE CASCADE.
    return this.#guard(() => this.#deleteRow.run(id).changes > 0);
  }

  find(filter: ObjectFilter): string[] {
    const query = buildFindQuery(filter);
    return this.#guard(() =>
      this.#query(query)
        .all(...query.params)
        .map((id) => decodeText(id, 'objects.id')),
    );
  }

  count(filter: ObjectFilter): number {
    const query = buildCountQuery(filter);
    return this.#guard(() => decodeInteger(this.#query(query).get(...query.params), 'count'));
  }

  grant(id: string, user: string, operations: readonly string[]): void {
    this.#beforeWrite();
    this.#guard(() => { this.#grants.grant(id, user, operations); });
  }

  revokeGrant(id: string, user: string, operations: readonly string[]): void {
    this.#beforeWrite();
    this.#guard(() => { this.#grants.revoke(id, user, operations); });
  }

  clearGrants(id: string): void {
    this.#beforeWrite();
    this.#guard(() => { this.#grants.clear(id); });
  }

  grantsOf(id: string): AccessGrant[] {
    return this.#guard(() => this.#grants.grantsOf(id));
  }

  rightsOf(id: string, user: string): string[] {
    return this.#guard(() => this.#grants.rightsOf(id, user));
  }

  obtainedBy(user: string): ObtainedAccess[] {
    return this.#guard(() => this.#grants.obtainedBy(user));
  }

  /** The connection's durability settings, for diagnostics and tests. */
  durability(): { readonly journalMode: string; readonly synchronous: number; readonly secureDelete: number } {
    return this.#guard(() => ({
      journalMode: String(this.#db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.#db.pragma('synchronous', { simple: true })),
      secureDelete: Number(this.#db.pragma('secure_delete', { simple: true })),
    }));
  }

  scrub(): void {
    this.#assertOpen();
    // A checkpoint cannot run inside a transaction (SQLite skips it silently); the group's owner runs it after the commit.
    if (this.#grouped) {
      this.#scrubAsked = true;
      return;
    }
    this.#guard(() => {
      // TRUNCATE copies every logged page into the database, then empties the log file.
      this.#db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  transaction<T>(fn: () => T): T {
    this.#assertOpen();
    try {
      this.#beforeWrite();
      // Nested calls become savepoints inside the driver; IMMEDIATE avoids a late lock upgrade.
      return this.#db.transaction(fn).immediate();
    } catch (error) {
      // A rolled-back insert may have brought the remembered schedule forward.
      this.#nextTransition = undefined;
      // The caller's own errors pass through untouched; only driver failures are translated.
      throw translateError(error, { keyed: this.#keyed });
    }
  }

  beginGroup(): void {
    this.#assertOpen();
    this.#grouped = true;
    this.#begun = false;
    this.#marked = false;
  }

  get inGroup(): boolean {
    return this.#grouped && !this.#closed && (!this.#begun || this.#db.inTransaction);
  }

  markRequest(): void {
    this.#assertOpen();
    this.#marked = false;
    this.#scrubAsked = false;
  }

  keepRequest(): void {
    if (!this.#marked) return;
    this.#marked = false;
    this.#guard(() => { this.#groupSql.release.run(); });
  }

  undoRequest(): boolean {
    this.#scrubAsked = false;
    if (!this.#marked) return false;
    this.#marked = false;
    // An undone insert may have brought the remembered schedule forward.
    this.#nextTransition = undefined;
    this.#guard(() => {
      this.#groupSql.rollbackTo.run();
      this.#groupSql.release.run();
    });
    return true;
  }

  takeScrubRequest(): boolean {
    const asked = this.#scrubAsked;
    this.#scrubAsked = false;
    return asked;
  }

  commitGroup(): void {
    if (this.#begun) {
      const sql = this.#groupSql;
      // Began with synchronous=NORMAL (see #beforeWrite): the COMMIT writes the log without
      // syncing it; durable() then syncs it on the thread pool while this thread goes on, and the
      // group's answers wait for that sync.
      this.#guard(() => { sql.commit.run(); });
      this.#log.committed();
      try {
        this.#strict();
      } catch {
        // Committed all the same; the next write outside a group restores FULL before it runs.
      }
    }
    this.#grouped = false;
    this.#begun = false;
  }

  durable(): Promise<void> | null {
    return this.#log.durable();
  }

  get unconfirmed(): boolean {
    return this.#begun || this.#log.pending;
  }

  /** Back to synchronous=FULL once no transaction is open; a write outside a group syncs itself. */
  #strict(): void {
    if (!this.#relaxed || this.#db.inTransaction) return;
    this.#guard(() => { this.#groupSql.strict.run(); });
    this.#relaxed = false;
  }

  abortGroup(): void {
    const begun = this.#begun;
    this.#grouped = false;
    this.#begun = false;
    this.#marked = false;
    this.#scrubAsked = false;
    this.#nextTransition = undefined;
    if (this.#closed) return;
    if (begun && this.#db.inTransaction) {
      try {
        this.#groupSql.rollback.run();
      } catch {
        // Nothing better to do: closing the handle rolls back too.
      }
    }
    try {
      this.#strict();
    } catch {
      // The next write outside a group tries again before it commits.
    }
  }

  /**
   * Inside a group, opens its transaction and the request's savepoint before the first write.
   * Outside one, makes sure the write will sync its own commit.
   */
  #beforeWrite(): void {
    const failure = this.#log.failure;
    if (failure !== null) throw failure;
    if (!this.#grouped) {
      if (this.#relaxed) this.#strict();
      return;
    }
    if (this.#marked) return;
    this.#assertOpen();
    if (!this.#begun) {
      // The safety level can only change outside a transaction: NORMAL for the group's commit.
      this.#guard(() => {
        this.#groupSql.relaxed.run();
        this.#relaxed = true;
        this.#groupSql.begin.run();
      });
      this.#begun = true;
    } else if (!this.#db.inTransaction) {
      // SQLite rolled the group back after an error; a write now would commit on its own.
      throw new StoreError('DATABASE_IO', 'The group transaction was rolled back');
    }
    this.#guard(() => { this.#groupSql.savepoint.run(); });
    this.#marked = true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queries.clear();
    this.#db.close();
    this.#log.close();
  }

  /** Prepares each distinct find/count shape once and keeps a bounded number of them. */
  #query(query: BuiltQuery): Statement {
    let statement = this.#queries.get(query.sql);
    if (statement === undefined) {
      if (this.#queries.size >= QUERY_CACHE_LIMIT) {
        const oldest = this.#queries.keys().next();
        if (oldest.done !== true) this.#queries.delete(oldest.value);
      }
      // Both shapes select a single column.
      statement = this.#db.prepare(query.sql).pluck();
      this.#queries.set(query.sql, statement);
    }
    return statement;
  }

  /** Runs a store operation and translates driver failures; other errors pass through. */
  #guard<T>(fn: () => T, inserting = false): T {
    this.#assertOpen();
    try {
      return fn();
    } catch (error) {
      throw translateError(error, { keyed: this.#keyed, inserting });
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError('DATABASE_CLOSED', 'Store is closed');
  }
}

/** Opens (and if asked, creates) a database, proves its key, configures it and migrates it. */
export function openSqliteStore(options: OpenStoreOptions): SqliteStore {
  const { file, key, mode } = options;
  if (!path.isAbsolute(file)) throw new RangeError('Database file path must be absolute');
  if (key !== undefined && key.length !== KEY_BYTES) {
    throw new RangeError(`Database key must be exactly ${KEY_BYTES} bytes`);
  }
  const cacheKiB = options.cacheSizeKiB ?? DEFAULT_CACHE_KIB;
  if (!Number.isSafeInteger(cacheKiB) || cacheKiB <= 0) {
    throw new RangeError('cacheSizeKiB must be a positive integer');
  }
  const created = mode === 'open-existing' ? false : claimFile(file, mode === 'create-new');
  let db: Database.Database | undefined;
  try {
    db = openHandle(file);
    if (key !== undefined) applyKey(db, key);
    // Reads only: a wrong key or a newer schema must fail before anything could write.
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    assertSchemaKnown(db);
    configure(db, cacheKiB);
    migrate(db);
    return new SqliteStore(db, key !== undefined);
  } catch (error) {
    db?.close();
    if (created) removeDatabaseFiles(file);
    throw translateError(error, { keyed: key !== undefined });
  }
}
