/**
 * `npm run bench`: HTTP Encrypt throughput (AES-256-GCM, 64-byte plaintext, 64 keep-alive
 * connections, one encrypted database) beside a bare uWS echo of the same request, and the same
 * Encrypt pipelined over WebSocket sessions, in one run.
 * Needs wrk (`apt-get install wrk`). BENCH_SECONDS sets the length of each measurement (default 10).
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequest, encryptRequest, parseResponse, textField, toJson } from '../test/helpers/kmip-requests.js';
import { wsPipelined } from './ws-load.js';
import { tlsCost } from './tls-load.js';
import { started, stopAll } from './child-process.js';

const seconds = Number(process.env['BENCH_SECONDS'] ?? '10');
const connections = 64;
const WS_SESSIONS = 4;
const WS_WINDOW = 64;
const TLS_CONCURRENCY = 32;
const root = fileURLToPath(new URL('../../', import.meta.url));

interface WrkResult {
  readonly rps: number;
  readonly p50: string;
  readonly p99: string;
  readonly non2xx: number;
}

function wrk(url: string, body: string, headers: Record<string, string>, dir: string): WrkResult {
  const script = join(dir, `req-${Math.random().toString(36).slice(2)}.lua`);
  const lines = ['wrk.method = "POST"', `wrk.body = ${JSON.stringify(body)}`, 'wrk.headers["Content-Type"] = "application/json"'];
  for (const [k, v] of Object.entries(headers)) lines.push(`wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
  writeFileSync(script, lines.join('\n') + '\n');
  const run = (d: number): string => {
    const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${d}s`, '--latency', '-s', script, url], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
    return r.stdout;
  };
  run(2); // warm-up: JIT, page cache, connection setup
  const out = run(seconds);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 'NaN');
  const p50 = /^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? '?';
  const p99 = /^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '?';
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? '0');
  return { rps, p50, p99, non2xx };
}

async function post(url: string, body: string, secret: string): Promise<string> {
  const r = await fetch(url, { method: 'POST', body, headers: { KmsDatabaseSecret: secret } });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${text}`);
  return text;
}

async function main(): Promise<void> {
  if (spawnSync('wrk', ['--version']).error) {
    process.stderr.write('npm run bench needs wrk: apt-get install -y wrk\n');
    process.exitCode = 1;
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kms-bench-'));
  const children: ChildProcess[] = [];
  try {
    const echo = spawn(process.execPath, [join(root, 'dist/bench/echo-server.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(echo);
    const echoPort = await started(echo, /port=(\d+)/);

    const kms = spawn(process.execPath, [join(root, 'bin/kms-server.js'), '--database-type', 'sqlite-enc', '--port', '0', '--hostname', '127.0.0.1', '--root-data-path', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(kms);
    const kmsPort = await started(kms, /listening on http:\/\/[^:]+:(\d+)/);
    const base = `http://127.0.0.1:${kmsPort}`;
    const secret = JSON.parse(await (await fetch(`${base}/new_database`, { method: 'POST' })).text()) as string;
    const uid = textField(parseResponse(await post(`${base}/kmip/2_1`, toJson(createRequest()), secret)), 'UniqueIdentifier');
    const body = toJson(encryptRequest(uid, new Uint8Array(64).fill(0x61)));
    await post(`${base}/kmip/2_1`, body, secret);

    const echoResult = wrk(`http://127.0.0.1:${echoPort}/kmip/2_1`, body, { KmsDatabaseSecret: secret }, dir);
    const encResult = wrk(`${base}/kmip/2_1`, body, { KmsDatabaseSecret: secret }, dir);
    if (encResult.non2xx > 0) throw new Error(`${encResult.non2xx} Encrypt requests failed`);
    const ws = await wsPipelined(base, secret, body, { seconds, sessions: WS_SESSIONS, window: WS_WINDOW });
    if (ws.errors > 0) throw new Error(`${ws.errors} WebSocket Encrypt requests failed`);

    const tls = await tlsCost(root, dir, seconds, TLS_CONCURRENCY);
    const plain = tls[0]?.rps ?? Number.NaN;

    const row = (name: string, r: WrkResult): string => `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(9)} req/s   p50 ${r.p50.padStart(8)}   p99 ${r.p99.padStart(8)}`;
    process.stdout.write(
      [
        `HTTP, ${connections} keep-alive connections, ${seconds} s each, wrk -t1 (same run, same machine):`,
        row('bare uWS echo (same request)', echoResult),
        row('Encrypt AES-256-GCM, 64 B, sqlite-enc', encResult),
        `ratio Encrypt / echo: ${(encResult.rps / echoResult.rps).toFixed(3)}`,
        '',
        `WebSocket, ${WS_SESSIONS} sessions x ${WS_WINDOW} pipelined requests, ${seconds} s, Node client in the same run:`,
        `${'Encrypt AES-256-GCM, 64 B, sqlite-enc'.padEnd(34)} ${ws.rps.toFixed(0).padStart(9)} req/s`,
        `ratio WebSocket / HTTP Encrypt: ${(ws.rps / encResult.rps).toFixed(3)}`,
        '',
        `TLS cost: Encrypt, plain sqlite, ${TLS_CONCURRENCY} keep-alive connections, ${seconds} s each, Node client:`,
        ...tls.map((t) => `${t.name.padEnd(36)} ${t.rps.toFixed(0).padStart(9)} req/s   ${(t.rps / plain).toFixed(3)} of HTTP`),
        '',
      ].join('\n'),
    );
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
