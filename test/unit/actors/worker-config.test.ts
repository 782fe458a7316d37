/**
 * The worker entry's reading of its configuration: a log file gets the worker's log lines, and
 * a malformed field stops the worker before it reports ready.
 * @module
 */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const ENTRY = new URL('../../../src/actors/worker-entry.js', import.meta.url);

function exitOf(worker: Worker): Promise<{ code: number; error: unknown }> {
  return new Promise((resolve) => {
    let error: unknown = null;
    worker.on('error', (e) => { error = e; });
    worker.on('exit', (code) => { resolve({ code, error }); });
  });
}

describe('Worker configuration', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('appends its log lines to logFile when one is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-worker-config-'));
    dirs.push(dir);
    const logFile = join(dir, 'worker.log');
    const worker = new Worker(ENTRY, {
      workerData: { sqlitePath: dir, logLevel: 'info', logFile, apiTokenId: null, privilegedUsers: ['root'], maxJsonDepth: 32, maxJsonNodes: 1000 },
    });
    const exited = exitOf(worker);
    await new Promise<void>((resolve) => { worker.once('message', () => { resolve(); }); });
    // A frame that is not a command batch makes the worker log why and exit.
    worker.postMessage(Uint8Array.of(1, 2, 3));
    const { code } = await exited;
    assert.equal(code, 70);
    assert.match(readFileSync(logFile, 'utf8'), /ERROR received a malformed command frame; exiting\n$/);
  });

  for (const [name, bad] of [
    ['a non-positive maxJsonDepth', { maxJsonDepth: 0 }],
    ['a non-list privilegedUsers', { privilegedUsers: 'root' }],
    ['a non-string apiTokenId', { apiTokenId: 7 }],
  ] as const) {
    it(`refuses to start with ${name}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kms-worker-config-'));
      dirs.push(dir);
      const worker = new Worker(ENTRY, { workerData: { sqlitePath: dir, logLevel: 'off', ...bad } });
      let ready = false;
      worker.on('message', () => { ready = true; });
      const { error } = await exitOf(worker);
      assert.ok(error instanceof Error && /valid configuration/.test(error.message));
      assert.equal(ready, false);
    });
  }
});
