/**
 * The shared ObjectStore suite against the read cache over an encrypted file, plus what
 * only the cache can get wrong: staleness after writes and after a rolled-back transaction.
 * @module
 */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CachingStore } from '../../../src/storage/caching-store.js';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import { runObjectStoreCases, sampleRecord } from '../../cases/object-store.case.js';

const KEY = randomBytes(32);
runObjectStoreCases('read cache', (file, mode) => new CachingStore(openSqliteStore({ file, mode, key: KEY }), 2));

describe('CachingStore', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  function open(): { cached: CachingStore; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'kms-cache-'));
    dirs.push(dir);
    const file = join(dir, 'kms.db');
    return { cached: new CachingStore(openSqliteStore({ file, mode: 'open-or-create' }), 8), file };
  }

  it('serves the latest write, not a stale copy', () => {
    const { cached } = open();
    cached.insert(sampleRecord('a'));
    assert.equal(cached.get('a')?.state, 'Active');
    cached.update({ ...sampleRecord('a'), state: 'Deactivated' });
    assert.equal(cached.get('a')?.state, 'Deactivated');
    cached.delete('a');
    assert.equal(cached.get('a'), undefined);
    cached.close();
  });

  it('forgets writes of a transaction that rolled back', () => {
    const { cached, file } = open();
    cached.insert(sampleRecord('b'));
    assert.throws(() => cached.transaction(() => {
      cached.update({ ...sampleRecord('b'), state: 'Compromised' });
      throw new Error('abort');
    }));
    assert.equal(cached.get('b')?.state, 'Active');
    cached.close();
    const reopened = openSqliteStore({ file, mode: 'open-existing' });
    assert.equal(reopened.get('b')?.state, 'Active');
    reopened.close();
  });
});
