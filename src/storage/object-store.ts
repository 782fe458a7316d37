/**
 * The storage contract the actors use. Implementations are synchronous: an actor owns its store
 * and handles one request at a time, so there is no locking above this interface.
 * @module
 */
import type { AccessGrant, ObjectFilter, ObjectRecord, ObtainedAccess } from './object-record.js';

/** A store of managed objects for one database. */
export interface ObjectStore {
  /** Inserts a new object; throws StoreError `OBJECT_EXISTS` when the id is taken. */
  insert(record: ObjectRecord): void;
  /** Replaces an existing object (all fields, tags included); throws StoreError `OBJECT_NOT_FOUND`. */
  update(record: ObjectRecord): void;
  /** Returns the object or undefined. */
  get(id: string): ObjectRecord | undefined;
  /** Removes an object and its tags and grants; returns whether it existed. */
  delete(id: string): boolean;
  /** Ids matching the filter, ordered by creation time then id. */
  find(filter: ObjectFilter): string[];
  /** Number of objects matching the filter, ignoring paging. */
  count(filter: ObjectFilter): number;
  /** Adds operations to a user's grant on an object (`*`: every user); throws StoreError `OBJECT_NOT_FOUND`. */
  grant(id: string, user: string, operations: readonly string[]): void;
  /** Removes operations from a user's grant; a grant left empty is deleted. Absent grants are no error. */
  revokeGrant(id: string, user: string, operations: readonly string[]): void;
  /** Deletes every grant on an object. */
  clearGrants(id: string): void;
  /** The grants on an object, ordered by user. */
  grantsOf(id: string): AccessGrant[];
  /** The operations a user holds on an object through its own grant and the `*` grant, sorted. */
  rightsOf(id: string, user: string): string[];
  /** Objects granted to the user (own or `*` grant) that it does not own, ordered by creation time then id. */
  obtainedBy(user: string): ObtainedAccess[];
  /** The earliest scheduled state transition (`transitionAt`) of any object, or null when none is scheduled. */
  nextTransitionAt(): number | null;
  /**
   * Makes overwritten and deleted content unrecoverable from the database files: old page images
   * in the write-ahead log are checkpointed and the log truncated (freed pages are already zeroed).
   */
  scrub(): void;
  /** Runs fn in one transaction: all of its writes land, or none do. */
  transaction<T>(fn: () => T): T;
  /** Closes the handle; the store is unusable afterwards. Idempotent. */
  close(): void;
}
