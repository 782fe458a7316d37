/**
 * The schema: versioning through user_version, idempotent migration, and the cascades the
 * access-control feature will rely on.
 * @module
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate, MIGRATIONS, readSchemaVersion, SCHEMA_VERSION } from '../../../src/storage/migrations.js';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import type { SqliteStore } from '../../../src/storage/sqlite-store.js';
import { sampleRecord, storeError } from '../../cases/object-store.case.js';

describe('schema migrations', () => {
  let dir = '';
  let file = '';

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-migrate-'));
    file = path.join(dir, 'kms.db');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A second, raw handle on the store's file, with foreign keys on like the store's own. */
  const rawHandle = (): Database.Database => {
    const db = new Database(file, { fileMustExist: true });
    db.pragma('foreign_keys = ON');
    return db;
  };

  const withStore = (fn: (store: SqliteStore) => void): void => {
    const store = openSqliteStore({ file, mode: 'open-or-create' });
    try {
      fn(store);
    } finally {
      store.close();
    }
  };

  it('numbers migrations 1..n in order', () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      MIGRATIONS.map((_, i) => i + 1),
    );
    assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
  });

  it('brings a new database to the current version and re-running changes nothing', () => {
    withStore(() => undefined);
    const db = rawHandle();
    try {
      assert.equal(readSchemaVersion(db), SCHEMA_VERSION);
      migrate(db);
      assert.equal(readSchemaVersion(db), SCHEMA_VERSION);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      assert.deepEqual(tables, ['access_grants', 'objects', 'tags']);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    } finally {
      db.close();
    }
  });

  it('deletes access grants with their object, and keeps them across update', () => {
    withStore((store) => {
      store.insert(sampleRecord('g'));
      store.insert(sampleRecord('other'));
    });
    const db = rawHandle();
    const grant = db.prepare('INSERT INTO access_grants (id, user_id, operations) VALUES (?, ?, ?)');
    grant.run('g', 'bob', '["Get","Encrypt"]');
    grant.run('other', 'bob', '["Get"]');
    db.close();
    const grants = (): unknown[] => {
      const reader = rawHandle();
      try {
        return reader.prepare('SELECT id FROM access_grants ORDER BY id').pluck().all();
      } finally {
        reader.close();
      }
    };
    withStore((store) => {
      store.update(sampleRecord('g', { state: 'Deactivated' }));
    });
    assert.deepEqual(grants(), ['g', 'other']);
    withStore((store) => {
      assert.equal(store.delete('g'), true);
    });
    assert.deepEqual(grants(), ['other']);
  });

  it('requires grant operations to be JSON', () => {
    withStore((store) => {
      store.insert(sampleRecord('j'));
    });
    const db = rawHandle();
    try {
      assert.throws(() => db.prepare("INSERT INTO access_grants VALUES ('j', 'bob', 'not json')").run(), /CHECK/);
    } finally {
      db.close();
    }
  });

  it('refuses a plain database with a newer schema and leaves it as it was', () => {
    withStore(() => undefined);
    const db = rawHandle();
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(file);
    assert.throws(() => openSqliteStore({ file, mode: 'open-existing' }), storeError('DATABASE_NEWER_SCHEMA'));
    assert.deepEqual(fs.readFileSync(file), before);
    assert.deepEqual(fs.readdirSync(dir), ['kms.db']);
  });
});
