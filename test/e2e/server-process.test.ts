import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { createRequest, encryptRequest, toJson } from '../helpers/kmip-requests.js';
import { recordCredential, recordSecret, testLogDir } from '../helpers/secret-ledger.js';
import { secretParts } from '../helpers/http-client.js';

const BIN = join(repoRoot(), 'bin', 'kms-server.js');
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kms-proc-'));
  dirs.push(d);
  return d;
}

after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('the kms-server process', () => {
  it('exits 2 with a clear message on an unknown flag or a bad value', () => {
    const unknown = spawnSync(process.execPath, [BIN, '--no-such-flag'], { encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /--no-such-flag/);
    const bad = spawnSync(process.execPath, [BIN, '--port', 'eighty'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--port/);
  });

  it('prints help and the effective configuration without starting', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--database-type/);
    const dir = tempDir();
    const info = spawnSync(process.execPath, [BIN, '--info', '--root-data-path', dir], { encoding: 'utf8' });
    assert.equal(info.status, 0);
    assert.ok(info.stdout.includes(dir));
    assert.ok(!existsSync(join(dir, 'sqlite-data')), '--info must not create anything');
  });

  it('logs one startup line, serves, and on SIGTERM closes every database and exits 0', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, '--port', '0', '--hostname', '127.0.0.1', '--root-data-path', dir, '--database-type', 'sqlite-enc'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const port = await new Promise<number>((resolve, reject) => {
      const onData = (d: Buffer): void => {
        log += d.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (m) resolve(Number(m[1]));
      };
      child.stderr.on('data', onData);
      child.stdout.on('data', onData);
      child.once('exit', () => { reject(new Error(`exited early: ${log}`)); });
    });
    const base = `http://127.0.0.1:${port}`;
    const secret = JSON.parse(await (await fetch(`${base}/new_database`, { method: 'POST' })).text()) as string;
    recordCredential('database-secret', secret);
    recordSecret('database-key', Buffer.from(secretParts(secret).keyHex, 'hex'));
    const created = await fetch(`${base}/kmip/2_1`, { method: 'POST', body: toJson(createRequest({ uid: 'k1' })), headers: { KmsDatabaseSecret: secret } });
    assert.equal(created.status, 200);
    const inflight = fetch(`${base}/kmip/2_1`, { method: 'POST', body: toJson(encryptRequest('k1', new Uint8Array(16))), headers: { KmsDatabaseSecret: secret } });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
    child.kill('SIGTERM');
    const answered = await inflight.then((r) => r.status, () => 'refused');
    assert.ok(answered === 200 || answered === 'refused' || answered === 503, `in-flight request got ${String(answered)}`);
    assert.equal(await exited, 0);
    const logDir = testLogDir();
    if (logDir !== undefined) writeFileSync(join(logDir, `process-${process.pid}-${String(child.pid)}.log`), log);
    assert.equal(log.split('\n').filter((l) => l.includes('listening on')).length, 1);
    assert.match(log, /stopped/);
    assert.ok(!log.includes(secret) && !log.includes(Buffer.from(secret, 'base64').toString()), 'the secret must not be logged');
    const files = readdirSync(join(dir, 'sqlite-data'));
    assert.deepEqual(files.filter((f) => f.endsWith('-wal') || f.endsWith('-shm')), [], 'databases were closed cleanly');
  });
});
