/**
 * Starts the whole server in-process on an ephemeral port for the HTTP tests, on a temporary
 * root directory (or a given one, so a test can restart a server over the same databases), and
 * on request the KMIP socket server too (also on an ephemeral port).
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
import { makeTestPki, type TestPki } from './pki.js';

/** A running test server. */
export interface TestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234` (`https://` when TLS is on). */
  readonly url: string;
  readonly port: number;
  /** The KMIP socket server's port (`socketServer: true`), else undefined. */
  readonly socketPort: number | undefined;
  /**
   * The PKI whose files the server uses, when the helper chose them (`socketServer: true` without
   * TLS flags in `extraArgs`): `pki.server` serves, `pki.ca` verifies clients (alice, bob...).
   */
  readonly pki: TestPki | undefined;
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
  /**
   * Also start the KMIP socket server on a free port. It needs TLS: give the certificate flags and
   * `--authority-cert-file` in `extraArgs`, or let the helper use `pki` (a fresh one by default,
   * removed when the server stops). Client certificates are then required on HTTPS too.
   */
  readonly socketServer?: boolean;
  /** The PKI to serve with when `socketServer` is set and `extraArgs` has no certificate flags. */
  readonly pki?: TestPki;
}

/** Whether the flags already name the server certificate. */
function hasTlsArgs(args: readonly string[]): boolean {
  return args.some((a) => /^--https-(cert|p12)-file(=|$)/.test(a));
}

/** The flags that start the socket server, and the PKI the helper chose (made when not given). */
function socketArgs(opts: TestServerOptions): { args: string[]; pki: TestPki | undefined; ownsPki: boolean } {
  if (opts.socketServer !== true) return { args: [], pki: undefined, ownsPki: false };
  const start = ['--socket-server-start', '--socket-server-port', '0', '--socket-server-hostname', '127.0.0.1'];
  if (hasTlsArgs(opts.extraArgs ?? [])) return { args: start, pki: undefined, ownsPki: false };
  const pki = opts.pki ?? makeTestPki();
  const tls = ['--https-cert-file', pki.server.certFile, '--https-key-file', pki.server.keyFile, '--authority-cert-file', pki.ca.certFile];
  return { args: [...start, ...tls], pki, ownsPki: opts.pki === undefined };
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
  const socket = socketArgs(opts);
  const argv = [
    '--port', '0',
    '--hostname', '127.0.0.1',
    '--root-data-path', rootDir,
    '--database-type', opts.databaseType,
    ...(opts.extraArgs?.includes('--workers') === true ? [] : ['--workers', '2']),
    ...socket.args,
    ...(opts.extraArgs ?? []),
  ];
  const dropPki = (): void => { if (socket.ownsPki && socket.pki !== undefined) removeDir(socket.pki.dir); };
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
      url: `${command.config.tls === null ? 'http' : 'https'}://127.0.0.1:${running.port}`,
      port: running.port,
      socketPort: running.socketPort ?? undefined,
      pki: socket.pki,
      rootDir,
      sqlitePath: command.config.sqlitePath,
      supervisor: running.supervisor,
      sessions: running.sessions,
      // Idempotent, so a test that stopped its server early can still rely on the shared cleanup.
      stop: () => (stopped ??= running.stop().finally(dropPki)),
    };
  } catch (err) {
    if (ownsRoot) removeDir(rootDir);
    dropPki();
    throw err;
  }
}
