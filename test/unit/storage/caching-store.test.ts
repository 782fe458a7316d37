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

  it('sees every grant change after rights were cached: grant, revoke, the * row, clear and delete', () => {
    const { cached } = open();
    cached.insert(sampleRecord('k'));
    assert.deepEqual(cached.rightsOf('k', 'bob'), []);
    cached.grant('k', 'bob', ['encrypt']);
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['encrypt']);
    cached.grant('k', '*', ['get']);
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['encrypt', 'get']);
    cached.revokeGrant('k', 'bob', ['encrypt']);
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['get']);
    cached.revokeGrant('k', '*', ['get']);
    assert.deepEqual(cached.rightsOf('k', 'bob'), []);
    cached.grant('k', 'bob', ['decrypt']);
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['decrypt']);
    cached.clearGrants('k');
    assert.deepEqual(cached.rightsOf('k', 'bob'), []);
    cached.grant('k', 'bob', ['sign']);
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['sign']);
    // A new object under the same id starts without the old one's grants.
    cached.delete('k');
    cached.insert(sampleRecord('k'));
    assert.deepEqual(cached.rightsOf('k', 'bob'), []);
    cached.close();
  });

  it('keeps rights of (id, user) pairs apart whatever characters they hold', () => {
    const { cached } = open();
    // Joined with NUL these two pairs would spell the same key.
    cached.insert(sampleRecord('a\u0000b'));
    cached.insert(sampleRecord('a'));
    cached.grant('a\u0000b', 'c', ['get']);
    assert.deepEqual(cached.rightsOf('a\u0000b', 'c'), ['get']);
    assert.deepEqual(cached.rightsOf('a', 'b\u0000c'), []);
    cached.grant('a', 'b\u0000c', ['encrypt']);
    assert.deepEqual(cached.rightsOf('a', 'b\u0000c'), ['encrypt']);
    assert.deepEqual(cached.rightsOf('a\u0000b', 'c'), ['get']);
    cached.close();
  });

  it('hands out copies: a caller changing the answer does not change the cache', () => {
    const { cached } = open();
    cached.insert(sampleRecord('k'));
    cached.grant('k', 'bob', ['get']);
    cached.rightsOf('k', 'bob').push('destroy');
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['get']);
    cached.rightsOf('k', 'bob').push('destroy');
    assert.deepEqual(cached.rightsOf('k', 'bob'), ['get']);
    cached.close();
  });
});
