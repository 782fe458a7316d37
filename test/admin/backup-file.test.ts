/**
 * What a backup file is: an encrypted database's backup is a SQLCipher 4 file under the same key
 * (no SQLite header, no key, no plaintext; real SQLCipher and our own keyed open read it), and a
 * plain database's backup is a plain SQLite file.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readWithSqlcipher } from '../helpers/sqlcipher-oracle.js';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyKey } from '../../src/storage/sqlite-open.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { runCli } from './cli-runner.js';
import { createSeveralKeys, rawKeyBytes, startKeyServer, type KeyServer } from './key-fixture.js';

const TAG = 'backup-file-plaintext-marker';


function forms(bytes: Buffer): Buffer[] {
  const hex = bytes.toString('hex');
  return [bytes, Buffer.from(hex), Buffer.from(hex.toUpperCase()), Buffer.from(bytes.toString('base64'))];
}

describe('backup files', () => {
  const servers: KeyServer[] = [];
  const dirs: string[] = [];
  before(async () => {
    servers.push(await startKeyServer('sqlite-enc'), await startKeyServer('sqlite'));
    dirs.push(makeTempRoot(), ...servers.map((s) => s.server.rootDir));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.server.stop()));
    for (const d of dirs) removeDir(d);
  });

  it('keeps an encrypted database encrypted under its own key: no SQLite header, no key, no plaintext', async () => {
    const k = servers[0];
    assert.ok(k?.keyHex !== undefined);
    const keys = await createSeveralKeys(k, TAG);
    const material = await rawKeyBytes(k, keys[0] ?? '');
    const file = join(dirs[0] ?? '', 'enc.backup');
    const r = await runCli(['backup', '--output', file, ...k.flags], k.env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /encrypted under the database key/);

    const bytes = readFileSync(file);
    assert.ok(bytes.length >= 4096);
    assert.notDeepEqual(bytes.subarray(0, 16), Buffer.from('SQLite format 3\0', 'latin1'));
    for (const secret of [Buffer.from(k.keyHex, 'hex'), material, Buffer.from(TAG), ...keys.map((u) => Buffer.from(u))]) {
      for (const form of forms(secret)) assert.equal(bytes.indexOf(form), -1, 'the backup holds a key, key material or plaintext');
    }

    // Real SQLCipher 4 reads it with the raw key...
    assert.deepEqual(await readWithSqlcipher(file, k.keyHex, 'SELECT count(*) AS n FROM objects'), { n: keys.length });
    // ...and so does our own keyed open, which without the key finds no database.
    const ours = new Database(file, { readonly: true, fileMustExist: true });
    try {
      applyKey(ours, Buffer.from(k.keyHex, 'hex'));
      assert.equal(ours.prepare('SELECT count(*) FROM objects').pluck().get(), keys.length);
      assert.equal(ours.prepare("SELECT count(*) FROM tags WHERE tag = ?").pluck().get(TAG), 1);
    } finally {
      ours.close();
    }
    const keyless = new Database(file, { readonly: true, fileMustExist: true });
    try {
      assert.throws(() => keyless.prepare('SELECT count(*) FROM sqlite_master').get(), { code: 'SQLITE_NOTADB' });
    } finally {
      keyless.close();
    }
  });

  it('writes a plain database as a plain SQLite file and says to protect it', async () => {
    const k = servers[1];
    assert.ok(k !== undefined);
    const keys = await createSeveralKeys(k, TAG);
    const file = join(dirs[0] ?? '', 'plain.backup');
    const r = await runCli(['backup', '--output', file, ...k.flags], k.env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /plain SQLite file: protect it/);
    assert.deepEqual(readFileSync(file).subarray(0, 16), Buffer.from('SQLite format 3\0', 'latin1'));
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      assert.equal(db.prepare('SELECT count(*) FROM objects').pluck().get(), keys.length);
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  });
});
