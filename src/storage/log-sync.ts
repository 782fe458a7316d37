/**
 * Deferred durability for group commits: the write-ahead log of one open database, synced on
 * libuv's thread pool after commits that ran with synchronous=NORMAL, in commit order. After one
 * failed sync nothing is confirmed again: the kernel may have dropped frames it had reported
 * written, and later syncs can succeed without bringing them back.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemCode } from './private-file.js';
import { StoreError } from './store-error.js';

/** The log of one open database and the syncs it still owes. */
export class LogSync {
  #fd: number | null;
  /** A commit not yet covered by a started sync. */
  #owed = false;
  /** The latest sync, chained after every earlier one. */
  #chain: Promise<void> | null = null;
  #running = 0;
  #closed = false;
  #directorySynced = false;
  #failure: StoreError | null = null;

  /** Opens the log of `databaseFile`; it exists once a WAL database has been read. */
  constructor(private readonly databaseFile: string) {
    try {
      this.#fd = fs.openSync(`${databaseFile}-wal`, 'r');
    } catch (error) {
      throw new StoreError('DATABASE_IO', `Cannot open the write-ahead log (${systemCode(error) ?? 'unknown error'})`);
    }
  }

  /** The first failed sync, after which nothing may be written or confirmed. */
  get failure(): StoreError | null {
    return this.#failure;
  }

  /** Whether a commit is not yet known to be on disk: owed a sync, being synced, or lost to a failed one. */
  get pending(): boolean {
    return this.#failure !== null || this.#owed || this.#chain !== null;
  }

  /** Notes a commit whose log has not been synced. */
  committed(): void {
    this.#owed = true;
  }

  /** Settles once every commit noted so far is on disk; null when none is waiting. */
  durable(): Promise<void> | null {
    if (this.#failure !== null) return Promise.reject(this.#failure);
    if (!this.#owed) return this.#chain;
    this.#owed = false;
    const before = this.#chain;
    const sync = this.#sync();
    // In commit order: a group is durable once its own sync and every earlier one are done.
    const done = before === null ? sync : Promise.all([before, sync]).then(() => undefined);
    this.#chain = done;
    const clear = (): void => {
      if (this.#chain === done) this.#chain = null;
    };
    done.then(clear, clear);
    return done;
  }

  /** Closes the log now, or when the syncs still running end (their answers are still owed). */
  close(): void {
    this.#closed = true;
    if (this.#running === 0) this.#release();
  }

  /**
   * fdatasync of the log; it covers every commit made before it started. The first one also syncs
   * the directory, which holds the log's name when SQLite has just created the file (as FULL would
   * on its first sync).
   */
  #sync(): Promise<void> {
    const fd = this.#fd;
    if (fd === null) return Promise.reject(new StoreError('DATABASE_CLOSED', 'Store is closed'));
    const directory = this.#directorySynced ? null : path.dirname(this.databaseFile);
    this.#running++;
    return new Promise<void>((resolve, reject) => {
      const finish = (error: NodeJS.ErrnoException | null): void => {
        this.#running--;
        if (this.#running === 0 && this.#closed) this.#release();
        if (error === null) {
          resolve();
          return;
        }
        const failure = new StoreError('DATABASE_IO', `The write-ahead log could not be synced (${systemCode(error) ?? 'unknown error'})`);
        this.#failure ??= failure;
        reject(failure);
      };
      fs.fdatasync(fd, (error) => {
        if (error !== null || directory === null) {
          finish(error);
          return;
        }
        syncDirectory(directory, (dirError) => {
          if (dirError === null) this.#directorySynced = true;
          finish(dirError);
        });
      });
    });
  }

  #release(): void {
    const fd = this.#fd;
    this.#fd = null;
    if (fd !== null) fs.close(fd, () => { /* nothing left to do with it */ });
  }
}

/** fsync of a directory, for the names of files just created in it. */
function syncDirectory(directory: string, done: (error: NodeJS.ErrnoException | null) => void): void {
  fs.open(directory, 'r', (openError, fd) => {
    if (openError !== null) {
      done(openError);
      return;
    }
    fs.fsync(fd, (syncError) => {
      fs.close(fd, () => { done(syncError); });
    });
  });
}
