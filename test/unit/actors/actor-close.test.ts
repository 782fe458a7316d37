import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsActor } from '../../../src/actors/actor.js';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import { StoreError } from '../../../src/storage/store-error.js';
import { silentLogger } from '../../../src/lib/logger.js';

describe('KmsActor.close', () => {
  it('closes the database handle and wipes the database key it held', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-close-'));
    try {
      const key = new Uint8Array(32).fill(0xa5);
      const store = openSqliteStore({ file: join(dir, '1.sqlite'), key: Uint8Array.from(key), mode: 'create-new' });
      const actor = new KmsActor('1', store, key, silentLogger);
      actor.close();
      assert.ok(key.every((b) => b === 0), 'the key bytes are zeroed');
      assert.throws(() => store.get('x'), (e: unknown) => e instanceof StoreError && e.code === 'DATABASE_CLOSED');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
