/**
 * Running the PyKMIP scripts of test/interop from node:test: Debian's interpreter (the only one
 * with python3-pykmip), a loud failure when PyKMIP is missing, and their JSON-lines output.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';

/** Debian's interpreter: PyKMIP is packaged for it only (and needs its Python 3.11 `ssl`). */
export const PYTHON = '/usr/bin/python3';

/** A script of test/interop, from the sources (the build copies no .py files). */
export function interopScript(name: string): string {
  return join(repoRoot(), 'test', 'interop', name);
}

/**
 * Throws unless `/usr/bin/python3` can import PyKMIP, so the interop tests fail instead of
 * skipping on a machine without it.
 */
export function assertPyKmipInstalled(): void {
  const r = spawnSync(PYTHON, ['-W', 'ignore', '-c', 'import kmip.pie.client, kmip.core.messages'], { encoding: 'utf8' });
  if (r.status !== 0) {
    const lines = r.stderr.trim().split('\n');
    const why = r.error?.message ?? lines.filter((l) => /Error/.test(l)).at(-1) ?? lines.at(-1) ?? 'unknown error';
    throw new Error(`PyKMIP is not importable by ${PYTHON} (${why}): install it with "apt-get install -y python3-pykmip" (.ci/run does this in CI)`);
  }
}

/** A finished script run. */
export interface PythonRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a script asynchronously (the server under test lives in this process, so a blocking
 * spawnSync would starve it), with `-W ignore` for PyKMIP's deprecation warnings and `-B` so the
 * scripts' imports of each other leave no __pycache__ in the sources.
 */
export function runPython(script: string, args: readonly string[], o: { readonly stdin?: string; readonly env?: Readonly<Record<string, string>> } = {}): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['-W', 'ignore', '-B', script, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...o.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => { resolve({ code, stdout, stderr }); });
    child.stdin.end(o.stdin ?? '');
  });
}

/** The JSON object of each non-empty output line; a line that is not a JSON object throws. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.trim() !== '').map((line) => {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`not a JSON object: ${line}`);
    return parsed as Record<string, unknown>;
  });
}
