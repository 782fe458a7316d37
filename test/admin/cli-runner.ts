/**
 * Runs `kms-server backup|restore` as a real process through the real launcher. The launcher
 * imports `../dist/...`; when these tests run from another build directory, a copy of it is put
 * beside a `dist` link to that build, so the code under test is what runs.
 * @module
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../helpers/repo-root.js';

/** A finished command. */
export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let launcher: string | undefined;

function launcherPath(): string {
  if (launcher !== undefined) return launcher;
  const bin = join(repoRoot(), 'bin', 'kms-server.js');
  // This file is <build>/test/admin/cli-runner.js.
  const build = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  if (build === join(repoRoot(), 'dist')) {
    launcher = bin;
    return launcher;
  }
  const shim = mkdtempSync(join(tmpdir(), 'kms-launcher-'));
  process.once('exit', () => { rmSync(shim, { recursive: true, force: true }); });
  mkdirSync(join(shim, 'bin'));
  copyFileSync(bin, join(shim, 'bin', 'kms-server.js'));
  symlinkSync(build, join(shim, 'dist'));
  launcher = join(shim, 'bin', 'kms-server.js');
  return launcher;
}

/**
 * Runs the launcher with the arguments, in an environment holding only PATH and `env` (a
 * developer's KMS_* variables must not change what runs), and collects its output.
 */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd = tmpdir()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcherPath(), ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, 60_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
