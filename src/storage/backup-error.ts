/**
 * Typed failures of backing up and restoring a database. Messages name files and what is wrong,
 * never a key or any content of the database.
 * @module
 */

/** Stable backup and restore error codes. */
export type BackupErrorCode =
  /** No database file exists to back up. */
  | 'DATABASE_NOT_FOUND'
  /** The key does not open the database or the backup. */
  | 'KEY_WRONG'
  /** The backup file to write already exists. */
  | 'OUTPUT_EXISTS'
  /** The backup file given is the database itself (or one of its journal files). */
  | 'SAME_FILE'
  /** The backup file to read does not exist or is not a file. */
  | 'INPUT_NOT_FOUND'
  /** The file to restore is not a sound backup of a database of this kind. */
  | 'BACKUP_INVALID'
  /** The database or backup was written by a newer server. */
  | 'SCHEMA_NEWER'
  /** Reading or writing failed (disk, permissions, a lock held too long). */
  | 'IO';

/** A backup or restore failure; nothing was written where it was refused. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
