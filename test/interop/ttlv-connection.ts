/**
 * A binary KMIP client connection over mutually authenticated TLS, framed the way every KMIP
 * client frames it: one TTLV Structure per message, its length in bytes 4-7 of the 8-byte header.
 * Requests are answered in order; the interop tests and the PyKMIP benchmark send one at a time.
 * @module
 */
import tls from 'node:tls';

/** Where to connect and with which certificates (PEM text). */
export interface TtlvConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  /** Refuse an answer larger than this many bytes (default 16 MiB). */
  readonly maxMessageBytes?: number;
}

interface Pending {
  readonly resolve: (message: Buffer) => void;
  readonly reject: (err: Error) => void;
}

/** One TLS connection speaking binary TTLV. */
export class TtlvConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];
  private failure: Error | undefined;

  private constructor(private readonly socket: tls.TLSSocket, private readonly maxMessageBytes: number) {
    socket.on('data', (chunk: Buffer) => { this.onData(chunk); });
    socket.on('error', (err: Error) => { this.fail(err); });
    socket.on('close', () => { this.fail(new Error('the server closed the connection')); });
  }

  /** Connects and completes the handshake (no SNI for an IP address, as PyKMIP does). */
  static open(o: TtlvConnectionOptions): Promise<TtlvConnection> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: o.host, port: o.port, ca: o.ca, cert: o.cert, key: o.key });
      socket.setNoDelay(true);
      const onError = (err: Error): void => { reject(err); };
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        socket.off('error', onError);
        resolve(new TtlvConnection(socket, o.maxMessageBytes ?? 16 * 1024 * 1024));
      });
    });
  }

  /** Sends one whole request message and resolves with the next whole response message. */
  request(message: Uint8Array): Promise<Buffer> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.write(message);
    });
  }

  /**
   * Closes the connection; pending requests fail. Sends close_notify and FIN, then resolves on
   * 'close'. The socket is destroyed as soon as the peer has finished too, so a peer that answers
   * the FIN but leaves its end half open cannot hold the caller.
   */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.closed) {
        resolve();
        return;
      }
      this.socket.once('close', () => { resolve(); });
      if (this.socket.readableEnded) {
        this.socket.destroy();
        return;
      }
      this.socket.once('end', () => { this.socket.destroy(); });
      this.socket.end();
    });
  }

  private onData(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 8) {
      const total = 8 + this.buffered.readUInt32BE(4);
      if (total > this.maxMessageBytes) {
        this.fail(new Error(`an answer of ${total} bytes is over the limit`));
        this.socket.destroy();
        return;
      }
      if (this.buffered.length < total) return;
      const message = this.buffered.subarray(0, total);
      this.buffered = this.buffered.subarray(total);
      const next = this.pending.shift();
      if (next === undefined) {
        this.fail(new Error('an answer arrived with no request waiting'));
        this.socket.destroy();
        return;
      }
      next.resolve(Buffer.from(message));
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}
