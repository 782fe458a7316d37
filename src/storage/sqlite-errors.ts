/**
 * Turns SQLite failures into StoreErrors. Messages are fixed text plus the SQLite result code, so
 * neither SQL nor bound values (which may be key material) can reach a log or a client.
 * @module
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './store-error.js';

/** The context an error happened in, which decides how ambiguous SQLite codes are read. */
export interface ErrorContext {
  /** Whether the database was opened with a key (NOTADB then means the key is wrong). */
  readonly keyed: boolean;
  /** Whether the failing statement inserted a new object (a key conflict then means a duplicate id). */
  readonly inserting?: boolean;
}

/** The SQLite extended result code of an error, or undefined when it is not a SqliteError. */
export function sqliteCode(error: unknown): string | undefined {
  return error instanceof Database.SqliteError && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Maps an error thrown by the driver to a StoreError. Anything else (a StoreError, a caller's own
 * error, a programming error) is returned unchanged so it surfaces as what it is.
 */
export function translateError(error: unknown, context: ErrorContext): unknown {
  const code = sqliteCode(error);
  if (code === undefined) {
    // better-sqlite3 throws a TypeError for use after close.
    if (error instanceof TypeError && /connection is not open/i.test(error.message)) {
      return new StoreError('DATABASE_CLOSED', 'Store is closed');
    }
    return error;
  }
  if (code === 'SQLITE_NOTADB') {
    return context.keyed
      ? new StoreError('DATABASE_KEY_WRONG', 'Database secret is wrong')
      : new StoreError('DATABASE_CORRUPT', 'File is not a database');
  }
  if (code.startsWith('SQLITE_CORRUPT')) return new StoreError('DATABASE_CORRUPT', `Database is corrupt (${code})`);
  const duplicate = code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  if (duplicate && context.inserting === true) {
    return new StoreError('OBJECT_EXISTS', 'An object with this id already exists');
  }
  return new StoreError('DATABASE_IO', `Database operation failed (${code})`);
}
