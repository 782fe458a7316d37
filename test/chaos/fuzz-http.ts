/**
 * A minimal HTTP/1.1 client over node:net for the fuzz run: it sends whatever bytes it is given
 * (fetch refuses malformed requests) on a keep-alive connection, or on a connection of its own,
 * and reads back one response, or notes that the server closed the connection without one.
 * @module
 */
import net from 'node:net';

/** What came back: a parsed response, or status 0 when the connection closed without one. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** The connection was reused from an earlier request. */
  readonly reused: boolean;
}

/** No answer in time: the server neither responded nor closed the connection. */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';
}

const CLOSED = (reused: boolean): RawAnswer => ({ status: 0, headers: new Map(), body: '', reused });

/** Parses one response from the start of buf; undefined until it is complete. */
function parseResponse(buf: Buffer, expectBody: boolean): { status: number; headers: Map<string, string>; body: string; size: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (m === null) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`);
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const status = Number(m[1]);
  if (status < 200) {
    // An interim answer (100 Continue): the real one follows.
    const rest = parseResponse(buf.subarray(end + 4), expectBody);
    return rest === undefined ? undefined : { ...rest, size: rest.size + end + 4 };
  }
  if (headers.has('transfer-encoding')) throw new Error('chunked responses are not expected from this server');
  const length = expectBody ? Number(headers.get('content-length') ?? '0') : 0;
  if (buf.length < end + 4 + length) return undefined;
  return { status, headers, body: buf.subarray(end + 4, end + 4 + length).toString('utf8'), size: end + 4 + length };
}

/** One request at a time over a connection that is reopened whenever the server closed it. */
export class RawHttpConnection {
  #socket: net.Socket | null = null;
  #buf: Buffer = Buffer.alloc(0);
  #used = false;
  #waiter: ((closed: boolean) => void) | null = null;

  constructor(
    private readonly port: number,
    private readonly timeoutMs: number,
  ) {}

  /** Sends a request and reads its answer; a request on a reused connection that closed unanswered is sent once more on a fresh one. */
  async send(request: Uint8Array, expectBody = true): Promise<RawAnswer> {
    const first = await this.#sendOnce(request, expectBody);
    if (first.status === 0 && first.reused) return this.#sendOnce(request, expectBody);
    return first;
  }

  /** Closes the connection. */
  close(): void {
    this.#socket?.destroy();
    this.#socket = null;
  }

  #open(): net.Socket {
    const s = net.connect(this.port, '127.0.0.1');
    s.setNoDelay(true);
    s.on('data', (d: Buffer) => {
      this.#buf = this.#buf.length === 0 ? d : Buffer.concat([this.#buf, d]);
      this.#waiter?.(false);
    });
    s.on('error', () => undefined); // a reset is seen as the close that follows it
    s.on('close', () => {
      if (this.#socket === s) this.#socket = null;
      this.#waiter?.(true);
    });
    this.#socket = s;
    this.#used = false;
    this.#buf = Buffer.alloc(0);
    return s;
  }

  #sendOnce(request: Uint8Array, expectBody: boolean): Promise<RawAnswer> {
    const socket = this.#socket ?? this.#open();
    const reused = this.#used;
    this.#used = true;
    return new Promise<RawAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        this.close();
        reject(new NoAnswerError(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      timer.unref();
      const settle = (answer: RawAnswer | Error): void => {
        clearTimeout(timer);
        this.#waiter = null;
        if (answer instanceof Error) reject(answer);
        else resolve(answer);
      };
      this.#waiter = (closed) => {
        let parsed;
        try {
          parsed = parseResponse(this.#buf, expectBody);
        } catch (err) {
          this.close();
          settle(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (parsed !== undefined) {
          this.#buf = this.#buf.subarray(parsed.size);
          if (parsed.headers.get('connection')?.toLowerCase() === 'close') this.close();
          settle({ status: parsed.status, headers: parsed.headers, body: parsed.body, reused });
        } else if (closed) {
          settle(CLOSED(reused));
        }
      };
      socket.write(request);
    });
  }
}

/** Sends bytes on a connection of their own and reads one answer (or the close); the connection is then dropped. */
export async function sendOnce(port: number, request: Uint8Array, timeoutMs: number, expectBody = true): Promise<RawAnswer> {
  const conn = new RawHttpConnection(port, timeoutMs);
  try {
    return await conn.send(request, expectBody);
  } finally {
    conn.close();
  }
}

/** The bytes of a request: request line, headers in order (duplicates allowed), a blank line, the body. */
export function requestBytes(method: string, target: string, headers: readonly (readonly [string, string])[], body: Uint8Array | string = ''): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const head = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', ...headers.map(([k, v]) => `${k}: ${v}`)];
  if (!headers.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k)) && (b.length > 0 || method === 'POST')) head.push(`Content-Length: ${b.length}`);
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), b]);
}
