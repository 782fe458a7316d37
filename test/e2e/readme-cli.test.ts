import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launcherPath } from '../helpers/launcher.js';
import { repoRoot } from '../helpers/repo-root.js';
import { removeDir, startTestServer } from '../helpers/test-server.js';

const run = promisify(execFile);

/** The bash blocks of the README's command-line section, in order. */
function cliBlocks(): string[] {
  const text = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const start = text.indexOf('## The `kms` command line');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Runs a block as a user would after `npm link`: `kms` on the PATH, a fresh home and working directory. */
async function walk(databaseType: 'sqlite' | 'sqlite-enc', index: number): Promise<string> {
  const server = await startTestServer({ databaseType });
  const dir = mkdtempSync(join(tmpdir(), 'kms-readme-cli-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'kms'), `#!/bin/sh\nexec "${process.execPath}" "${launcherPath('kms.js')}" "$@"\n`);
    chmodSync(join(bin, 'kms'), 0o755);
    const work = join(dir, 'work');
    mkdirSync(work);
    const block = cliBlocks()[index] ?? '';
    assert.ok(block.includes('http://localhost:9998'), 'the block targets the default port');
    const script = block.replaceAll('http://localhost:9998', server.url);
    const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', script], {
      cwd: work,
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: dir },
      maxBuffer: 16 << 20,
    });
    return stdout;
  } finally {
    await server.stop();
    removeDir(server.rootDir);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README command-line walkthrough', () => {
  it('works verbatim against an embedded SQLite server', async () => {
    const out = await walk('sqlite', 0);
    assert.match(out, /^Hello, world!$/m);
    assert.match(out, /^big\.bin: decrypted identical$/m);
    assert.match(out, /^tampered: exit 6$/m);
    assert.match(out, /^www\.pem: OK$/m);
    assert.match(out, /^Valid$/m);
    assert.match(out, /its certificates were exported to .*ca\.p12/);
  });

  it('works verbatim against an encrypted-database server', async () => {
    const out = await walk('sqlite-enc', 1);
    assert.match(out, /^Hello, world!$/m);
    assert.match(out, /saved in .*kms\.json/);
    assert.match(out, /"object_id"/);
  });
});
