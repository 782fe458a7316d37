/**
 * The `access_grants` table: which operations an object's owner granted to other users (`*`
 * standing for every user). One row per (object, user), its operations a sorted JSON array.
 * Rows go with their object through ON DELETE CASCADE.
 * @module
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import type { AccessGrant, ObtainedAccess } from './object-record.js';
import { decodeText, OBJECT_STATES } from './object-row.js';
import { StoreError } from './store-error.js';

/** The user name that stands for every user. */
export const EVERY_USER = '*';

function decodeOperations(value: unknown): string[] {
  const text = decodeText(value, 'access_grants.operations');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new StoreError('DATABASE_CORRUPT', 'access_grants.operations is not JSON');
  }
  if (!Array.isArray(parsed) || !parsed.every((o): o is string => typeof o === 'string')) {
    throw new StoreError('DATABASE_CORRUPT', 'access_grants.operations is not a list of names');
  }
  return parsed;
}

function sortedUnion(...lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat())].sort();
}

function rowOf(row: unknown): Record<string, unknown> {
  if (typeof row !== 'object' || row === null) throw new StoreError('DATABASE_CORRUPT', 'unexpected row shape');
  return row as Record<string, unknown>;
}

/** Prepared statements over `access_grants`; the caller guards and translates driver errors. */
export class AccessGrantTable {
  readonly #exists: Database.Statement<[string]>;
  readonly #select: Database.Statement<[string, string]>;
  readonly #upsert: Database.Statement<[string, string, string]>;
  readonly #deleteOne: Database.Statement<[string, string]>;
  readonly #deleteAll: Database.Statement<[string]>;
  readonly #ofObject: Database.Statement<[string]>;
  readonly #rights: Database.Statement<[string, string]>;
  readonly #obtained: Database.Statement<[string, string]>;
  readonly #grantTx: Database.Transaction<(id: string, user: string, operations: readonly string[]) => void>;
  readonly #revokeTx: Database.Transaction<(id: string, user: string, operations: readonly string[]) => void>;

  constructor(db: Database.Database) {
    this.#exists = db.prepare<[string]>('SELECT 1 FROM objects WHERE id = ?').pluck();
    this.#select = db.prepare<[string, string]>('SELECT operations FROM access_grants WHERE id = ? AND user_id = ?').pluck();
    this.#upsert = db.prepare<[string, string, string]>(
      'INSERT INTO access_grants (id, user_id, operations) VALUES (?, ?, ?) ON CONFLICT (id, user_id) DO UPDATE SET operations = excluded.operations',
    );
    this.#deleteOne = db.prepare<[string, string]>('DELETE FROM access_grants WHERE id = ? AND user_id = ?');
    this.#deleteAll = db.prepare<[string]>('DELETE FROM access_grants WHERE id = ?');
    this.#ofObject = db.prepare<[string]>('SELECT user_id, operations FROM access_grants WHERE id = ? ORDER BY user_id');
    this.#rights = db.prepare<[string, string]>(`SELECT operations FROM access_grants WHERE id = ? AND user_id IN (?, '${EVERY_USER}')`).pluck();
    this.#obtained = db.prepare<[string, string]>(
      'SELECT o.id, o.owner, o.state, g.operations FROM access_grants g JOIN objects o ON o.id = g.id ' +
        `WHERE g.user_id IN (?, '${EVERY_USER}') AND o.owner <> ? ORDER BY o.created_at, o.id`,
    );
    this.#grantTx = db.transaction((id: string, user: string, operations: readonly string[]) => {
      if (this.#exists.get(id) === undefined) throw new StoreError('OBJECT_NOT_FOUND', 'No object with this id');
      const current = this.#select.get(id, user);
      const held = current === undefined ? [] : decodeOperations(current);
      this.#upsert.run(id, user, JSON.stringify(sortedUnion(held, operations)));
    });
    this.#revokeTx = db.transaction((id: string, user: string, operations: readonly string[]) => {
      const current = this.#select.get(id, user);
      if (current === undefined) return;
      const left = decodeOperations(current).filter((o) => !operations.includes(o));
      if (left.length === 0) this.#deleteOne.run(id, user);
      else this.#upsert.run(id, user, JSON.stringify(left));
    });
  }

  /** Adds operations to the user's grant. */
  grant(id: string, user: string, operations: readonly string[]): void {
    this.#grantTx.immediate(id, user, operations);
  }

  /** Removes operations from the user's grant, deleting it when none are left. */
  revoke(id: string, user: string, operations: readonly string[]): void {
    this.#revokeTx.immediate(id, user, operations);
  }

  /** Deletes every grant on the object. */
  clear(id: string): void {
    this.#deleteAll.run(id);
  }

  /** The grants on an object, by user. */
  grantsOf(id: string): AccessGrant[] {
    return this.#ofObject.all(id).map((r) => {
      const row = rowOf(r);
      return { user: decodeText(row['user_id'], 'access_grants.user_id'), operations: decodeOperations(row['operations']) };
    });
  }

  /** The user's own and `*` operations on the object. */
  rightsOf(id: string, user: string): string[] {
    return sortedUnion(...this.#rights.all(id, user).map(decodeOperations));
  }

  /** What others granted to the user, one entry per object. */
  obtainedBy(user: string): ObtainedAccess[] {
    const byId = new Map<string, ObtainedAccess>();
    for (const r of this.#obtained.all(user, user)) {
      const row = rowOf(r);
      const id = decodeText(row['id'], 'objects.id');
      const state = OBJECT_STATES.find((s) => s === row['state']);
      if (state === undefined) throw new StoreError('DATABASE_CORRUPT', 'objects.state holds an unknown state');
      const operations = decodeOperations(row['operations']);
      const seen = byId.get(id);
      byId.set(id, seen === undefined
        ? { id, owner: decodeText(row['owner'], 'objects.owner'), state, operations }
        : { ...seen, operations: sortedUnion(seen.operations, operations) });
    }
    return [...byId.values()];
  }
}
