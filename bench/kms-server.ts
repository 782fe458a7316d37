/**
 * The KMS server under test, started as its own process (bin/kms-server.js) on 127.0.0.1, and
 * the few requests the scenarios make outside the load itself: new databases, single KMIP calls,
 * its memory and its metrics.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { started, stopAll } from './child-process.js';

/** A running server. */
export interface KmsServer {
  readonly child: ChildProcess;
  readonly base: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Starts bin/kms-server.js with a store in `dataDir` (encrypted databases unless told) plus `args`. */
export async function startKms(root: string, dataDir: string, args: readonly string[] = [], type: 'sqlite' | 'sqlite-enc' = 'sqlite-enc'): Promise<KmsServer> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin/kms-server.js'), '--database-type', type, '--port', '0', '--hostname', '127.0.0.1', '--root-data-path', dataDir, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const port = await started(child, /listening on http:\/\/[^:]+:(\d+)/);
  child.stdout?.resume();
  child.stderr?.resume();
  if (child.pid === undefined) throw new Error('the server has no pid');
  return { child, base: `http://127.0.0.1:${port}`, pid: child.pid, stop: () => stopAll([child]) };
}

/** POSTs a KMIP JSON body; throws on a non-200 answer (without echoing the secret). */
export async function kmip(base: string, secret: string, body: string): Promise<string> {
  const r = await fetch(`${base}/kmip/2_1`, { method: 'POST', body, headers: { KmsDatabaseSecret: secret, 'content-type': 'application/json' } });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`KMIP request failed: ${r.status} ${text.slice(0, 200)}`);
  return text;
}

// One kept-alive connection: the probes time the server, not a connection setup or fetch's own cost.
const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** POSTs a KMIP JSON body over a kept-alive node:http connection; throws on a non-200 answer. */
export function kmipKeepAlive(base: string, secret: string, body: string): Promise<string> {
  return kmipOver(probeAgent, base, secret, body);
}

/**
 * POSTs a KMIP JSON body with node:http through `agent` (false: a connection of its own, never a
 * pooled one the server may have closed while idle); throws on a non-200 answer.
 */
export function kmipOver(agent: http.Agent | false, base: string, secret: string, body: string): Promise<string> {
  const url = new URL('/kmip/2_1', base);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { KmsDatabaseSecret: secret, 'content-type': 'application/json' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        if (res.statusCode === 200) resolve(text);
        else reject(new Error(`KMIP request failed: ${String(res.statusCode)} ${text.slice(0, 200)}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Creates an encrypted database and returns its secret. */
export async function newDatabase(base: string): Promise<string> {
  const r = await fetch(`${base}/new_database`, { method: 'POST' });
  const text = await r.text();
  if (r.status !== 200) throw new Error(`new_database failed: ${r.status}`);
  return JSON.parse(text) as string;
}

/** Resident memory of a process in bytes, from /proc/<pid>/status (all its threads). */
export function rssBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** The value of an unlabelled metric from /metrics, or NaN when absent. */
export async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const m = new RegExp(`^${name} ([^\\s]+)$`, 'm').exec(text);
  return m === null ? Number.NaN : Number(m[1]);
}

/** Runs `task` over `items` with at most `concurrency` in flight, keeping the results in order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return out;
}
