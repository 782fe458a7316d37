/**
 * A KMIP client over one WebSocket session (`GET /ws`): requests are pipelined, each answered by
 * its id. JSON text frames by default, msgpack binary frames on request.
 * @module
 */
import WebSocket from 'ws';
import { Packr } from 'msgpackr';
import { decodeTtlv, encodeJsonTtlv } from '../kmip/ttlv/json.js';
import { KmsRequestError } from './errors.js';
import type { KmipExchangeObserver, KmsClient } from './kms-client.js';
import type { ClientTlsOptions } from './http-transport.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';

/** How to open the session. */
export interface WebSocketClientOptions {
  /** Base URL of the server, `http://…` or `ws://…`. */
  readonly url: string;
  readonly databaseSecret?: string;
  /** A JWT or API token, sent as `Authorization: Bearer` on the upgrade. */
  readonly accessToken?: string;
  readonly tls?: ClientTlsOptions;
  /** Sees every request and its answer as JSON TTLV text. */
  readonly onExchange?: KmipExchangeObserver;
  /** Send the secret in a hello message instead of the upgrade header (as browsers must). */
  readonly helloBinding?: boolean;
  /** msgpack binary frames instead of JSON text frames. */
  readonly binary?: boolean;
  /** Milliseconds to wait for the server's ready (default 10 000). */
  readonly connectTimeoutMs?: number;
}

interface Waiter {
  readonly resolve: (s: TtlvStructure) => void;
  readonly reject: (e: KmsRequestError) => void;
}

const packr = new Packr({ useRecords: false, moreTypes: false });

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** KMIP over a WebSocket session. */
export class KmsWebSocketClient implements KmsClient {
  readonly #ws: WebSocket;
  readonly #binary: boolean;
  readonly #observe: KmipExchangeObserver | undefined;
  readonly #waiting = new Map<number, Waiter>();
  #nextId = 1;
  #closed: KmsRequestError | null = null;

  private constructor(ws: WebSocket, binary: boolean, observe: KmipExchangeObserver | undefined) {
    this.#ws = ws;
    this.#binary = binary;
    this.#observe = observe;
  }

  /** Opens and binds a session; resolves once the server said ready, rejects with the close code otherwise. */
  static connect(o: WebSocketClientOptions): Promise<KmsWebSocketClient> {
    const url = `${o.url.replace(/^http/, 'ws').replace(/\/+$/, '')}/ws`;
    const headers: Record<string, string> = {};
    if (o.databaseSecret !== undefined && o.helloBinding !== true) headers['KmsDatabaseSecret'] = o.databaseSecret;
    if (o.accessToken !== undefined) headers['Authorization'] = `Bearer ${o.accessToken}`;
    const tls = o.tls ?? {};
    const ws = new WebSocket(url, {
      headers,
      rejectUnauthorized: tls.acceptInvalidCerts !== true,
      ...(tls.ca === undefined ? {} : { ca: tls.ca }),
      ...(tls.pkcs12 === undefined ? {} : { pfx: tls.pkcs12, passphrase: tls.pkcs12Password ?? '' }),
    });
    const client = new KmsWebSocketClient(ws, o.binary === true, o.onExchange);
    return new Promise((resolve, reject) => {
      let ready = false;
      ws.on('open', () => {
        if (o.helloBinding === true && o.databaseSecret !== undefined) {
          const hello = { type: 'hello', database_secret: o.databaseSecret };
          ws.send(client.#binary ? packr.pack(hello) : JSON.stringify(hello));
        }
      });
      const timer = setTimeout(() => { ws.terminate(); }, o.connectTimeoutMs ?? 10_000);
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        let msg: Record<string, unknown>;
        try {
          msg = asObject(isBinary ? packr.unpack(data) : JSON.parse(data.toString('utf8')));
        } catch {
          ws.close(1007, 'unreadable frame'); // the close handler rejects whatever is pending
          return;
        }
        if (!ready) {
          if (msg['type'] === 'ready') {
            ready = true;
            clearTimeout(timer);
            resolve(client);
          }
          return;
        }
        client.#onAnswer(msg);
      });
      ws.on('close', (code: number, reason: Buffer) => {
        clearTimeout(timer);
        const err = new KmsRequestError(0, `Closed_${code}`, reason.toString('utf8') || 'the session closed');
        client.#closed = err;
        for (const w of client.#waiting.values()) w.reject(err);
        client.#waiting.clear();
        if (!ready) reject(err);
      });
      ws.on('error', () => undefined); // a close event always follows and carries the outcome
    });
  }

  #onAnswer(msg: Record<string, unknown>): void {
    const id = msg['id'];
    if (typeof id !== 'number') return;
    const waiter = this.#waiting.get(id);
    if (waiter === undefined) return;
    this.#waiting.delete(id);
    if ('error' in msg) {
      const e = asObject(msg['error']);
      waiter.reject(new KmsRequestError(Number(e['status']), String(e['reason']), String(e['message'])));
      return;
    }
    if (this.#observe !== undefined) this.#observe('response', JSON.stringify(msg['response']));
    try {
      const node = decodeTtlv(msg['response']);
      if (node.type !== 'Structure') throw new Error('not a Structure');
      waiter.resolve(node);
    } catch {
      waiter.reject(new KmsRequestError(0, 'Invalid_Message', 'the answer is not a JSON TTLV Structure'));
    }
  }

  kmip(request: TtlvNode): Promise<TtlvStructure> {
    if (this.#closed !== null) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    const node: unknown = JSON.parse(encodeJsonTtlv(request));
    const frame = { id, request: node };
    if (this.#observe !== undefined) this.#observe('request', JSON.stringify(node));
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#ws.send(this.#binary ? packr.pack(frame) : JSON.stringify(frame));
    });
  }

  /** Requests sent and not yet answered. */
  get pending(): number {
    return this.#waiting.size;
  }

  /** The underlying socket, for tests that need to misbehave (pause reading, send raw frames). */
  get socket(): WebSocket {
    return this.#ws;
  }

  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => { resolve(); });
      this.#ws.close(1000);
    });
  }
}
