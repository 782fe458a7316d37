/**
 * Runs a launcher of bin/ (`kms-server.js`, `kms.js`) as a real process. A launcher imports
 * `../dist/...`; when the tests run from another build directory, a copy of it is put beside a
 * `dist` link to that build, so the code under test is what runs.
 * @module
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './repo-root.js';

/** A finished command. */
export interface LauncherResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** How to run it. */
export interface LauncherOptions {
  /** The whole environment besides PATH (a developer's KMS_* variables must not change what runs). */
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Extra node flags, e.g. `--import` of a probe. */
  readonly nodeArgs?: readonly string[];
  /** Milliseconds before the process is killed (default 60 000). */
  readonly timeoutMs?: number;
}

let shim: string | undefined;

/** The path of bin/<name> wired to the build these tests were compiled into. */
export function launcherPath(name: string): string {
  const bin = join(repoRoot(), 'bin', name);
  // This file is <build>/test/helpers/launcher.js.
  const build = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  if (build === join(repoRoot(), 'dist')) return bin;
  if (shim === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'kms-launcher-'));
    process.once('exit', () => { rmSync(dir, { recursive: true, force: true }); });
    mkdirSync(join(dir, 'bin'));
    symlinkSync(build, join(dir, 'dist'));
    shim = dir;
  }
  const copy = join(shim, 'bin', name);
  if (!existsSync(copy)) copyFileSync(bin, copy);
  return copy;
}

/** Runs bin/<name> with the arguments and collects its output. */
export function runLauncher(name: string, args: readonly string[], o: LauncherOptions = {}): Promise<LauncherResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(o.nodeArgs ?? []), launcherPath(name), ...args], {
      cwd: o.cwd ?? tmpdir(),
      env: { PATH: process.env['PATH'] ?? '', ...(o.env ?? {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, o.timeoutMs ?? 60_000);
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
