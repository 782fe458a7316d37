import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseCommand } from '../../src/config/load.js';
import { startServer } from '../../src/server.js';
import { silentLogger } from '../../src/lib/logger.js';
import { repoRoot } from '../helpers/repo-root.js';

const run = promisify(execFile);

/** The README's bash blocks, in order. */
function readmeBlocks(): string[] {
  const text = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  return [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

async function walk(databaseType: 'sqlite' | 'sqlite-enc', blockIndex: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'kms-readme-'));
  const config = parseCommand(['--port', '0', '--hostname', '127.0.0.1', '--root-data-path', dir, '--database-type', databaseType], {}, dir, availableParallelism());
  assert.equal(config.action, 'run');
  if (config.action !== 'run') throw new Error('unreachable');
  const server = await startServer(config.config, silentLogger);
  try {
    const block = readmeBlocks()[blockIndex] ?? '';
    assert.ok(block.includes('KMS=http://localhost:9998'), 'the walkthrough block targets the default port');
    const script = block.replace('KMS=http://localhost:9998', `KMS=http://127.0.0.1:${server.port}`);
    const { stdout } = await run('bash', ['-e', '-c', script], { cwd: dir });
    return stdout;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README curl walkthrough', () => {
  it('works verbatim against an embedded SQLite server', async () => {
    const out = await walk('sqlite', 1);
    assert.match(out, /^Hello, world!$/m);
    assert.match(out, /"LocatedItems","type":"Integer","value":1/);
    assert.match(out, /"object_id":/);
  });

  it('works verbatim against an encrypted-database server', async () => {
    const out = await walk('sqlite-enc', 2);
    assert.match(out, /^keep this secret: [A-Za-z0-9+/=]+$/m);
    assert.match(out, /^Hello, world!$/m);
    assert.match(out, /Access denied: Missing KmsDatabaseSecret header in the query \(401\)/);
  });
});
