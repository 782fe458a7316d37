/**
 * TLS cost for `npm run bench`: the same Encrypt over plain HTTP, over HTTPS served by uWS itself,
 * and over HTTPS with mandatory client certificates (served through the Node TLS front), all
 * driven by one Node client with keep-alive connections, so the three numbers compare like with like.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRequest, encryptRequest, parseResponse, textField, toJson } from '../test/helpers/kmip-requests.js';
import { makeTestPki } from '../test/helpers/pki.js';
import { started, stopAll } from './child-process.js';

/** One measured setup. */
export interface TlsRow {
  readonly name: string;
  readonly rps: number;
}

type Agent = http.Agent | https.Agent;

function request(base: string, agent: Agent, body: string): Promise<string> {
  const url = new URL('/kmip/2_1', base);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { text += d; });
      res.on('end', () => { if (res.statusCode === 200) resolve(text); else reject(new Error(`${String(res.statusCode)} ${text}`)); });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(base: string, agent: Agent, seconds: number, concurrency: number): Promise<number> {
  const uid = textField(parseResponse(await request(base, agent, toJson(createRequest()))), 'UniqueIdentifier');
  const body = toJson(encryptRequest(uid, new Uint8Array(64).fill(0x61)));
  let done = 0;
  let counting = false;
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      await request(base, agent, body);
      if (counting) done++;
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  await new Promise((r) => setTimeout(r, 1000)); // warm-up
  counting = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  counting = false;
  const elapsed = (performance.now() - start) / 1000;
  running = false;
  await Promise.all(loops);
  return done / elapsed;
}

async function startServer(root: string, dir: string, args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(root, 'bin/kms-server.js'), '--port', '0', '--hostname', '127.0.0.1', '--root-data-path', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return { child, port: await started(child, /listening on https?:\/\/[^:]+:(\d+)/) };
}

/** Measures the three setups one after another, each on its own fresh server. */
export async function tlsCost(root: string, dir: string, seconds: number, concurrency: number): Promise<TlsRow[]> {
  const pki = makeTestPki();
  const ca = readFileSync(pki.ca.certFile);
  const pem = ['--https-cert-file', pki.server.certFile, '--https-key-file', pki.server.keyFile];
  const setups: { name: string; args: string[]; scheme: string; agent: () => Agent }[] = [
    { name: 'HTTP', args: [], scheme: 'http', agent: () => new http.Agent({ keepAlive: true, maxSockets: concurrency }) },
    { name: 'HTTPS (uWS SSLApp)', args: pem, scheme: 'https', agent: () => new https.Agent({ keepAlive: true, maxSockets: concurrency, ca }) },
    {
      name: 'HTTPS + client certificate (front)',
      args: [...pem, '--authority-cert-file', pki.ca.certFile],
      scheme: 'https',
      agent: () => new https.Agent({ keepAlive: true, maxSockets: concurrency, ca, cert: readFileSync(pki.alice.certFile), key: readFileSync(pki.alice.keyFile) }),
    },
  ];
  const rows: TlsRow[] = [];
  try {
    await measureEach();
  } finally {
    rmSync(pki.dir, { recursive: true, force: true });
  }
  return rows;

  async function measureEach(): Promise<void> {
    for (const [i, s] of setups.entries()) {
      const { child, port } = await startServer(root, join(dir, `tls-${i}`), s.args);
      const agent = s.agent();
      try {
        rows.push({ name: s.name, rps: await load(`${s.scheme}://127.0.0.1:${port}`, agent, seconds, concurrency) });
      } finally {
        agent.destroy();
        await stopAll([child]);
      }
    }
  }
}
