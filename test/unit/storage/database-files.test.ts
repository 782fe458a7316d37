/**
 * Database file naming and directory housekeeping.
 * @module
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  clearDatabaseDirectory,
  databaseFileFor,
  ensureDirectory,
  PLAIN_DATABASE_FILE,
} from '../../../src/storage/database-files.js';

describe('databaseFileFor', () => {
  it('names the file after the decimal group id', () => {
    assert.equal(databaseFileFor('/var/kms', 0n), path.join('/var/kms', '0.sqlite'));
    assert.equal(databaseFileFor('/var/kms', 1234n), path.join('/var/kms', '1234.sqlite'));
  });

  it('keeps every digit of group ids above 2^53', () => {
    assert.equal(databaseFileFor('/d', 2n ** 53n + 1n), path.join('/d', '9007199254740993.sqlite'));
    assert.equal(
      databaseFileFor('/d', 2n ** 128n - 1n),
      path.join('/d', '340282366920938463463374607431768211455.sqlite'),
    );
  });

  it('rejects negative group ids and ids of 2^128 or more', () => {
    assert.throws(() => databaseFileFor('/d', -1n), RangeError);
    assert.throws(() => databaseFileFor('/d', 2n ** 128n), RangeError);
  });

  it('names the plain database kms.db', () => {
    assert.equal(PLAIN_DATABASE_FILE, 'kms.db');
  });
});

describe('clearDatabaseDirectory', () => {
  let dir = '';
  const plain = ['kms.db', 'kms.db-wal', 'kms.db-shm', 'kms.db-journal'];
  const encrypted = ['7.sqlite', '7.sqlite-wal', '7.sqlite-shm', '340282366920938463463374607431768211455.sqlite'];
  const foreign = ['notes.txt', 'kms.db.bak', 'kms.dbx', 'abc.sqlite', '7.sqlite.bak', 'x7.sqlite', 'my-kms.db'];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-files-'));
    for (const name of [...plain, ...encrypted, ...foreign]) fs.writeFileSync(path.join(dir, name), 'x');
    // A directory that looks like ours must survive too.
    fs.mkdirSync(path.join(dir, '9.sqlite'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const remaining = (): string[] => fs.readdirSync(dir).sort();

  it('deletes only kms.db and its journal files in plain mode', () => {
    clearDatabaseDirectory(dir, 'sqlite');
    assert.deepEqual(remaining(), [...encrypted, ...foreign, '9.sqlite'].sort());
  });

  it('deletes only <digits>.sqlite files and their journals in encrypted mode', () => {
    clearDatabaseDirectory(dir, 'sqlite-enc');
    assert.deepEqual(remaining(), [...plain, ...foreign, '9.sqlite'].sort());
  });

  it('accepts a directory that does not exist', () => {
    assert.doesNotThrow(() => {
      clearDatabaseDirectory(path.join(dir, 'absent'), 'sqlite-enc');
    });
  });
});

describe('ensureDirectory', () => {
  let dir = '';

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-dirs-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates missing parents with owner-only permissions and is idempotent', () => {
    const target = path.join(dir, 'a', 'b');
    ensureDirectory(target);
    ensureDirectory(target);
    assert.ok(fs.statSync(target).isDirectory());
    assert.equal(fs.statSync(target).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dir, 'a')).mode & 0o777, 0o700);
  });
});
