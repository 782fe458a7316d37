/**
 * The backup and restore command lines: help, usage errors (exit 2, one line), where the database
 * secret comes from and that no output ever shows it, and an existing backup kept unless --force.
 * These need a database file but no running server.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { cosmianArraySecret, objectSecret } from '../helpers/http-client.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { runCli, type CliResult } from './cli-runner.js';

const GROUP = 987654321987654321987654321n;

function assertUsage(r: CliResult, pattern: RegExp): void {
  assert.equal(r.status, 2, `expected a usage error: ${r.stdout}${r.stderr}`);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: [^\n]+\nRun "kms-server (backup|restore) --help" for the options\.\n$/);
  assert.match(r.stderr, pattern);
}

describe('the backup and restore command lines', () => {
  let root = '';
  let out = '';
  let plainFlags: string[] = [];
  let encFlags: string[] = [];
  const key = randomBytes(32);
  const secret = objectSecret(GROUP, key.toString('hex'));
  /** Every form the secret or key could be printed in. */
  const secretForms = [secret, Buffer.from(secret, 'base64').toString('utf8'), key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64')];
  const printed: string[] = [];

  async function cli(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
    const r = await runCli(args, env);
    printed.push(r.stdout, r.stderr);
    return r;
  }

  before(() => {
    root = makeTempRoot();
    out = join(root, 'out');
    mkdirSync(out);
    const data = join(root, 'sqlite-data');
    mkdirSync(data);
    openSqliteStore({ file: join(data, 'kms.db'), mode: 'create-new' }).close();
    openSqliteStore({ file: join(data, `${GROUP.toString(10)}.sqlite`), key: Uint8Array.from(key), mode: 'create-new' }).close();
    plainFlags = ['--database-type', 'sqlite', '--root-data-path', root];
    encFlags = ['--database-type', 'sqlite-enc', '--root-data-path', root];
  });
  after(() => {
    removeDir(root);
  });

  it('prints its usage with --help: the secret belongs in KMS_DATABASE_SECRET or a file, and plain backups need protecting', async () => {
    for (const command of ['backup', 'restore']) {
      const r = await cli([command, '--help']);
      assert.equal(r.status, 0);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /kms-server backup --output FILE/);
      assert.match(r.stdout, /kms-server restore --input FILE/);
      assert.match(r.stdout, /KMS_DATABASE_SECRET/);
      assert.match(r.stdout, /--database-secret-file FILE/);
      assert.match(r.stdout, /`ps`/);
      assert.match(r.stdout, /plain SQLite file/);
    }
  });

  it('exits 2 with one line for a malformed command line', async () => {
    assertUsage(await cli(['backup', ...plainFlags]), /backup needs --output FILE/);
    assertUsage(await cli(['restore', ...plainFlags]), /restore needs --input FILE/);
    assertUsage(await cli(['backup', '--output']), /--output: missing value/);
    assertUsage(await cli(['backup', '--output', 'a', '--output', 'b']), /given more than once/);
    assertUsage(await cli(['restore', '--output', 'x', ...plainFlags]), /--output is not a restore flag/);
    assertUsage(await cli(['restore', '--input', 'x', '--force', ...plainFlags]), /--force is not a restore flag/);
    assertUsage(await cli(['backup', '--output', 'x', '--no-such-flag']), /--no-such-flag: unknown flag/);
    assertUsage(await cli(['backup', '--output', 'x', '--database-type', 'postgresql']), /--database-type/);
    assertUsage(await cli(['backup', '--output', 'x', ...encFlags]), /sqlite-enc needs the database secret: set KMS_DATABASE_SECRET or give --database-secret-file FILE/);
    assertUsage(await cli(['backup', '--output', 'x', ...plainFlags], { KMS_DATABASE_SECRET: secret }), /KMS_DATABASE_SECRET: a database secret is given but the database type is sqlite/);
    assertUsage(await cli(['backup', '--output', 'x', ...encFlags, '--database-secret-file', join(root, 'missing')]), /--database-secret-file: cannot read .*missing \(ENOENT\)/);
    assertUsage(await cli(['backup', '--output', 'x', ...encFlags, '--database-secret-file', 'f', '--database-secret', secret]), /give the database secret once/);
    assert.deepEqual(readdirSync(out), [], 'nothing was written');
  });

  it('does not repeat a malformed secret in its error', async () => {
    const malformed = [
      Buffer.from('{"group_id":1,"key":"not-hex-MALFORMED-MARKER"}').toString('base64'),
      'MALFORMED-MARKER-not-base64!',
      Buffer.from(`{"group_id":${'9'.repeat(40)},"key":"${key.toString('hex')}"}`).toString('base64'),
    ];
    for (const value of malformed) {
      const r = await cli(['backup', '--output', join(out, 'm'), ...encFlags], { KMS_DATABASE_SECRET: value });
      assertUsage(r, /KMS_DATABASE_SECRET: the database secret cannot be read/);
      assert.ok(!r.stderr.includes('MARKER') && !r.stderr.includes(value) && !r.stderr.includes(key.toString('hex')), r.stderr);
    }
  });

  it('takes the secret from KMS_DATABASE_SECRET, a file (as /new_database answered it) or the flag, in either secret form', async () => {
    const file = join(root, 'secret.txt');
    writeFileSync(file, `"${secret}"\n`, { mode: 0o600 });
    const ways: [string, readonly string[], Readonly<Record<string, string>>][] = [
      ['env', [], { KMS_DATABASE_SECRET: secret }],
      ['file', ['--database-secret-file', file], {}],
      ['flag', [`--database-secret=${cosmianArraySecret(GROUP, key)}`], {}],
    ];
    for (const [name, extra, env] of ways) {
      const output = join(out, `${name}.backup`);
      const r = await cli(['backup', '--output', output, ...encFlags, ...extra], env);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /: 0 objects, \d+ bytes, encrypted under the database key/);
      const restored = await cli(['restore', '--input', output, ...encFlags, ...extra], env);
      assert.equal(restored.status, 0, restored.stderr);
    }
  });

  it('refuses to overwrite an existing backup unless --force, and writes it owner-only', async () => {
    const output = join(out, 'existing.backup');
    writeFileSync(output, 'precious');
    const r = await cli(['backup', '--output', output, ...plainFlags]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: backup failed: .*existing\.backup already exists \(give --force to replace it\)\n$/);
    assert.equal(readFileSync(output, 'utf8'), 'precious');
    const forced = await cli(['backup', '--output', output, '--force', ...plainFlags]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.deepEqual(readFileSync(output).subarray(0, 15), Buffer.from('SQLite format 3'));
    assert.equal(statSync(output).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(out).filter((f) => f.startsWith('.')), [], 'no partial file was left');
  });

  it('refuses to write the backup over the database itself, or to restore the database from itself', async () => {
    const database = join(root, 'sqlite-data', 'kms.db');
    const before = readFileSync(database);
    for (const target of [database, `${database}-wal`]) {
      const r = await cli(['backup', '--output', target, '--force', ...plainFlags]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /^error: backup failed: .* is the database itself: write the backup elsewhere\n$/);
    }
    const r = await cli(['restore', '--input', database, ...plainFlags]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: restore failed: .* is the database itself, not a backup of it\n$/);
    assert.deepEqual(readFileSync(database), before);
  });

  it('fails with one line when the output directory is missing, leaving nothing behind', async () => {
    const r = await cli(['backup', '--output', join(root, 'no-such-dir', 'x.backup'), ...plainFlags]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^error: backup failed: the directory .*no-such-dir does not exist\n$/);
    assert.equal(existsSync(join(root, 'no-such-dir')), false);
  });

  it('never prints the database secret or key', () => {
    const all = printed.join('\n');
    assert.ok(all.length > 0);
    for (const form of secretForms) assert.ok(!all.includes(form), 'the secret or key was printed');
  });
});
