/**
 * Typed storage failures with stable codes, so callers never match on SQLite message text.
 * @module
 */

/** Stable storage error codes. */
export type StoreErrorCode =
  | 'OBJECT_EXISTS'
  | 'OBJECT_NOT_FOUND'
  | 'DATABASE_NOT_FOUND'
  | 'DATABASE_EXISTS'
  | 'DATABASE_KEY_WRONG'
  | 'DATABASE_CORRUPT'
  | 'DATABASE_NEWER_SCHEMA'
  | 'DATABASE_IO'
  | 'DATABASE_CLOSED';

/** A storage failure; the message never contains keys or object content. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
