/**
 * Runs the real server as a child process for the fault tests: start it over a root directory,
 * kill it with any signal, start it again over the same databases. The child is
 * `node bin/kms-server.js`, which always runs the `dist/` build (`npm run test:chaos` builds it
 * first), even when the test itself was compiled elsewhere.
 *
 * When the test runner collects logs (KMS_TEST_LOG_DIR), each child logs at debug level, its
 * stdout and stderr are copied to a `.log` file there and its audit trail goes to a `.jsonl` file
 * there, for the final secret scan. The server has no log-file flag: its logs are its output.
 *
 * @example
 * const server = await startServerProcess({ rootDir, databaseType: 'sqlite' });
 * await server.kill('SIGKILL');
 * const again = await restartServerProcess(server);
 * @module
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { testLogDir } from '../helpers/secret-ledger.js';

/** How to start the server process. */
export interface ServerProcessOptions {
  /** The `--root-data-path`; kept across restarts. */
  readonly rootDir: string;
  readonly databaseType: 'sqlite' | 'sqlite-enc';
  /** Worker threads (default 2). */
  readonly workers?: number;
  /** More command-line flags, e.g. `['--max-body-size', '2k']`. */
  readonly extraArgs?: readonly string[];
  /** Milliseconds to wait for the listening line before giving up (default 30 000): a guard, not a delay. */
  readonly startTimeoutMs?: number;
}

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A server child process that is listening. */
export interface ServerProcess {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly options: ServerProcessOptions;
  /** Settles once the process has exited, however it ended. */
  readonly exited: Promise<ProcessExit>;
  /** True until the process has exited. */
  running(): boolean;
  /** The last 64 KiB of its stdout and stderr, for failure messages. */
  output(): string;
  /** Sends the signal (SIGKILL unless told) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<ProcessExit>;
}

const BIN = path.join(repoRoot(), 'bin', 'kms-server.js');
const LISTENING = /listening on https?:\/\/[^\s:"]+:(\d+)/;
const TAIL_BYTES = 64 * 1024;

let started = 0;

/** The environment without the caller's KMS_* settings, which would change what the server runs with. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('KMS_') && k !== 'COSMIAN_KMS_CONF' && k !== 'NODE_TEST_CONTEXT') env[k] = v;
  }
  return env;
}

function commandLine(o: ServerProcessOptions, logStem: string | undefined): string[] {
  const extra = o.extraArgs ?? [];
  return [
    '--port', '0',
    '--hostname', '127.0.0.1',
    '--root-data-path', o.rootDir,
    '--database-type', o.databaseType,
    '--workers', String(o.workers ?? 2),
    ...(logStem === undefined || extra.includes('--log-level') ? [] : ['--log-level', 'debug']),
    ...(logStem === undefined || extra.includes('--audit-log') ? [] : ['--audit-log', `${logStem}.audit.jsonl`]),
    ...extra,
  ];
}

/** Starts the server and resolves once it answers `GET /health/live`; rejects with its output if it exits or never listens. */
export async function startServerProcess(o: ServerProcessOptions): Promise<ServerProcess> {
  const dir = testLogDir();
  const logStem = dir === undefined ? undefined : path.join(dir, `server-process-${process.pid}-${++started}`);
  const child = spawn(process.execPath, [BIN, ...commandLine(o, logStem)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
  });
  let tail = '';
  let alive = true;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
    // A process that could not be spawned never exits: count it as gone.
    child.once('error', () => {
      alive = false;
      resolve({ code: null, signal: null });
    });
  });
  const onOutput = (chunk: Buffer): void => {
    // Written at once: what a killed server managed to print must reach the log scan.
    if (logStem !== undefined) fs.appendFileSync(`${logStem}.log`, chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const port = await new Promise<number>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not listen within ${o.startTimeoutMs ?? 30_000} ms:\n${tail}`));
    }, o.startTimeoutMs ?? 30_000);
    guard.unref();
    const look = (): void => {
      const m = LISTENING.exec(tail);
      if (m?.[1] === undefined) return;
      clearTimeout(guard);
      resolve(Number(m[1]));
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    void exited.then((e) => {
      clearTimeout(guard);
      reject(new Error(`the server exited before listening (code ${String(e.code)}, signal ${String(e.signal)}):\n${tail}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const live = await fetch(`${url}/health/live`, { headers: { connection: 'close' } });
  await live.text();
  if (live.status !== 200) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`the server listens but /health/live answered ${live.status}:\n${tail}`);
  }
  if (child.pid === undefined) throw new Error('the server process has no pid');
  return {
    url,
    port,
    pid: child.pid,
    options: o,
    exited,
    running: () => alive,
    output: () => tail,
    kill: (signal: NodeJS.Signals = 'SIGKILL') => {
      if (alive) child.kill(signal);
      return exited;
    },
  };
}

/** Kills a server that still runs (with `signal`, SIGKILL unless told), then starts a new one over the same root directory and options. */
export async function restartServerProcess(previous: ServerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<ServerProcess> {
  await previous.kill(signal);
  return startServerProcess(previous.options);
}
