/**
 * The shared ObjectStore suite against an unencrypted SQLite file.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs, { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import { runObjectStoreCases, sampleRecord } from '../../cases/object-store.case.js';

runObjectStoreCases('plain SQLite', (file, mode) => openSqliteStore({ file, mode }));

describe('scrub on a plain SQLite file', () => {
  it('leaves no trace of overwritten content in the database or its write-ahead log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-scrub-'));
    try {
      const file = join(dir, 'kms.db');
      const store = openSqliteStore({ file, mode: 'open-or-create' });
      const marker = 'SCRUB_MARKER_0123456789';
      store.insert(sampleRecord('k', { object: marker }));
      store.update(sampleRecord('k', { object: '' }));
      const inFiles = (): boolean => ['', '-wal'].some((s) => existsSync(file + s) && readFileSync(file + s).includes(marker));
      assert.ok(inFiles(), 'control: before scrub the old content is still on disk');
      store.scrub();
      assert.ok(!inFiles(), 'after scrub the old content is gone from every file');
      assert.equal(store.get('k')?.object, '');
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('durability settings', () => {
  it('runs in WAL mode with synchronous=FULL and secure_delete, with and without a key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-durable-'));
    try {
      for (const store of [
        openSqliteStore({ file: join(dir, 'kms.db'), mode: 'open-or-create' }),
        openSqliteStore({ file: join(dir, '1.sqlite'), mode: 'create-new', key: new Uint8Array(32).fill(3) }),
      ]) {
        // synchronous: 2 = FULL, so an acknowledged commit has reached the disk.
        assert.deepEqual(store.durability(), { journalMode: 'wal', synchronous: 2, secureDelete: 1 });
        store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('owes a sync after a group commit only, settles it off the thread, and keeps FULL outside groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-durable-'));
    try {
      const store = openSqliteStore({ file: join(dir, 'kms.db'), mode: 'open-or-create' });
      store.insert(sampleRecord('alone'));
      assert.equal(store.durable(), null, 'a write outside a group synced its own commit');
      const group = (id: string): void => {
        store.beginGroup();
        store.markRequest();
        store.insert(sampleRecord(id));
        store.keepRequest();
        store.commitGroup();
      };
      group('g1');
      assert.equal(store.durability().synchronous, 2, 'FULL again once the group committed');
      const first = store.durable();
      assert.ok(first instanceof Promise, 'the group commit waits for a sync of the log');
      assert.equal(store.durable(), first, 'asked again before it settled: the same sync');
      group('g2');
      const second = store.durable();
      assert.ok(second instanceof Promise && second !== first);
      // Closing while the syncs run keeps the log's descriptor until they end.
      store.close();
      await Promise.all([first, second]);
      const reopened = openSqliteStore({ file: join(dir, 'kms.db'), mode: 'open-existing' });
      assert.deepEqual(['alone', 'g1', 'g2'].map((id) => reopened.get(id)?.id), ['alone', 'g1', 'g2']);
      assert.equal(reopened.durable(), null);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('confirms nothing more and writes nothing more on a handle whose log failed to sync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-durable-'));
    const real = fs.fdatasync;
    try {
      const store = openSqliteStore({ file: join(dir, 'kms.db'), mode: 'open-or-create' });
      store.beginGroup();
      store.markRequest();
      store.insert(sampleRecord('lost'));
      store.keepRequest();
      store.commitGroup();
      // The disk reports an error for this sync (what EIO after a failed write-back looks like).
      fs.fdatasync = ((_fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
        const err: NodeJS.ErrnoException = new Error('injected');
        err.code = 'EIO';
        done(err);
      }) as typeof fs.fdatasync;
      await assert.rejects(async () => store.durable(), (e: unknown) => e instanceof Error && /could not be synced \(EIO\)/.test(e.message));
      fs.fdatasync = real;
      // Later syncs might succeed without the lost pages: nothing is confirmed again.
      await assert.rejects(async () => store.durable());
      assert.throws(() => { store.insert(sampleRecord('after')); }, /could not be synced/);
      store.close();
    } finally {
      fs.fdatasync = real;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
