/**
 * HTTPS and WSS clients for the TLS tests: `https.request` and `ws` with explicit trust anchors
 * and, optionally, a client certificate. Every connection is fresh (no agent) and closed after use.
 * @module
 */
import { execFile } from 'node:child_process';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import WebSocket from 'ws';

/** TLS settings of a test client. */
export interface TlsClientOptions {
  /** PEM CA the server certificate must chain to. */
  readonly ca: string;
  /** PEM client certificate (with `key`). */
  readonly cert?: string;
  readonly key?: string;
  readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
  readonly maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

/** A finished HTTPS exchange. */
export interface HttpsResult {
  readonly status: number;
  readonly text: string;
  /** The negotiated protocol, e.g. 'TLSv1.3'. */
  readonly protocol: string;
}

/** What to send. */
export interface HttpsRequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

function tlsOptions(o: TlsClientOptions): https.RequestOptions {
  return {
    ca: o.ca,
    ...(o.cert === undefined ? {} : { cert: o.cert }),
    ...(o.key === undefined ? {} : { key: o.key }),
    ...(o.minVersion === undefined ? {} : { minVersion: o.minVersion }),
    ...(o.maxVersion === undefined ? {} : { maxVersion: o.maxVersion }),
  };
}

/** Sends one HTTPS request on a new connection and reads the whole body. */
export function httpsRequest(url: string, tls: TlsClientOptions, o: HttpsRequestOptions = {}): Promise<HttpsResult> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, {
      ...tlsOptions(tls),
      method: o.method ?? 'GET',
      headers: { ...o.headers, connection: 'close' },
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = [];
      const protocol = res.socket instanceof TLSSocket ? res.socket.getProtocol() ?? '' : '';
      res.on('data', (c: Buffer) => { chunks.push(c); });
      res.on('end', () => { resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), protocol }); });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** POSTs a JSON TTLV body to `/kmip/2_1`. */
export function postKmipTls(base: string, tls: TlsClientOptions, body: string): Promise<HttpsResult> {
  return httpsRequest(`${base}/kmip/2_1`, tls, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

/** Opens a WSS connection to `/ws`; rejects when the handshake or upgrade fails. */
export function openWss(base: string, tls: TlsClientOptions): Promise<WebSocket> {
  const ws = new WebSocket(`${base.replace(/^https/, 'wss')}/ws`, tlsOptions(tls));
  return new Promise((resolve, reject) => {
    ws.once('open', () => { resolve(ws); });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => { reject(new Error(`upgrade refused: HTTP ${res.statusCode ?? 0}`)); });
  });
}

/** Sends one `{id, request}` frame and resolves with the parsed frame answering that id. */
export function wsRequest(ws: WebSocket, id: number, request: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const frame: unknown = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '');
      if (typeof frame === 'object' && frame !== null && (frame as Record<string, unknown>)['id'] === id) {
        ws.off('message', onMessage);
        resolve(frame as Record<string, unknown>);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', (code) => { reject(new Error(`closed with ${code} before answering ${id}`)); });
    ws.send(JSON.stringify({ id, request }));
  });
}

/** Closes a WebSocket and waits for the close to finish. */
export function closeWs(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    ws.once('close', () => { resolve(); });
    ws.close();
  });
}

/** What `openssl s_client` reported. */
export interface SClientResult {
  readonly ok: boolean;
  /** stdout and stderr together. */
  readonly output: string;
}

/**
 * Runs `openssl s_client` against 127.0.0.1:port with extra flags (e.g. `-tls1_1`) and an empty
 * stdin, so it handshakes and exits. Asynchronous: the server under test shares this event loop.
 */
export function sClient(port: number, args: readonly string[]): Promise<SClientResult> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], (err, stdout, stderr) => {
      resolve({ ok: err === null, output: `${stdout}\n${stderr}` });
    });
    child.stdin?.end();
  });
}
