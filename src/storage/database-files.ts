/**
 * Where database files live: one plain `kms.db`, or one `<group id>.sqlite` per encrypted
 * database, all in the configured directory.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';

/** File name of the single database in plain (unencrypted) mode. */
export const PLAIN_DATABASE_FILE = 'kms.db';

const GROUP_ID_LIMIT = 1n << 128n;
// Only these suffixes are ours: the database and the journal files SQLite keeps beside it.
const PLAIN_FILE = /^kms\.db(?:-wal|-shm|-journal)?$/;
const ENCRYPTED_FILE = /^\d+\.sqlite(?:-wal|-shm|-journal)?$/;

/** The encrypted database file for a group id: `<sqlitePath>/<decimal group id>.sqlite`. */
export function databaseFileFor(sqlitePath: string, groupId: bigint): string {
  if (groupId < 0n || groupId >= GROUP_ID_LIMIT) {
    throw new RangeError('Database group id must be in [0, 2^128)');
  }
  // bigint keeps every digit; a number would round ids above 2^53.
  return path.join(sqlitePath, `${groupId.toString(10)}.sqlite`);
}

/** Deletes this server's database files (and their -wal/-shm/-journal) in the directory, nothing else. */
export function clearDatabaseDirectory(sqlitePath: string, databaseType: 'sqlite' | 'sqlite-enc'): void {
  const ours = databaseType === 'sqlite' ? PLAIN_FILE : ENCRYPTED_FILE;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(sqlitePath, { withFileTypes: true });
  } catch (error) {
    // Nothing to clear in a directory that does not exist yet.
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return;
    throw error;
  }
  for (const entry of entries) {
    if (entry.isFile() && ours.test(entry.name)) fs.rmSync(path.join(sqlitePath, entry.name), { force: true });
  }
}

/** Creates the directory and its parents if missing; new directories are owner-only (0700). */
export function ensureDirectory(dirPath: string): void {
  fs.mkdirSync(dirPath, { recursive: true, mode: 0o700 });
}
