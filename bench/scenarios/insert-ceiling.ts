/**
 * The storage cost of Create: rows of the size a Create writes (an identifier as the server makes
 * them, 513 characters of key object and 858 of attributes) inserted through the store the actors
 * use, 32 to a transaction as group commit gathers them at 32 clients, each commit synced
 * (synchronous=FULL) on the loop's own thread, in a tight loop on one core; plain SQLite and
 * SQLCipher. The server syncs a group's log on a pool thread while its actor goes on with the next
 * group, so it can overlap what this loop does one after the other.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomKeyBytes, randomUuid } from '../../src/crypto/random.js';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite-store.js';
import { logFigure, loopRuns, toFigure, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** Rows per transaction: one group at 32 clients. */
export const ROWS_PER_COMMIT = 32;

// The sizes of the key object and attributes a Create of an AES-256 key stores.
const OBJECT = 'o'.repeat(513);
const ATTRIBUTES = 'a'.repeat(858);

/** One transaction of ROWS_PER_COMMIT Create-sized rows. */
function insertGroup(store: SqliteStore): number {
  store.transaction(() => {
    for (let i = 0; i < ROWS_PER_COMMIT; i++) {
      store.insert({
        id: randomUuid(), objectType: 'SymmetricKey', state: 'Active', owner: 'bench', cryptographicAlgorithm: 'AES',
        cryptographicLength: 256, keyFormatType: 'Raw', object: OBJECT, attributes: ATTRIBUTES, tags: [], createdAt: Date.now(), updatedAt: Date.now(),
      });
    }
  });
  return ROWS_PER_COMMIT;
}

/** `ceiling.insert.plain` and `ceiling.insert.encrypted`: durable rows per second on one core. */
export function insertCeiling(ctx: BenchContext): Figure[] {
  ctx.log('durable insert loop');
  const dir = join(ctx.dir, 'insert-ceiling');
  mkdirSync(dir, { recursive: true });
  return (['plain', 'encrypted'] as const).map((kind) => {
    const key = kind === 'encrypted' ? { key: randomKeyBytes(32) } : {};
    const store = openSqliteStore({ file: join(dir, `${kind}.db`), mode: 'create-new', ...key });
    try {
      const runs = loopRuns(ctx, () => insertGroup(store));
      const name = `${kind === 'plain' ? 'SQLite' : 'SQLCipher'} durable insert (commit and sync on one thread), ${ROWS_PER_COMMIT} rows per commit, one core`;
      return logFigure(ctx, toFigure({ id: `ceiling.insert.${kind}`, scenario: 'Ceilings', name, unit: 'rows/s' }, runs));
    } finally {
      store.close();
    }
  });
}
