/**
 * The steps of opening a SQLite file: claiming it atomically, opening the handle, applying a
 * SQLCipher key and configuring durability; used by openSqliteStore.
 * @module
 */
import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { translateError } from './sqlite-errors.js';
import { StoreError } from './store-error.js';

const BUSY_TIMEOUT_MS = 5000;

/**
 * Creates the file with O_EXCL so that of two concurrent creates exactly one wins, and with
 * owner-only permissions (SQLite gives -wal/-shm the same mode). Returns whether it created it.
 */
export function claimFile(file: string, mustBeNew: boolean): boolean {
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
    return true;
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'EEXIST') {
      if (mustBeNew) throw new StoreError('DATABASE_EXISTS', 'Database file already exists');
      return false;
    }
    if (code === 'ENOENT') throw new StoreError('DATABASE_IO', 'Database directory does not exist');
    throw new StoreError('DATABASE_IO', `Cannot create database file (${String(code)})`);
  }
}

/** Opens the existing file as a handle. */
export function openHandle(file: string): Database.Database {
  try {
    // The file exists by now in every mode; fileMustExist stops SQLite creating one behind our back.
    return new Database(file, { fileMustExist: true });
  } catch (error) {
    if (!fs.existsSync(file)) throw new StoreError('DATABASE_NOT_FOUND', 'Database file does not exist');
    throw translateError(error, { keyed: false });
  }
}

/** SQLCipher 4 compatibility: cipher and legacy must precede the key, and all precede any read. */
export function applyKey(db: Database.Database, key: Uint8Array): void {
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  // x'..' makes it a raw key: no 256 000-round PBKDF2 on every open.
  db.pragma(`key = "x'${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}'"`);
}

/** WAL, full syncs, foreign keys, page cache, in-memory temp storage and secure delete. */
export function configure(db: Database.Database, cacheKiB: number): void {
  // First, so the journal-mode switch and migrations wait for a lock instead of failing.
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
    throw new StoreError('DATABASE_IO', 'Cannot switch the database to WAL mode');
  }
  // FULL syncs the WAL on every commit, so an acknowledged write survives power loss.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`cache_size = -${cacheKiB}`);
  // Sorts and GROUP BY spills would otherwise land in unencrypted temp files.
  db.pragma('temp_store = MEMORY');
  // Freed pages are zeroed, so destroyed key material does not linger in the file.
  db.pragma('secure_delete = ON');
}

/** Removes a file this call created, with any journal files SQLite made beside it. */
export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
