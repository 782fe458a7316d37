/**
 * Online restore of one database from a backup file, while the server keeps serving it.
 *
 * The backup is copied beside the database (owner-only; the input is only ever read), opened with
 * the key, checked whole and brought to the current schema. Then, on a connection of its own, the
 * copy is attached to the live database and every table's rows are replaced in one IMMEDIATE
 * transaction. The live file is never swapped, so the server's open handle stays valid; the
 * server sees the commit through `PRAGMA data_version` and drops its caches. Freed pages are
 * zeroed (secure_delete) and the log is checkpointed afterwards when no reader holds it.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { BackupError } from './backup-error.js';
import { ensureDirectory } from './database-files.js';
import { migrate } from './migrations.js';
import { copyContents, createScratchFile, isDatabaseFile, systemCode } from './private-file.js';
import { asBackupError, checkSound, hasPlainHeader, openProven } from './snapshot-db.js';
import { configure, removeDatabaseFiles } from './sqlite-open.js';
import { openSqliteStore } from './sqlite-store.js';
import { assertSameSchema, replaceAllRows, type Replacement } from './table-copy.js';

/** Which database to restore, and from what. */
export interface RestoreOptions {
  /** Absolute path of the live database file; created when missing. */
  readonly database: string;
  /** The database's raw 32-byte SQLCipher key; absent for a plain database. */
  readonly key?: Uint8Array;
  /** Absolute path of the backup file. */
  readonly input: string;
}

/** What the restore did. */
export interface RestoreSummary {
  /** The database did not exist and was created. */
  readonly created: boolean;
  readonly objectsBefore: number;
  readonly objects: number;
}

// How long to wait for the server's writer; its transactions last milliseconds.
const BUSY_TIMEOUT_MS = 30_000;
const SCRUB_TIMEOUT_MS = 1000;
const CACHE_KIB = 2048;
const ATTACHED = 'restored';
// Every SQLite page size is a multiple of this, so a file of another size is cut short.
const PAGE_MULTIPLE = 512;

/** Refuses what cannot be a backup of this kind of database before anything is copied or opened. */
function checkInput(input: string, keyed: boolean): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch (error) {
    const code = systemCode(error);
    if (code === 'ENOENT') throw new BackupError('INPUT_NOT_FOUND', `${input} does not exist`);
    throw new BackupError('IO', `${input}: ${String(code)}`);
  }
  if (!stat.isFile()) throw new BackupError('INPUT_NOT_FOUND', `${input} is not a file`);
  if (stat.size === 0) throw new BackupError('BACKUP_INVALID', `${input} is empty`);
  if (stat.size % PAGE_MULTIPLE !== 0) {
    throw new BackupError('BACKUP_INVALID', `${input} is truncated or not a database (its size is not a whole number of pages)`);
  }
  let plain: boolean;
  try {
    plain = hasPlainHeader(input);
  } catch (error) {
    throw new BackupError('IO', `${input}: ${String(systemCode(error))}`);
  }
  if (keyed && plain) throw new BackupError('BACKUP_INVALID', `${input} is a plain SQLite file, not a backup of an encrypted database`);
  if (!keyed && !plain) throw new BackupError('BACKUP_INVALID', `${input} is not a plain SQLite database (an encrypted backup is restored into an encrypted database, with its secret)`);
}

/** Copies the backup to `staged`, proves the key on it, checks it whole and migrates it. */
function stage(input: string, staged: string, key: Uint8Array | undefined): void {
  try {
    copyContents(input, staged);
  } catch (error) {
    throw asBackupError(error, 'backup', input, key !== undefined);
  }
  const db = openProven(staged, key, 'backup', input);
  try {
    checkSound(db, input, key !== undefined);
    try {
      migrate(db);
    } catch {
      throw new BackupError('BACKUP_INVALID', `${input} cannot be brought to this server's database schema`);
    }
  } finally {
    db.close();
  }
}

/** Makes sure the database exists (its directory does), opens with the key and has the current schema; returns whether it was created. */
function ensureDatabase(database: string, key: Uint8Array | undefined): boolean {
  const existed = fs.existsSync(database);
  try {
    openSqliteStore({ file: database, ...(key === undefined ? {} : { key }), mode: 'open-or-create', cacheSizeKiB: CACHE_KIB }).close();
  } catch (error) {
    throw asBackupError(error, 'database', database, key !== undefined);
  }
  return !existed;
}

function attach(db: Database.Database, staged: string, key: Uint8Array | undefined): void {
  if (key === undefined) {
    db.prepare(`ATTACH DATABASE ? AS ${ATTACHED}`).run(staged);
    return;
  }
  // The raw-key form, as applyKey gives it to the main database; bound, never part of the SQL text.
  const hex = Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex');
  db.prepare(`ATTACH DATABASE ? AS ${ATTACHED} KEY ?`).run(staged, `x'${hex}'`);
}

/**
 * Checkpoints and empties the log, so old page images do not wait there for the server's next
 * checkpoint. Best effort: the restore has committed, and a busy server checkpoints later itself.
 */
function scrubLog(db: Database.Database): void {
  try {
    // Briefly: while it waits for readers, the server's writers wait too.
    db.pragma(`busy_timeout = ${SCRUB_TIMEOUT_MS}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // SQLITE_BUSY or the like: the content is restored all the same.
  }
}

/** Replaces the live database's content with the backup's, or changes nothing. */
export function restoreDatabase(options: RestoreOptions): RestoreSummary {
  const { database, key, input } = options;
  if (!path.isAbsolute(database) || !path.isAbsolute(input)) throw new RangeError('Restore paths must be absolute');
  const keyed = key !== undefined;
  if (isDatabaseFile(input, database)) throw new BackupError('SAME_FILE', `${input} is the database itself, not a backup of it`);
  checkInput(input, keyed);
  try {
    ensureDirectory(path.dirname(database));
  } catch (error) {
    throw asBackupError(error, 'database', path.dirname(database), keyed);
  }
  const staged = createScratchFile(database, 'restore');
  try {
    stage(input, staged, key);
    const created = ensureDatabase(database, key);
    const live = openProven(database, key, 'database');
    try {
      configure(live, CACHE_KIB);
      live.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      attach(live, staged, key);
      let replaced: Replacement;
      try {
        assertSameSchema(live, ATTACHED, input);
        replaced = replaceAllRows(live, ATTACHED);
      } finally {
        live.exec(`DETACH DATABASE ${ATTACHED}`);
      }
      scrubLog(live);
      return { created, objectsBefore: replaced.before, objects: replaced.after };
    } catch (error) {
      throw asBackupError(error, 'database', database, keyed);
    } finally {
      live.close();
    }
  } finally {
    removeDatabaseFiles(staged);
  }
}
