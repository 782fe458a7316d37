/**
 * HTTP(S) requests to the server with the caller's credentials and TLS settings, on one
 * keep-alive agent. Built on node:http rather than fetch because fetch cannot take a client
 * certificate, a private CA or a PKCS#12 bundle without a second copy of undici.
 * @module
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { KmsRequestError } from './errors.js';

// An idle kept-alive socket is dropped before the server's own idle close (10 s in uWebSockets.js):
// reusing one the server has just closed fails the request with ECONNRESET, and a KMIP operation
// cannot be blindly retried. A request in flight sets its own, longer timeout.
const IDLE_SOCKET_MS = 4_000;

/** How to trust the server and, optionally, prove who we are to it. */
export interface ClientTlsOptions {
  /** PEM certificates to trust in place of the system store (the server's own or its CA). */
  readonly ca?: string | Buffer;
  /** Accept any server certificate (testing only). */
  readonly acceptInvalidCerts?: boolean;
  /** A PKCS#12 bundle holding the client certificate and key. */
  readonly pkcs12?: Buffer;
  readonly pkcs12Password?: string;
}

/** Where and as whom to connect. */
export interface HttpConnectionOptions {
  /** Base URL, e.g. `http://127.0.0.1:9998`; a trailing slash is ignored. */
  readonly url: string;
  /** The secret from `/new_database`, for servers in `sqlite-enc` mode. */
  readonly databaseSecret?: string;
  /** A JWT or API token, sent as `Authorization: Bearer`. */
  readonly accessToken?: string;
  readonly tls?: ClientTlsOptions;
  /** Milliseconds without an answer before a request fails (default 120 000). */
  readonly timeoutMs?: number;
}

/** A response read in full. */
export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

/** Sends requests to one server. */
export class HttpTransport {
  readonly #base: URL;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #agent: HttpAgent;
  readonly #https: boolean;
  readonly #timeoutMs: number;

  constructor(o: HttpConnectionOptions) {
    let base: URL;
    try {
      base = new URL(o.url.replace(/\/+$/, ''));
    } catch {
      throw new KmsRequestError(0, 'Invalid_Url', `the server URL ${JSON.stringify(o.url)} is not a URL`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new KmsRequestError(0, 'Invalid_Url', `the server URL must start with http:// or https://, got ${base.protocol}`);
    }
    this.#base = base;
    this.#https = base.protocol === 'https:';
    this.#timeoutMs = o.timeoutMs ?? 120_000;
    const headers: Record<string, string> = {};
    if (o.databaseSecret !== undefined) headers['KmsDatabaseSecret'] = o.databaseSecret;
    if (o.accessToken !== undefined) headers['Authorization'] = `Bearer ${o.accessToken}`;
    this.#headers = headers;
    const tls = o.tls ?? {};
    this.#agent = this.#https
      ? new HttpsAgent({
          keepAlive: true,
          timeout: IDLE_SOCKET_MS,
          rejectUnauthorized: tls.acceptInvalidCerts !== true,
          ...(tls.ca === undefined ? {} : { ca: tls.ca }),
          ...(tls.pkcs12 === undefined ? {} : { pfx: tls.pkcs12, passphrase: tls.pkcs12Password ?? '' }),
        })
      : new HttpAgent({ keepAlive: true, timeout: IDLE_SOCKET_MS });
  }

  /** The server's base URL. */
  get url(): string {
    return this.#base.href.replace(/\/+$/, '');
  }

  /** Sends one request and reads the whole answer; rejects with KmsRequestError (status 0) when no answer came. */
  send(method: 'GET' | 'POST', path: string, body?: string, contentType = 'application/json'): Promise<HttpAnswer> {
    const target = new URL(this.#base.pathname.replace(/\/+$/, '') + path, this.#base);
    const headers: Record<string, string> = { ...this.#headers, accept: 'application/json' };
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    if (payload !== undefined) {
      headers['content-type'] = contentType;
      headers['content-length'] = String(payload.length);
    }
    const send = this.#https ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(target, { method, headers, agent: this.#agent, timeout: this.#timeoutMs }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => { resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }); });
        res.on('error', (e: Error) => { reject(connectionError(e, this.url)); });
      });
      req.on('timeout', () => { req.destroy(new Error(`no answer within ${this.#timeoutMs} ms`)); });
      req.on('error', (e: Error) => { reject(connectionError(e, this.url)); });
      req.end(payload);
    });
  }

  /** Sends a request and reads a JSON answer; a non-200 status rejects with the server's reason and message. */
  async json(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const answer = await this.send(method, path, body === undefined ? undefined : JSON.stringify(body));
    if (answer.status !== 200) throw errorOf(answer);
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new KmsRequestError(answer.status, 'Invalid_Response', `${path} did not answer JSON`);
    }
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}

/** The error for a non-200 answer; the server writes `Reason: message` (or a bare message). */
export function errorOf(a: HttpAnswer): KmsRequestError {
  const text = a.text.trim();
  const sep = text.indexOf(': ');
  const head = sep === -1 ? '' : text.slice(0, sep);
  if (/^[A-Za-z_]+$/.test(head)) return new KmsRequestError(a.status, head, text.slice(sep + 2));
  return new KmsRequestError(a.status, a.status === 401 ? 'Unauthorized' : a.status === 403 ? 'Forbidden' : `HTTP_${a.status}`, text || `HTTP status ${a.status}`);
}

function connectionError(e: Error, url: string): KmsRequestError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'host not found' : e.message;
  return new KmsRequestError(0, 'Connection_Failed', `cannot reach ${url}: ${why}`);
}
