/**
 * Connections of their own for backup and restore, beside the server's: keyed exactly as the
 * server keys its databases, proven readable before anything else happens, and checked for
 * soundness. Every failure becomes a BackupError that names the file, never the key.
 * @module
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';
import { BackupError } from './backup-error.js';
import { readSchemaVersion, SCHEMA_VERSION } from './migrations.js';
import { systemCode } from './private-file.js';
import { translateError } from './sqlite-errors.js';
import { applyKey, openHandle } from './sqlite-open.js';
import { StoreError } from './store-error.js';

/** Which file a failure is about: the live database or a backup file. */
export type FileRole = 'database' | 'backup';

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file starts with the plain SQLite header; an encrypted one starts with its random salt. */
export function hasPlainHeader(file: string): boolean {
  const head = Buffer.alloc(PLAIN_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(PLAIN_HEADER);
  } finally {
    fs.closeSync(fd);
  }
}

/** Turns a failure on `file` into a BackupError; programming errors pass through unchanged. */
export function asBackupError(error: unknown, role: FileRole, file: string, keyed: boolean): unknown {
  if (error instanceof BackupError) return error;
  const translated = translateError(error, { keyed });
  if (translated instanceof StoreError) {
    switch (translated.code) {
      case 'DATABASE_NOT_FOUND':
        return role === 'database' ? new BackupError('DATABASE_NOT_FOUND', `no database at ${file}`) : new BackupError('INPUT_NOT_FOUND', `${file} does not exist`);
      case 'DATABASE_KEY_WRONG':
        return new BackupError(
          'KEY_WRONG',
          role === 'database' ? `the database secret does not open the database ${file}` : `the database secret does not open ${file} (a wrong secret, or not a backup of this database)`,
        );
      case 'DATABASE_CORRUPT':
        return role === 'database'
          ? new BackupError('IO', `the database ${file} is damaged (${translated.message})`)
          : new BackupError('BACKUP_INVALID', `${file} is damaged or truncated (${translated.message})`);
      case 'DATABASE_NEWER_SCHEMA':
        return new BackupError('SCHEMA_NEWER', `${file} was written by a newer server: ${translated.message}`);
      default:
        return new BackupError('IO', `${file}: ${translated.message}`);
    }
  }
  const code = systemCode(error);
  // Only the code: a system error's message is harmless, but the code is what an operator acts on.
  if (code !== undefined) return new BackupError('IO', `${file}: ${code}`);
  return translated;
}

/**
 * Opens an existing file, applies the key and proves it with a read; nothing has been written by
 * then. Failures name `label` (the file the user gave, when this is a copy of it).
 */
export function openProven(file: string, key: Uint8Array | undefined, role: FileRole, label = file): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = openHandle(file);
    if (key !== undefined) applyKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
    // Sorts and index builds would otherwise spill decrypted pages into temporary files.
    db.pragma('temp_store = MEMORY');
    return db;
  } catch (error) {
    db?.close();
    throw asBackupError(error, role, label, key !== undefined);
  }
}

/**
 * Checks that a backup is whole: every page reads (and, encrypted, authenticates), indexes and
 * references agree, and its schema version is one this server knows. Returns that version.
 */
export function checkSound(db: Database.Database, file: string, keyed: boolean): number {
  try {
    const verdict = db.prepare('PRAGMA integrity_check').pluck().all();
    // The problems themselves are not repeated: they can quote values stored in the database.
    if (verdict.length !== 1 || verdict[0] !== 'ok') throw new BackupError('BACKUP_INVALID', `${file} is damaged (the integrity check failed)`);
    const dangling = db.prepare('PRAGMA foreign_key_check').all();
    if (dangling.length > 0) throw new BackupError('BACKUP_INVALID', `${file} is damaged (${dangling.length} rows refer to missing objects)`);
    const version = readSchemaVersion(db);
    if (version === 0) throw new BackupError('BACKUP_INVALID', `${file} is a database but not a backup of this server (it holds no key store)`);
    if (version > SCHEMA_VERSION) {
      throw new BackupError('SCHEMA_NEWER', `${file} was written by a newer server (schema version ${version}, this server knows up to ${SCHEMA_VERSION})`);
    }
    return version;
  } catch (error) {
    throw asBackupError(error, 'backup', file, keyed);
  }
}

/** The number of objects in the `objects` table of a schema (`main` or an attached name). */
export function countObjects(db: Database.Database, schema = 'main'): number {
  const n: unknown = db.prepare(`SELECT count(*) FROM "${schema.replaceAll('"', '""')}".objects`).pluck().get();
  if (typeof n !== 'number') throw new StoreError('DATABASE_CORRUPT', 'objects count is unreadable');
  return n;
}
