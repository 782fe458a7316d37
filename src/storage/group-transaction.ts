/**
 * Group commit: what a store offers so that the requests an actor finds waiting together share one
 * transaction, and so one fsync, while each keeps its own all-or-nothing effect (a savepoint). The
 * fsync runs off the actor's thread, so the next group is served while the last one reaches the disk.
 * @module
 */
import type { ObjectStore } from './object-store.js';

/** A store whose writes can be gathered into one transaction spanning several requests. */
export interface GroupTransactionStore extends ObjectStore {
  /** Whether another connection (a restore) committed since the last call; see SqliteStore. */
  changedElsewhere(): boolean;
  /**
   * Starts a group. Its transaction (BEGIN IMMEDIATE, waiting up to the busy timeout for the write
   * lock) opens at its first write, so a group that only reads takes no lock and costs no commit.
   */
  beginGroup(): void;
  /** Whether a group's transaction is open (false too when SQLite rolled it back after an error). */
  readonly inGroup: boolean;
  /** Marks the start of one request inside the group; its savepoint opens at its first write. */
  markRequest(): void;
  /** Keeps the marked request's writes in the group. */
  keepRequest(): void;
  /** Undoes the marked request's writes; returns whether it had written anything (caches above must forget then). */
  undoRequest(): boolean;
  /** Whether the marked request asked for a scrub; one inside a transaction cannot run, so it is the caller's after the commit. */
  takeScrubRequest(): boolean;
  /**
   * Commits the group: its writes are in the database for every reader, but on disk only once
   * durable() has settled; nothing of the group may be acknowledged before that.
   */
  commitGroup(): void;
  /**
   * Settles once every commit made so far is on disk (rejects if syncing failed); null when none is
   * waiting for the disk. The sync runs off the calling thread, which can go on with the next group.
   */
  durable(): Promise<void> | null;
  /**
   * Whether a request could now read something not yet confirmed on disk: the group has written, or
   * an earlier commit is still owed, or being given, its sync (or that sync failed). When false, an
   * answer depends on nothing unconfirmed and need not wait for the group's commit.
   */
  readonly unconfirmed: boolean;
  /** Rolls back whatever of the group is left; never throws. */
  abortGroup(): void;
}
