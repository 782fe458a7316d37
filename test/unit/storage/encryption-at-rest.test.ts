/**
 * Proves that encrypted databases are real SQLCipher 4 files that hold no plaintext, and that
 * failed opens (wrong key, missing file, existing file, newer schema) leave the disk untouched.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3-multiple-ciphers';
import { readWithSqlcipher } from '../../helpers/sqlcipher-oracle.js';
import { SCHEMA_VERSION } from '../../../src/storage/migrations.js';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import type { OpenStoreOptions } from '../../../src/storage/sqlite-store.js';
import { sampleRecord, storeError } from '../../cases/object-store.case.js';

const MARKER = 'PLAINTEXT_MARKER_7f3a9c';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Every form a secret could take on disk: raw bytes, ASCII, and hex of either case. */
function secretForms(secret: Uint8Array | string): Buffer[] {
  const raw = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const asHex = raw.toString('hex');
  return [raw, Buffer.from(asHex, 'ascii'), Buffer.from(asHex.toUpperCase(), 'ascii')];
}

function assertAbsent(file: string, secrets: readonly (Uint8Array | string)[]): void {
  const bytes = fs.readFileSync(file);
  assert.ok(bytes.length > 0, `${path.basename(file)} is empty`);
  for (const secret of secrets) {
    for (const form of secretForms(secret)) {
      assert.equal(bytes.indexOf(form), -1, `${path.basename(file)} contains a secret`);
    }
  }
}

/** Snapshot of a directory: names and contents, to prove a failed open changed nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    out.set(name, fs.readFileSync(path.join(dir, name)).toString('base64'));
  }
  return out;
}


describe('encryption at rest', () => {
  let dir = '';
  let file = '';
  let key: Uint8Array;
  const keyLike = new Uint8Array(randomBytes(32));
  const secretObject = JSON.stringify({ marker: MARKER, keyMaterial: hex(keyLike) });

  // null opens without a key (undefined would pick up the default).
  const open = (mode: OpenStoreOptions['mode'], withKey: Uint8Array | null = key) =>
    openSqliteStore(withKey === null ? { file, mode } : { file, key: withKey, mode });

  const createWithSecret = (): void => {
    const store = open('create-new');
    store.insert(sampleRecord('secret-id', { object: secretObject, tags: ['secret-tag'] }));
    store.close();
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-enc-'));
    file = path.join(dir, '42.sqlite');
    key = new Uint8Array(randomBytes(32));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes no SQLite header and no plaintext to the file or its WAL', () => {
    const store = open('create-new');
    try {
      store.insert(sampleRecord('secret-id', { object: secretObject }));
      const wal = `${file}-wal`;
      assert.ok(fs.statSync(wal).size > 0, 'the write should still sit in the WAL');
      assertAbsent(wal, [MARKER, keyLike, key]);
      assertAbsent(file, [MARKER, keyLike, key]);
    } finally {
      store.close();
    }
    const bytes = fs.readFileSync(file);
    assert.notEqual(bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0');
    assert.equal(bytes.indexOf('SQLite format 3'), -1);
    assertAbsent(file, [MARKER, keyLike, key, 'secret-tag']);
  });

  it('finds the marker in a plain database, so the absence checks can fail', () => {
    const store = open('create-new', null);
    store.insert(sampleRecord('secret-id', { object: secretObject }));
    store.close();
    assert.throws(() => {
      assertAbsent(file, [MARKER]);
    }, assert.AssertionError);
    assert.ok(fs.readFileSync(file).subarray(0, 16).toString('latin1').startsWith('SQLite format 3'));
  });

  it('is readable by SQLCipher 4 (@journeyapps/sqlcipher) with the raw key', async () => {
    createWithSecret();
    const row = await readWithSqlcipher(file, hex(key), "SELECT id, object FROM objects WHERE id = 'secret-id'");
    assert.deepEqual({ ...(row as object) }, { id: 'secret-id', object: secretObject });
    const version = await readWithSqlcipher(file, hex(key), 'PRAGMA user_version');
    assert.deepEqual({ ...(version as object) }, { user_version: SCHEMA_VERSION });
    await assert.rejects(readWithSqlcipher(file, hex(randomBytes(32)), 'SELECT count(*) FROM objects'), /SQLITE_NOTADB/);
  });

  it('cannot be read by SQLite without the key', () => {
    createWithSecret();
    const db = new Database(file, { fileMustExist: true });
    try {
      assert.throws(() => db.prepare('SELECT count(*) FROM sqlite_master').get(), /file is not a database/);
    } finally {
      db.close();
    }
    assert.throws(() => open('open-existing', null), storeError('DATABASE_CORRUPT'));
  });

  it('rejects a wrong key with DATABASE_KEY_WRONG and leaves the directory byte-identical', () => {
    createWithSecret();
    const before = snapshot(dir);
    const wrong = new Uint8Array(randomBytes(32));
    for (const mode of ['open-existing', 'open-or-create'] as const) {
      assert.throws(
        () => open(mode, wrong),
        (error) => {
          assert.ok(storeError('DATABASE_KEY_WRONG')(error));
          assert.equal((error as Error).message, 'Database secret is wrong');
          for (const secret of [hex(wrong), hex(key)]) assert.ok(!(error as Error).message.includes(secret));
          return true;
        },
      );
      assert.deepEqual(snapshot(dir), before);
    }
    const store = open('open-existing');
    assert.equal(store.get('secret-id')?.object, secretObject);
    store.close();
  });

  it('rejects a key that is not 32 bytes without creating a file', () => {
    assert.throws(() => open('create-new', new Uint8Array(16)), RangeError);
    assert.throws(() => open('open-or-create', new Uint8Array(33)), RangeError);
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('open-existing of a missing file throws DATABASE_NOT_FOUND and creates nothing', () => {
    assert.throws(() => open('open-existing'), storeError('DATABASE_NOT_FOUND'));
    assert.deepEqual(fs.readdirSync(dir), []);
    file = path.join(dir, 'no-such-dir', '1.sqlite');
    assert.throws(() => open('open-existing'), storeError('DATABASE_NOT_FOUND'));
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('create-new over an existing file throws DATABASE_EXISTS and leaves it unchanged', () => {
    createWithSecret();
    const before = snapshot(dir);
    assert.throws(() => open('create-new'), storeError('DATABASE_EXISTS'));
    assert.throws(() => open('create-new', new Uint8Array(randomBytes(32))), storeError('DATABASE_EXISTS'));
    assert.deepEqual(snapshot(dir), before);
  });

  it('refuses a database with a newer schema version without touching it', () => {
    createWithSecret();
    const raw = new Database(file, { fileMustExist: true });
    raw.pragma("cipher = 'sqlcipher'");
    raw.pragma('legacy = 4');
    raw.pragma(`key = "x'${hex(key)}'"`);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = snapshot(dir);
    assert.throws(() => open('open-existing'), storeError('DATABASE_NEWER_SCHEMA'));
    assert.deepEqual(snapshot(dir), before);
  });

  it('creates files readable only by their owner', () => {
    createWithSecret();
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });

  it('opens with a raw key quickly (no KDF)', (t) => {
    createWithSecret();
    const started = performance.now();
    const rounds = 20;
    for (let i = 0; i < rounds; i++) open('open-existing').close();
    const perOpen = (performance.now() - started) / rounds;
    t.diagnostic(`open + key proof + configure + close: ${perOpen.toFixed(2)} ms`);
    // PBKDF2 with 256 000 rounds would take well over 100 ms.
    assert.ok(perOpen < 100, `open took ${perOpen} ms`);
  });
});
