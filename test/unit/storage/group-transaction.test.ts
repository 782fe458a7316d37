/**
 * The group-commit handle of SqliteStore and its cache: savepoints per request, one commit for
 * the group, and a cache that never keeps what was undone.
 * @module
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteStore } from '../../../src/storage/sqlite-store.js';
import { GroupCachingStore } from '../../../src/storage/group-caching-store.js';
import { sampleRecord } from '../../cases/object-store.case.js';

describe('group transactions on SQLite', () => {
  let dir = '';
  let file = '';
  let store: SqliteStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kms-group-'));
    file = join(dir, 'kms.db');
    store = openSqliteStore({ file, mode: 'open-or-create' });
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What another connection sees: only committed state. */
  function committed(id: string): boolean {
    const other = openSqliteStore({ file, mode: 'open-existing' });
    try {
      return other.get(id) !== undefined;
    } finally {
      other.close();
    }
  }

  it('makes the writes of every request visible to other connections only at the commit', () => {
    store.beginGroup();
    for (const id of ['a', 'b']) {
      store.markRequest();
      store.insert(sampleRecord(id));
      store.keepRequest();
    }
    assert.ok(store.inGroup);
    assert.equal(committed('a'), false, 'not visible before the commit');
    store.commitGroup();
    assert.equal(store.inGroup, false);
    assert.ok(committed('a') && committed('b'));
  });

  it('undoes one request without touching the others and says whether it had written', () => {
    store.beginGroup();
    store.markRequest();
    store.insert(sampleRecord('kept'));
    store.keepRequest();
    store.markRequest();
    store.insert(sampleRecord('undone'));
    assert.equal(store.undoRequest(), true);
    store.markRequest();
    store.get('kept');
    assert.equal(store.undoRequest(), false, 'a request that only read wrote nothing');
    store.commitGroup();
    assert.ok(committed('kept'));
    assert.equal(committed('undone'), false);
  });

  it('rolls the whole group back on abort', () => {
    store.beginGroup();
    store.markRequest();
    store.insert(sampleRecord('gone'));
    store.keepRequest();
    store.abortGroup();
    assert.equal(store.inGroup, false);
    assert.equal(store.get('gone'), undefined);
    assert.equal(committed('gone'), false);
  });

  it('leaves a scrub asked for inside the group to its owner, who runs it after the commit', () => {
    const marker = 'GROUP_SCRUB_MARKER_42';
    store.insert(sampleRecord('k', { object: marker }));
    store.beginGroup();
    store.markRequest();
    store.update(sampleRecord('k', { object: '' }));
    store.scrub();
    assert.equal(store.takeScrubRequest(), true);
    assert.equal(store.takeScrubRequest(), false, 'taken once');
    store.keepRequest();
    store.commitGroup();
    const inFiles = (): boolean => ['', '-wal'].some((s) => existsSync(file + s) && readFileSync(file + s).includes(marker));
    assert.ok(inFiles(), 'control: the old content is still in the log');
    store.scrub();
    assert.equal(inFiles(), false);
  });

  it('forgets a record the cache read after an undone write', () => {
    const cache = new GroupCachingStore(store);
    cache.beginGroup();
    cache.markRequest();
    cache.insert(sampleRecord('x'));
    assert.ok(cache.get('x'), 'read inside the request, so cached');
    assert.equal(cache.undoRequest(), true);
    assert.equal(cache.get('x'), undefined);
    cache.markRequest();
    cache.insert(sampleRecord('y'));
    assert.ok(cache.get('y'));
    cache.keepRequest();
    cache.abortGroup();
    assert.equal(cache.get('y'), undefined, 'an abandoned group leaves nothing cached');
  });
});
