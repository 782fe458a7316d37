/**
 * A read cache in front of a store. Sound because an actor is the only writer of its
 * database: every change passes through here, and a rolled-back transaction empties the cache.
 * The one exception, a restore, commits through its own connection; the actor's host notices
 * (SqliteStore.changedElsewhere) and calls forgetAll before the next request.
 * A non-owner's rights on an object are cached too, so a grantee's repeated use costs no query.
 * @module
 */
import type { AccessGrant, ObjectFilter, ObjectRecord, ObtainedAccess } from './object-record.js';
import type { ObjectStore } from './object-store.js';

/** Caches up to `capacity` records, least recently used out first. */
export class CachingStore implements ObjectStore {
  readonly #records = new Map<string, ObjectRecord>();
  // id -> user -> rights: nested, so no (id, user) pair can spell another's key whatever the
  // characters of either. Any grant change or delete empties it (they are rare).
  readonly #rights = new Map<string, Map<string, readonly string[]>>();
  #rightsCount = 0;

  constructor(
    private readonly inner: ObjectStore,
    private readonly capacity = 4096,
  ) {}

  /** The id most recently remembered: a hot key read again costs no Map delete and insert. */
  #newest: string | undefined;

  #remember(record: ObjectRecord): void {
    if (record.id === this.#newest && this.#records.get(record.id) === record) return;
    this.#newest = record.id;
    this.#records.delete(record.id);
    this.#records.set(record.id, record);
    if (this.#records.size > this.capacity) {
      const oldest = this.#records.keys().next();
      if (oldest.done !== true) this.#records.delete(oldest.value);
    }
  }

  // Writes only invalidate: the next read caches the record as the store normalises it (tag order, repeats).
  insert(record: ObjectRecord): void {
    this.#records.delete(record.id);
    this.inner.insert(record);
  }

  update(record: ObjectRecord): void {
    this.#records.delete(record.id);
    this.inner.update(record);
  }

  get(id: string): ObjectRecord | undefined {
    const hit = this.#records.get(id);
    if (hit !== undefined) {
      this.#remember(hit);
      return hit;
    }
    const record = this.inner.get(id);
    if (record !== undefined) this.#remember(record);
    return record;
  }

  delete(id: string): boolean {
    this.#records.delete(id);
    this.#clearRights();
    return this.inner.delete(id);
  }

  grant(id: string, user: string, operations: readonly string[]): void {
    this.#clearRights();
    this.inner.grant(id, user, operations);
  }

  revokeGrant(id: string, user: string, operations: readonly string[]): void {
    this.#clearRights();
    this.inner.revokeGrant(id, user, operations);
  }

  clearGrants(id: string): void {
    this.#clearRights();
    this.inner.clearGrants(id);
  }

  grantsOf(id: string): AccessGrant[] {
    return this.inner.grantsOf(id);
  }

  rightsOf(id: string, user: string): string[] {
    const hit = this.#rights.get(id)?.get(user);
    if (hit !== undefined) return [...hit];
    const rights = this.inner.rightsOf(id, user);
    if (this.#rightsCount >= this.capacity) this.#clearRights();
    let users = this.#rights.get(id);
    if (users === undefined) {
      users = new Map();
      this.#rights.set(id, users);
    }
    users.set(user, [...rights]);
    this.#rightsCount += 1;
    return rights;
  }

  #clearRights(): void {
    this.#rights.clear();
    this.#rightsCount = 0;
  }

  obtainedBy(user: string): ObtainedAccess[] {
    return this.inner.obtainedBy(user);
  }

  find(filter: ObjectFilter): string[] {
    return this.inner.find(filter);
  }

  count(filter: ObjectFilter): number {
    return this.inner.count(filter);
  }

  nextTransitionAt(): number | null {
    return this.inner.nextTransitionAt();
  }

  scrub(): void {
    this.inner.scrub();
  }

  transaction<T>(fn: () => T): T {
    try {
      return this.inner.transaction(fn);
    } catch (err) {
      this.#records.clear(); // writes made inside were rolled back
      this.#clearRights();
      throw err;
    }
  }

  /** Forgets everything cached, for when the database was changed behind this store's back (a restore). */
  forgetAll(): void {
    this.#records.clear();
    this.#clearRights();
  }

  close(): void {
    this.forgetAll();
    this.inner.close();
  }
}
