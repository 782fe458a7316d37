/**
 * The PyKMIP reference server (Debian's `pykmip-server`) as the benchmark's peer: written config
 * in a scratch directory (TLS 1.2 auth suite, client certificates with EKU clientAuth required,
 * SQLite file there), started under `/usr/bin/python3`, ready once its log file says it accepts
 * connections, stopped by PID with SIGTERM.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { PYTHON } from '../test/interop/python.js';

/** The files the server needs (PEM paths). */
export interface PyKmipServerOptions {
  /** Scratch directory for its config, policies, log and database; the caller removes it. */
  readonly dir: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string;
  /** Seconds to wait for it to listen (it takes 2-3 s). */
  readonly startSeconds?: number;
}

/** A running PyKMIP server. */
export interface PyKmipServer {
  readonly port: number;
  readonly pid: number;
  /** SIGTERM, then waits for it to exit (up to ~10 s: its accept loop polls); SIGKILL after 30 s. */
  stop(): Promise<void>;
}

/** PyKMIP logs this right after `listen()` on its socket (kmip/services/server/server.py, serve()). */
const LISTENING = ' - INFO - Starting connection service';

/** A port nobody listens on now (the kernel's pick for a socket closed right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => { if (addr !== null && typeof addr === 'object') resolve(addr.port); else reject(new Error('no port')); });
    });
  });
}

function readOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Starts `pykmip-server -f <config>` on a free port of 127.0.0.1. */
export async function startPyKmipServer(o: PyKmipServerOptions): Promise<PyKmipServer> {
  const port = await freePort();
  const policies = join(o.dir, 'policies');
  mkdirSync(policies, { recursive: true });
  const config = join(o.dir, 'server.conf');
  const log = join(o.dir, 'server.log');
  // Every setting of the first block is mandatory in the file; TLS1.2 is the suite OpenSSL 3 can serve.
  writeFileSync(config, [
    '[server]',
    'hostname=127.0.0.1',
    `port=${port}`,
    `certificate_path=${o.certFile}`,
    `key_path=${o.keyFile}`,
    `ca_path=${o.caFile}`,
    'auth_suite=TLS1.2',
    `policy_path=${policies}`,
    'enable_tls_client_auth=True',
    'tls_cipher_suites=',
    'logging_level=INFO',
    `database_path=${join(o.dir, 'pykmip.db')}`,
    '',
  ].join('\n'));
  // Watch the directory before the child starts, so no line of its log goes unseen.
  const watcher = watch(o.dir);
  const child = spawn(PYTHON, ['-W', 'ignore', '/usr/bin/pykmip-server', '-f', config, '-l', log], { stdio: ['ignore', 'pipe', 'pipe'], cwd: o.dir });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { output += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { output += d; });
  const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve(); }); });
  const pid = child.pid;
  if (pid === undefined) {
    watcher.close();
    throw new Error('pykmip-server did not start');
  }
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, 'SIGTERM');
    const kill = setTimeout(() => { child.kill('SIGKILL'); }, 30_000);
    await exited;
    clearTimeout(kill);
  };
  const seconds = o.startSeconds ?? 20;
  let deadline: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const check = (): void => { if (readOr(log, '').includes(LISTENING)) resolve(); };
      watcher.on('change', check);
      watcher.once('error', reject);
      child.once('exit', (code, signal) => {
        reject(new Error(`pykmip-server exited (${String(code ?? signal)}): ${(output + readOr(log, '')).slice(-500)}`));
      });
      // One bound on the whole start, not a poll: the log's changes drive the checks.
      deadline = setTimeout(() => { reject(new Error(`pykmip-server did not listen on port ${port} within ${seconds} s`)); }, seconds * 1000);
      check();
    });
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(deadline);
    watcher.close();
  }
  return { port, pid, stop };
}
