import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MemoryReport } from './memory-child.js';

const MB = 1024 * 1024;

function runChild(dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'memory-child.js'), dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
  });
}

describe('envelope memory use', () => {
  let dir = '';
  before(() => { dir = mkdtempSync(join(tmpdir(), 'kms-envelope-memory-')); });
  after(() => { rmSync(dir, { recursive: true, force: true }); });

  it('encrypts and decrypts a 200 MB file with peak RSS under 100 MB', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runChild(dir);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as MemoryReport;
    assert.equal(report.inputBytes, 200 * MB);
    // 64 KiB segments: 3200 tags of 16 bytes, plus the header.
    assert.ok(report.envelopeBytes > 200 * MB + 3200 * 16 && report.envelopeBytes < 200 * MB + 3200 * 16 + 200);
    assert.equal(report.outputBytes, 200 * MB);
    assert.equal(report.sameContent, true);
    assert.equal(report.lastProgress, report.envelopeBytes);
    assert.ok(report.maxRssBytes < 100 * MB, `peak RSS ${(report.maxRssBytes / MB).toFixed(1)} MB`);
  });
});
