/**
 * Starts the whole server in-process on an ephemeral port for the HTTP tests, on a temporary
 * root directory (or a given one, so a test can restart a server over the same databases).
 * @module
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommand } from '../../src/config/load.js';
import { createLogger, silentLogger } from '../../src/lib/logger.js';
import { testLogDir } from './secret-ledger.js';
import { startServer } from '../../src/server.js';
import type { Supervisor } from '../../src/supervisor/supervisor.js';

/** A running test server. */
export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  readonly rootDir: string;
  /** The directory holding the database files. */
  readonly sqlitePath: string;
  /** The running supervisor, for its stats. */
  readonly supervisor: Supervisor;
  /** Open WebSocket sessions. */
  readonly sessions: () => number;
  /** Stops the server (databases closed, workers gone); the root directory is kept. */
  stop(): Promise<void>;
}

/** How to start a test server. */
export interface TestServerOptions {
  readonly databaseType: 'sqlite' | 'sqlite-enc';
  /** Reuse this root directory instead of creating a fresh temporary one. */
  readonly rootDir?: string;
  /** More command-line flags, e.g. `['--max-body-size', '2k']`. */
  readonly extraArgs?: readonly string[];
}

/** Makes a fresh temporary root directory. */
export function makeTempRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kms-http-'));
}

/** Removes a directory tree; missing is fine. */
export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

let captured = 0;

/**
 * When the test runner collects logs (KMS_TEST_LOG_DIR), every server logs at debug level to a
 * file there and keeps an audit trail there too, so the last test can scan them for secrets.
 */
function captureFiles(argv: readonly string[]): { logFile: string; args: string[] } | undefined {
  const dir = testLogDir();
  if (dir === undefined) return undefined;
  const stem = path.join(dir, `server-${process.pid}-${++captured}`);
  return { logFile: `${stem}.log`, args: argv.includes('--audit-log') ? [] : ['--audit-log', `${stem}.audit.jsonl`] };
}

/** Starts a server (two workers unless told otherwise) on 127.0.0.1 and a free port. */
export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  const ownsRoot = opts.rootDir === undefined;
  const rootDir = opts.rootDir ?? makeTempRoot();
  const argv = [
    '--port', '0',
    '--hostname', '127.0.0.1',
    '--root-data-path', rootDir,
    '--database-type', opts.databaseType,
    ...(opts.extraArgs?.includes('--workers') === true ? [] : ['--workers', '2']),
    ...(opts.extraArgs ?? []),
  ];
  try {
    // An empty environment: a developer's KMS_* variables must not change what the tests run against.
    const capture = captureFiles(argv);
    const command = parseCommand(capture === undefined ? argv : [...argv, ...capture.args], {}, rootDir, 2, { defaultConfigFile: null });
    if (command.action !== 'run') throw new Error(`expected a run command, got ${command.action}`);
    const running = await startServer(
      command.config,
      capture === undefined ? silentLogger : createLogger('debug', { sink: (line) => { fs.appendFileSync(capture.logFile, line + '\n'); } }),
      undefined,
      capture === undefined ? {} : { workerLogFile: capture.logFile },
    );
    let stopped: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${running.port}`,
      port: running.port,
      rootDir,
      sqlitePath: command.config.sqlitePath,
      supervisor: running.supervisor,
      sessions: running.sessions,
      // Idempotent, so a test that stopped its server early can still rely on the shared cleanup.
      stop: () => (stopped ??= running.stop()),
    };
  } catch (err) {
    if (ownsRoot) removeDir(rootDir);
    throw err;
  }
}
