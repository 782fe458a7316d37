/**
 * A raw KMIP socket client for the socket tests: TLS with explicit trust and an optional client
 * certificate, bytes written as given (whole, pipelined, or one byte per TLS record), and answers
 * cut from the stream by their 8-byte TTLV header.
 * @module
 */
import tls from 'node:tls';
import type { TlsClientOptions } from '../helpers/tls-client.js';

/** TLS settings of a test client (PEM text), as for the HTTPS test clients. */
export type SocketTls = TlsClientOptions;

/** How a connection ended. */
export interface Ending {
  /** The error that ended it, if one did (a TLS alert, a reset). */
  readonly error: Error | undefined;
}

/** One client connection. */
export class SocketClient {
  #buffered: Buffer = Buffer.alloc(0);
  readonly #answers: Buffer[] = [];
  #waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  #error: Error | undefined;
  #ended = false;
  readonly ending: Promise<Ending>;

  private constructor(readonly socket: tls.TLSSocket) {
    socket.on('data', (chunk: Buffer) => { this.#onData(chunk); });
    socket.on('error', (err) => { this.#error ??= err; });
    this.ending = new Promise((resolve) => {
      socket.once('close', () => {
        this.#ended = true;
        this.#waiting?.reject(this.#error ?? new Error('the server closed the connection'));
        this.#waiting = null;
        resolve({ error: this.#error });
      });
    });
  }

  /** Connects to 127.0.0.1:port without SNI; resolves once the client side of the handshake is done. */
  static connect(port: number, o: SocketTls): Promise<SocketClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port,
        ca: o.ca,
        ...(o.cert === undefined ? {} : { cert: o.cert, key: o.key }),
        ...(o.minVersion === undefined ? {} : { minVersion: o.minVersion }),
        ...(o.maxVersion === undefined ? {} : { maxVersion: o.maxVersion }),
      });
      socket.setNoDelay(true);
      const onError = (err: Error): void => { reject(err); };
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        socket.off('error', onError);
        resolve(new SocketClient(socket));
      });
    });
  }

  /** The negotiated protocol, e.g. 'TLSv1.3'. */
  get protocol(): string {
    return this.socket.getProtocol() ?? '';
  }

  /** Writes bytes and resolves once they are handed to the kernel. */
  write(bytes: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.write(bytes, (err) => { if (err) reject(err); else resolve(); });
    });
  }

  /** Writes one byte per TLS record, each after the previous one left. */
  async writeByteByByte(bytes: Uint8Array): Promise<void> {
    for (let i = 0; i < bytes.length; i++) await this.write(bytes.subarray(i, i + 1));
  }

  /** The next whole answer; rejects when the connection ends first. */
  next(): Promise<Buffer> {
    const ready = this.#answers.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#ended) return Promise.reject(this.#error ?? new Error('the server closed the connection'));
    return new Promise((resolve, reject) => { this.#waiting = { resolve, reject }; });
  }

  /** Sends a message and reads the next answer. */
  async exchange(message: Uint8Array): Promise<Buffer> {
    await this.write(message);
    return this.next();
  }

  /** Bytes received that do not form a whole answer yet. */
  get partialBytes(): number {
    return this.#buffered.length;
  }

  /** Closes and waits for the close. */
  async close(): Promise<void> {
    if (!this.#ended) this.socket.destroy();
    await this.ending;
  }

  #onData(chunk: Buffer): void {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    while (this.#buffered.length >= 8) {
      const total = 8 + this.#buffered.readUInt32BE(4);
      if (this.#buffered.length < total) break;
      const answer = Buffer.from(this.#buffered.subarray(0, total));
      this.#buffered = this.#buffered.subarray(total);
      const w = this.#waiting;
      if (w === null) this.#answers.push(answer);
      else {
        this.#waiting = null;
        w.resolve(answer);
      }
    }
  }
}

/**
 * Tries a connection that the server should refuse, and says how it ended: `connected` false when
 * the handshake itself failed (TLS 1.2); with TLS 1.3 the client finishes first and learns of the
 * refusal from the alert that follows, so a message is sent and must go unanswered.
 */
export async function refusedConnection(port: number, o: SocketTls, probe: Uint8Array): Promise<{ connected: boolean; answered: boolean }> {
  let client: SocketClient;
  try {
    client = await SocketClient.connect(port, o);
  } catch {
    return { connected: false, answered: false };
  }
  // The write may fail once the alert arrived; either way the answer must never come.
  await client.write(probe).catch(() => undefined);
  const answered = await client.next().then(() => true, () => false);
  await client.close();
  return { connected: true, answered };
}
