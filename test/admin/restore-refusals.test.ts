/**
 * A restore refuses any file that is not a sound backup of this database (truncated, damaged,
 * foreign, of the other database type, from a newer server, or opened with a wrong secret), with
 * one line and exit status 1, and the running server's data stays exactly as it was.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3-multiple-ciphers';
import { SCHEMA_VERSION } from '../../src/storage/migrations.js';
import { applyKey } from '../../src/storage/sqlite-open.js';
import { objectSecret, secretParts } from '../helpers/http-client.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { runCli, type CliResult } from './cli-runner.js';
import { createSeveralKeys, getAll, startKeyServer, type KeyServer, type Mode } from './key-fixture.js';

const PAGE = 4096;

/** Writes a small database of our own making: keyed or not, with a table and a user_version. */
function makeDatabase(file: string, keyHex: string | undefined, sql: string, userVersion: number): void {
  const db = new Database(file);
  try {
    if (keyHex !== undefined) applyKey(db, Buffer.from(keyHex, 'hex'));
    db.exec(sql);
    db.pragma(`user_version = ${userVersion}`);
  } finally {
    db.close();
  }
}

function assertOneLineFailure(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 1, `expected a failure: ${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: (backup|restore) failed: [^\n]+\n$/);
  assert.match(r.stderr, pattern);
  assert.ok(!r.stderr.includes('    at '), 'a stack trace was printed');
}

for (const mode of ['sqlite', 'sqlite-enc'] as const satisfies readonly Mode[]) {
  describe(`restore refusals (${mode})`, () => {
    let k: KeyServer;
    let dir = '';
    let good = '';
    let keys: string[] = [];
    let content = new Map<string, string>();
    const other = mode === 'sqlite' ? 'sqlite-enc' : 'sqlite';

    before(async () => {
      k = await startKeyServer(mode);
      dir = makeTempRoot();
      keys = await createSeveralKeys(k, `refusals-${mode}`);
      content = await getAll(k, keys);
      good = join(dir, 'good.backup');
      const r = await runCli(['backup', '--output', good, ...k.flags], k.env);
      assert.equal(r.status, 0, r.stderr);
    });
    after(async () => {
      await k.server.stop();
      removeDir(k.server.rootDir);
      removeDir(dir);
    });

    /** Restores `file`, expects the refusal, and checks that the live data and the file are untouched. */
    async function refused(file: string, pattern: RegExp, env = k.env): Promise<void> {
      const input = existsSync(file) ? readFileSync(file) : undefined;
      const r = await runCli(['restore', '--input', file, ...k.flags], env);
      assertOneLineFailure(r, pattern);
      assert.deepEqual(await getAll(k, keys), content);
      if (input !== undefined) assert.deepEqual(readFileSync(file), input, 'the backup file was modified');
      assert.deepEqual(readdirSync(k.server.sqlitePath).filter((f) => f.startsWith('.')), [], 'a scratch file was left behind');
    }

    function variant(name: string, bytes: Buffer): string {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      return file;
    }

    it('refuses a truncated backup', async () => {
      const bytes = readFileSync(good);
      assert.ok(bytes.length >= 4 * PAGE, `the backup has only ${bytes.length} bytes`);
      await refused(variant('half.backup', bytes.subarray(0, Math.floor(bytes.length / 2 / PAGE) * PAGE)), /damaged or truncated/);
      await refused(variant('short.backup', bytes.subarray(0, bytes.length - 100)), /truncated/);
      await refused(variant('empty.backup', Buffer.alloc(0)), /is empty/);
    });

    it('refuses a damaged backup', async () => {
      const bytes = Buffer.from(readFileSync(good));
      // The second page's header: its page type, for a plain file; its ciphertext, for an encrypted one.
      for (let i = PAGE; i < PAGE + 8; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xa5;
      await refused(variant('damaged.backup', bytes), /damaged/);
    });

    it('refuses a file that is not a backup of this server', async () => {
      const random = variant('random.backup', randomBytes(2 * PAGE));
      await refused(random, mode === 'sqlite' ? /not a plain SQLite database/ : /does not open/);
      const foreign = join(dir, 'foreign.backup');
      makeDatabase(foreign, k.keyHex, 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)', 0);
      await refused(foreign, /not a backup of this server/);
      const lookalike = join(dir, 'lookalike.backup');
      makeDatabase(lookalike, k.keyHex, 'CREATE TABLE objects (id TEXT PRIMARY KEY)', SCHEMA_VERSION);
      await refused(lookalike, /schema/);
    });

    it(`refuses a backup of the other database type (${other})`, async () => {
      const file = join(dir, 'other-type.backup');
      makeDatabase(file, mode === 'sqlite' ? randomBytes(32).toString('hex') : undefined, 'CREATE TABLE objects (id TEXT PRIMARY KEY)', SCHEMA_VERSION);
      await refused(file, mode === 'sqlite' ? /not a plain SQLite database/ : /plain SQLite file/);
    });

    it('refuses a backup written by a newer server', async () => {
      const file = join(dir, 'newer.backup');
      copyFileSync(good, file);
      makeDatabase(file, k.keyHex, 'SELECT 1', SCHEMA_VERSION + 1);
      await refused(file, /newer server/);
    });

    it('refuses a missing backup file', async () => {
      await refused(join(dir, 'no-such.backup'), /does not exist/);
    });

    if (mode === 'sqlite-enc') {
      it('refuses a wrong secret for restore and for backup, and writes nothing', async () => {
        const wrong = objectSecret(secretParts(k.secret ?? '').groupId, randomBytes(32).toString('hex'));
        await refused(good, /database secret does not open/, { KMS_DATABASE_SECRET: wrong });
        const output = join(dir, 'wrong-secret.backup');
        const r = await runCli(['backup', '--output', output, ...k.flags], { KMS_DATABASE_SECRET: wrong });
        assertOneLineFailure(r, /database secret does not open the database/);
        assert.equal(existsSync(output), false);
        assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.')), []);
        // A secret naming no database: nothing to back up.
        const nowhere = objectSecret(12345n, randomBytes(32).toString('hex'));
        assertOneLineFailure(await runCli(['backup', '--output', output, ...k.flags], { KMS_DATABASE_SECRET: nowhere }), /no database at .*12345\.sqlite/);
        assert.equal(existsSync(output), false);
      });
    }

    it('still restores the sound backup after all the refusals', async () => {
      const r = await runCli(['restore', '--input', good, ...k.flags], k.env);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(await getAll(k, keys), content);
    });
  });
}
