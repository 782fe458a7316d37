import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { testLogDir } from '../helpers/secret-ledger.js';

const BIN = join(repoRoot(), 'bin', 'kms-server.js');
const dir = mkdtempSync(join(tmpdir(), 'kms-conf-proc-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

// The child must not pick up a configuration from the machine running the tests.
const env = { ...process.env, COSMIAN_KMS_CONF: '' };

function configFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('kms-server with a configuration file', () => {
  it('runs from the file alone and writes one JSON object per log line', async () => {
    const path = configFile('server.toml', `
[workspace]
root_data_path = ${JSON.stringify(join(dir, 'data'))}
[http]
port = 0
hostname = "127.0.0.1"
[logging]
log_format = "json"
log_level = "info"
`);
    const child = spawn(process.execPath, [BIN, '--config', path], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let log = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        log += d.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', () => { reject(new Error(`exited early: ${log}`)); });
    });
    const version = await fetch(`http://127.0.0.1:${port}/version`);
    assert.equal(version.status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code); }));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const logDir = testLogDir();
    if (logDir !== undefined) writeFileSync(join(logDir, `config-process-${String(child.pid)}.log`), log);
    const lines = log.trim().split('\n');
    assert.ok(lines.length >= 3, log);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      assert.equal(typeof entry['time'], 'string', line);
      assert.ok(['debug', 'info', 'warn', 'error'].includes(String(entry['level'])), line);
      assert.equal(typeof entry['msg'], 'string', line);
    }
    const startup = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((e) => String(e['msg']).includes('listening on'));
    assert.equal(startup?.['config_file'], path);
  });

  it('exits 2 naming the file and the key when the file is invalid', () => {
    const path = configFile('bad.toml', '[http]\nport = "eighty"\n');
    const run = spawnSync(process.execPath, [BIN, '--config', path], { encoding: 'utf8', env });
    assert.equal(run.status, 2);
    assert.ok(run.stderr.includes(path) && run.stderr.includes('[http] port'), run.stderr);
  });

  it('shows in --info that a flag overrode the file', () => {
    const path = configFile('info.toml', '[http]\nport = 9000\nhostname = "127.0.0.1"\n');
    const run = spawnSync(process.execPath, [BIN, '--info', '-c', path, '--port', '9100'], { encoding: 'utf8', env });
    assert.equal(run.status, 0, run.stderr);
    const info = JSON.parse(run.stdout) as { config_file: string; settings: Record<string, { value: unknown; from: string }> };
    assert.equal(info.config_file, path);
    assert.deepEqual(info.settings['port'], { value: 9100, from: 'flag --port' });
    assert.deepEqual(info.settings['hostname'], { value: '127.0.0.1', from: `file ${path} [http] hostname` });
  });
});
