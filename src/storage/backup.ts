/**
 * Online backup of one database into a single file, while the server keeps serving it.
 *
 * `VACUUM INTO` copies one consistent snapshot: it reads inside a single read transaction, and in
 * WAL mode the server's commits go on meanwhile without being seen by it. On a keyed connection
 * SQLite3MultipleCiphers attaches the target with the main database's cipher and key (a keyless
 * ATTACH inherits them), so an encrypted database's backup is a SQLCipher 4 file under the same
 * key: never plaintext, on disk or in between. A plain database's backup is a plain SQLite file.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error.js';
import { createScratchFile, isDatabaseFile, publish, syncFile, systemCode } from './private-file.js';
import { asBackupError, checkSound, countObjects, openProven } from './snapshot-db.js';
import { assertSchemaKnown } from './migrations.js';
import { removeDatabaseFiles } from './sqlite-open.js';
import { sqliteCode } from './sqlite-errors.js';

/** What to back up, and where to. */
export interface BackupOptions {
  /** Absolute path of the live database file. */
  readonly database: string;
  /** The database's raw 32-byte SQLCipher key; absent for a plain database. */
  readonly key?: Uint8Array;
  /** Absolute path of the backup file to write. */
  readonly output: string;
  /** Replace an existing output file instead of refusing. */
  readonly replace: boolean;
}

/** What the backup holds. */
export interface BackupSummary {
  readonly objects: number;
  readonly bytes: number;
  readonly schemaVersion: number;
}

// The server's actor may hold the write lock for a moment; a snapshot read does not need it, but
// opening a database whose log is being recovered does.
const BUSY_TIMEOUT_MS = 30_000;

function refuseExisting(output: string, replace: boolean): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(output);
  } catch (error) {
    if (systemCode(error) === 'ENOENT') return;
    throw new BackupError('IO', `${output}: ${String(systemCode(error))}`);
  }
  if (stat.isDirectory()) throw new BackupError('IO', `${output} is a directory`);
  if (!replace) throw new BackupError('OUTPUT_EXISTS', `${output} already exists (give --force to replace it)`);
}

/** Writes a consistent, checked backup of the database to `output` (mode 0600), or nothing at all. */
export function backupDatabase(options: BackupOptions): BackupSummary {
  const { database, key, output, replace } = options;
  if (!path.isAbsolute(database) || !path.isAbsolute(output)) throw new RangeError('Backup paths must be absolute');
  const keyed = key !== undefined;
  // --force would otherwise rename the backup over the live database.
  if (isDatabaseFile(output, database)) throw new BackupError('SAME_FILE', `${output} is the database itself: write the backup elsewhere`);
  refuseExisting(output, replace);
  const source = openProven(database, key, 'database');
  let scratch: string | undefined;
  try {
    source.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = assertSchemaKnown(source);
    if (version === 0) throw new BackupError('DATABASE_NOT_FOUND', `the database ${database} holds no key store yet`);
    // VACUUM INTO writes only into a missing or empty file: this one is ours and owner-only.
    scratch = createScratchFile(output, 'partial');
    source.prepare('VACUUM INTO ?').run(scratch);
    const summary = verify(scratch, key, version, output);
    syncFile(scratch);
    publish(scratch, output, replace);
    scratch = undefined;
    return summary;
  } catch (error) {
    // File system failures concern the output side; SQLite's the database being read.
    const onOutput = sqliteCode(error) === undefined && systemCode(error) !== undefined;
    throw onOutput ? asBackupError(error, 'backup', output, keyed) : asBackupError(error, 'database', database, keyed);
  } finally {
    source.close();
    if (scratch !== undefined) removeDatabaseFiles(scratch);
  }
}

/** Reopens the written copy with the same key and checks it whole before it gets its name (`label`). */
function verify(file: string, key: Uint8Array | undefined, expectedVersion: number, label: string): BackupSummary {
  const copy = openProven(file, key, 'backup', label);
  try {
    const schemaVersion = checkSound(copy, label, key !== undefined);
    if (schemaVersion !== expectedVersion) throw new BackupError('IO', `${label}: the copy's schema version differs from the database's`);
    return { objects: countObjects(copy), bytes: fs.statSync(file).size, schemaVersion };
  } finally {
    copy.close();
  }
}
