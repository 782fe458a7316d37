import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliFixture, runKms, type CliFixture } from './cli-fixture.js';

function oneLine(stderr: string): void {
  assert.equal(stderr.trimEnd().split('\n').length, 1, `expected one line, got: ${stderr}`);
  assert.match(stderr, /^error: /);
  assert.doesNotMatch(stderr, /\n\s+at /);
}

describe('kms: help, usage and exit statuses', () => {
  let home: string;
  before(() => { home = mkdtempSync(join(tmpdir(), 'kms-home-')); });
  after(() => { rmSync(home, { recursive: true, force: true }); });

  it('lists every command group with --help and exits 0', async () => {
    const r = await runKms(['--help'], home);
    assert.equal(r.status, 0);
    for (const word of ['new-database', 'server-version']) assert.match(r.stdout, new RegExp(word));
  });

  it('exits 2 with the help when no command is given', async () => {
    const r = await runKms([], home);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /Commands:/);
  });

  it('refuses an unknown command or option in one line with status 2', async () => {
    const unknown = await runKms(['frobnicate'], home);
    assert.equal(unknown.status, 2);
    oneLine(unknown.stderr);
    const option = await runKms(['server-version', '--bogus'], home);
    assert.equal(option.status, 2);
    oneLine(option.stderr);
    assert.match(option.stderr, /bogus/);
  });

  it('shows a command help with its options', async () => {
    const r = await runKms(['new-database', '--help'], home);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--save/);
    assert.match(r.stdout, /Global options:/);
  });

  it('exits 4 in one line when the server cannot be reached', async () => {
    const r = await runKms(['server-version', '--url', 'http://127.0.0.1:1'], home);
    assert.equal(r.status, 4);
    oneLine(r.stderr);
    assert.match(r.stderr, /cannot reach/);
  });

  it('exits 3 when the named configuration file is missing or invalid, without echoing it', async () => {
    const missing = await runKms(['server-version'], home, { env: { KMS_CLI_CONF: join(home, 'nope.json') } });
    assert.equal(missing.status, 3);
    oneLine(missing.stderr);
    const bad = join(home, 'bad.json');
    writeFileSync(bad, '{"kms_database_secret": "s3cr3t-value", oops');
    const invalid = await runKms(['server-version', '--conf', bad], home);
    assert.equal(invalid.status, 3);
    oneLine(invalid.stderr);
    assert.doesNotMatch(invalid.stderr, /s3cr3t/);
    writeFileSync(bad, JSON.stringify({ kms_server_url: 9998 }));
    const wrongType = await runKms(['server-version', '--conf', bad], home);
    assert.equal(wrongType.status, 3);
    assert.match(wrongType.stderr, /kms_server_url must be a string/);
  });
});

describe('kms: configuration and server commands', () => {
  let plain: CliFixture;
  let enc: CliFixture;
  before(async () => {
    plain = await cliFixture('sqlite');
    enc = await cliFixture('sqlite-enc');
  });
  after(async () => {
    await plain.close();
    await enc.close();
  });

  it('prints the server version as text and as JSON', async () => {
    const text = await plain.ok(['server-version']);
    assert.match(text, /\d+\.\d+\.\d+/);
    const json = (await plain.json(['server-version'])) as { version: string };
    assert.equal(json.version, text.trim());
  });

  it('reads ~/.cosmian/kms.json when nothing else names a file, and --url overrides it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kms-home-'));
    try {
      mkdirSync(join(home, '.cosmian'));
      writeFileSync(join(home, '.cosmian', 'kms.json'), JSON.stringify({ kms_server_url: `${plain.server.url}/` }));
      assert.equal((await runKms(['server-version'], home)).status, 0);
      writeFileSync(join(home, '.cosmian', 'kms.json'), JSON.stringify({ kms_server_url: 'http://127.0.0.1:1' }));
      assert.equal((await runKms(['server-version'], home)).status, 4);
      assert.equal((await runKms(['server-version', '--url', plain.server.url], home)).status, 0);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('prefers --conf over KMS_CLI_CONF', async () => {
    const other = join(plain.dir, 'other.json');
    writeFileSync(other, JSON.stringify({ kms_server_url: 'http://127.0.0.1:1' }));
    assert.equal((await plain.kms(['server-version', '--conf', other])).status, 4);
    assert.equal((await plain.kms(['server-version'])).status, 0);
  });

  it('creates an encrypted database and prints its secret once, with how to store it', async () => {
    const out = await enc.ok(['new-database']);
    const secret = out.split('\n').find((l) => /^[A-Za-z0-9+/]+=*$/.test(l.trim()) && l.length > 40)?.trim();
    assert.ok(secret !== undefined, out);
    assert.match(out, /kms_database_secret/);
    const res = await fetch(`${enc.server.url}/access/owned`, { headers: { KmsDatabaseSecret: secret } });
    assert.equal(res.status, 200);
  });

  it('saves a new secret into a new configuration file, 0600, that the next command uses', async () => {
    const conf = join(enc.dir, 'fresh', 'kms.json');
    const saved = await enc.kms(['new-database', '--save', '--conf', conf, '--url', enc.server.url]);
    assert.equal(saved.status, 0, saved.stderr);
    const written = JSON.parse(readFileSync(conf, 'utf8')) as Record<string, string>;
    assert.equal(written['kms_server_url'], enc.server.url);
    assert.ok((written['kms_database_secret'] ?? '').length > 40);
    assert.ok(!saved.stdout.includes(written['kms_database_secret'] ?? '-'), 'a saved secret is not printed');
    assert.equal(statSync(conf).mode & 0o777, 0o600);
    const res = await fetch(`${enc.server.url}/access/owned`, { headers: { KmsDatabaseSecret: written['kms_database_secret'] ?? '' } });
    assert.equal(res.status, 200);
  });

  it('keeps the other fields of an existing configuration when saving', async () => {
    const conf = join(enc.dir, 'keep.json');
    writeFileSync(conf, JSON.stringify({ kms_server_url: enc.server.url, oauth2_conf: { client_id: 'x' } }));
    assert.equal((await enc.kms(['new-database', '--save', '--conf', conf])).status, 0);
    const written = JSON.parse(readFileSync(conf, 'utf8')) as Record<string, unknown>;
    assert.deepEqual(written['oauth2_conf'], { client_id: 'x' });
    assert.equal(typeof written['kms_database_secret'], 'string');
  });

  it('reports that a plain server has no encrypted databases, with status 1', async () => {
    const r = await plain.kms(['new-database']);
    assert.equal(r.status, 1);
    oneLine(r.stderr);
  });
});
