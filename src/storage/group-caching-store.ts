/**
 * The actor's cache in front of a store that commits in groups. Inside a group the cache may hold
 * records read after an uncommitted write; whenever such writes are undone (a failed request's
 * savepoint, a failed or abandoned commit) or another connection changed the file, it forgets
 * everything, so it never serves state the database does not hold.
 * @module
 */
import { CachingStore } from './caching-store.js';
import type { GroupTransactionStore } from './group-transaction.js';

/** A CachingStore that is also the group-commit handle of its store. */
export class GroupCachingStore extends CachingStore implements GroupTransactionStore {
  constructor(
    private readonly group: GroupTransactionStore,
    capacity?: number,
  ) {
    super(group, capacity);
  }

  changedElsewhere(): boolean {
    const changed = this.group.changedElsewhere();
    if (changed) this.forgetAll();
    return changed;
  }

  beginGroup(): void {
    this.group.beginGroup();
  }

  get inGroup(): boolean {
    return this.group.inGroup;
  }

  markRequest(): void {
    this.group.markRequest();
  }

  keepRequest(): void {
    this.group.keepRequest();
  }

  undoRequest(): boolean {
    let wrote = true;
    try {
      wrote = this.group.undoRequest();
      return wrote;
    } finally {
      // A failed undo leaves the state unknown: forget as if it wrote.
      if (wrote) this.forgetAll();
    }
  }

  takeScrubRequest(): boolean {
    return this.group.takeScrubRequest();
  }

  commitGroup(): void {
    this.group.commitGroup();
  }

  durable(): Promise<void> | null {
    return this.group.durable();
  }

  get unconfirmed(): boolean {
    return this.group.unconfirmed;
  }

  abortGroup(): void {
    this.forgetAll();
    this.group.abortGroup();
  }
}
