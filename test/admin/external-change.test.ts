/**
 * How a store notices a commit made through another connection (a restore): its own writes do
 * not count, another connection's do, once, and the remembered schedule and the read cache are
 * dropped then.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CachingStore } from '../../src/storage/caching-store.js';
import { openSqliteStore, type SqliteStore } from '../../src/storage/sqlite-store.js';
import { sampleRecord } from '../cases/object-store.case.js';
import { removeDir } from '../helpers/test-server.js';

const KEY = new Uint8Array(32).fill(9);

describe('commits made through another connection', () => {
  let dir = '';
  let file = '';
  let ours: SqliteStore;
  let theirs: SqliteStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kms-external-'));
    file = join(dir, '1.sqlite');
    ours = openSqliteStore({ file, key: KEY, mode: 'create-new' });
    theirs = openSqliteStore({ file, key: KEY, mode: 'open-existing' });
  });
  afterEach(() => {
    ours.close();
    theirs.close();
    removeDir(dir);
  });

  it("are reported once, and the store's own commits never", () => {
    assert.equal(ours.changedElsewhere(), false);
    ours.insert(sampleRecord('own'));
    assert.equal(ours.changedElsewhere(), false);
    theirs.insert(sampleRecord('theirs'));
    assert.equal(ours.changedElsewhere(), true);
    assert.equal(ours.changedElsewhere(), false);
    // A read-only statement elsewhere commits nothing.
    theirs.get('own');
    assert.equal(ours.changedElsewhere(), false);
  });

  it('make the store look its schedule up again', () => {
    assert.equal(ours.nextTransitionAt(), null);
    theirs.insert(sampleRecord('scheduled', { transitionAt: 1_800_000_000_000 }));
    // Remembered from before: the other connection's insert is not seen yet...
    assert.equal(ours.nextTransitionAt(), null);
    assert.equal(ours.changedElsewhere(), true);
    // ...and is once the change was noticed.
    assert.equal(ours.nextTransitionAt(), 1_800_000_000_000);
  });

  it('leave the read cache stale until it forgets everything', () => {
    const cache = new CachingStore(ours);
    cache.insert(sampleRecord('k'));
    assert.equal(cache.get('k')?.state, 'Active');
    theirs.update(sampleRecord('k', { state: 'Deactivated' }));
    // Why the actor's host must check before each request.
    assert.equal(cache.get('k')?.state, 'Active');
    assert.equal(ours.changedElsewhere(), true);
    cache.forgetAll();
    assert.equal(cache.get('k')?.state, 'Deactivated');
  });
});
