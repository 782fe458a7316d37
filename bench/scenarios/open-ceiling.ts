/**
 * The activation ceiling: opening an encrypted database as an actor does (raw SQLCipher key, the
 * schema check, WAL and durability settings, the statements every request needs), reading the
 * schema, and closing it again, in a tight loop on one core over many databases. Under random load
 * over more databases than open actors, nearly every request pays one open and one close, so this
 * rate times the cores bounds the many-database throughput.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomKeyBytes } from '../../src/crypto/random.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { logFigure, loopRuns, toFigure, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

const DATABASES = 200;

/** Opens, reads and closes each database once. */
function openEach(files: readonly { file: string; key: Uint8Array }[]): number {
  for (const { file, key } of files) {
    const store = openSqliteStore({ file, key, mode: 'open-existing' });
    store.get('absent');
    store.close();
  }
  return files.length;
}

/** `ceiling.open`: encrypted databases opened, read and closed per second on one core. */
export function openCeiling(ctx: BenchContext): Figure {
  ctx.log('SQLCipher open + read + close loop');
  const dir = join(ctx.dir, 'open-ceiling');
  mkdirSync(dir, { recursive: true });
  const files = Array.from({ length: DATABASES }, (_, i) => {
    const file = join(dir, `${i}.db`);
    const key = randomKeyBytes(32);
    openSqliteStore({ file, key, mode: 'create-new' }).close();
    return { file, key };
  });
  const runs = loopRuns(ctx, () => openEach(files));
  return logFigure(ctx, toFigure({ id: 'ceiling.open', scenario: 'Ceilings', name: 'SQLCipher database open + read + close, one core', unit: 'opens/s' }, runs));
}
