/**
 * The WebSocket half of the fuzz run: bound sessions that pipeline malformed requests and check
 * every answer arrives in order under its id, frames that must end a session with a documented
 * close code, refused bindings, and raw protocol violations after a real handshake.
 * @module
 */
import net from 'node:net';
import WebSocket from 'ws';
import { Packr } from 'msgpackr';
import { closingFrame, protocolViolation, refusedBinding, requestFrame, type OutFrame, type RequestFrame } from './fuzz-ws-frames.js';
import { seededChooser, type Chooser } from './fuzz-mutate.js';
import type { FuzzTarget } from './fuzz-http-cases.js';
import { longFromActor, KNOWN, take, type Budget, type Tally } from './fuzz-tally.js';

const packr = new Packr({ useRecords: false, moreTypes: false });
const WINDOW = 16;

type Incoming = { readonly value: unknown } | { readonly closed: { readonly code: number; readonly reason: string } };

/** A client socket whose messages are read one at a time, in arrival order. */
class FuzzSocket {
  readonly #ws: WebSocket;
  readonly #inbox: Incoming[] = [];
  #wake: (() => void) | null = null;
  #closed: { code: number; reason: string } | null = null;
  /** Set when the upgrade itself was refused with an HTTP status. */
  refusedWith = 0;

  constructor(port: number, secretHeader: string) {
    const headers = secretHeader === '' ? {} : { KmsDatabaseSecret: secretHeader };
    this.#ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers, skipUTF8Validation: true, maxPayload: 0 });
    this.#ws.on('message', (data: Buffer, binary: boolean) => {
      let value: unknown;
      try {
        value = binary ? packr.unpack(data) : JSON.parse(data.toString('utf8'));
      } catch {
        value = { unreadable: data.length };
      }
      this.#push({ value });
    });
    this.#ws.on('unexpected-response', (_req, res) => {
      this.refusedWith = res.statusCode ?? 0;
      res.resume();
      this.#ws.terminate();
    });
    this.#ws.on('error', () => undefined); // the close event follows
    this.#ws.on('close', (code: number, reason: Buffer) => {
      this.#closed = { code, reason: reason.toString('utf8') };
      this.#push({ closed: this.#closed });
    });
  }

  #push(m: Incoming): void {
    this.#inbox.push(m);
    this.#wake?.();
  }

  /** Resolves once the socket is open (true) or closed (false). */
  opened(): Promise<boolean> {
    if (this.#ws.readyState === WebSocket.OPEN) return Promise.resolve(true);
    if (this.#closed !== null) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#ws.once('open', () => { resolve(true); });
      this.#ws.once('close', () => { resolve(false); });
    });
  }

  send(f: OutFrame): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(f.data, { binary: f.binary });
  }

  /** The next message or the close, or an error after timeoutMs. */
  async next(timeoutMs: number): Promise<Incoming> {
    for (;;) {
      const m = this.#inbox.shift();
      if (m !== undefined) {
        if ('closed' in m) this.#inbox.unshift(m); // the close stays the last thing read
        return m;
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error(`nothing from the server within ${timeoutMs} ms`)); }, timeoutMs);
        timer.unref();
        this.#wake = () => {
          clearTimeout(timer);
          this.#wake = null;
          resolve();
        };
      });
    }
  }

  close(): void {
    this.#ws.close(1000);
  }

  terminate(): void {
    this.#ws.terminate();
  }
}

function outcomeOf(m: Incoming): string {
  if ('closed' in m) return `ws close ${m.closed.code}`;
  const v = m.value as Record<string, unknown>;
  if ('response' in v) return 'ws response';
  const e = v['error'] as Record<string, unknown> | undefined;
  return e === undefined ? 'ws unreadable' : `ws error ${String(e['status'])}`;
}

/** What is wrong with an answer to a request frame, or null. */
function answerProblem(f: RequestFrame, m: Incoming, t: FuzzTarget): string | null {
  if ('closed' in m) return `the session closed (${m.closed.code} ${m.closed.reason}) with the request unanswered`;
  const v = m.value as Record<string, unknown>;
  if (v['id'] !== f.id) return `an answer for id ${JSON.stringify(v['id'])} came where ${JSON.stringify(f.id)} was due`;
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  if (t.forbidden.some((s) => text.includes(s))) return 'the answer repeats a secret';
  if ('response' in v) return f.mayAccept ? null : 'a malformed request was served';
  const e = v['error'] as Record<string, unknown> | undefined;
  if (e === undefined) return `neither a response nor an error: ${text.slice(0, 200)}`;
  const status = e['status'];
  if (typeof status !== 'number' || status < 400 || status > 599 || status === 500) return `error status ${String(status)}: ${text.slice(0, 200)}`;
  if (typeof e['reason'] !== 'string' || e['reason'] === '' || typeof e['message'] !== 'string') return `an error without reason or message: ${text.slice(0, 200)}`;
  if (e['message'].includes('    at ')) return 'an error message holding a stack trace';
  if (e['message'].length > 1024) return `${longFromActor(e['reason']) ? KNOWN : ''}an error message of ${e['message'].length} characters: ${e['message'].slice(0, 150)}`;
  return null;
}

/** One session bound to the scratch database: pipelined malformed requests, then maybe a frame that ends it. */
async function boundSession(t: FuzzTarget, c: Chooser, tally: Tally, budget: Budget, timeoutMs: number): Promise<void> {
  const byHello = t.encrypted && c.int(3) === 0;
  const s = new FuzzSocket(t.port, t.encrypted && !byHello ? t.fuzzSecret : '');
  if (!(await s.opened())) {
    tally.fail('ws-session', `the upgrade failed (${s.refusedWith})`);
    return;
  }
  try {
    if (byHello) {
      const binary = c.int(2) === 0;
      const hello = { type: 'hello', database_secret: t.fuzzSecret };
      s.send({ kind: 'hello', binary, data: binary ? Buffer.from(packr.pack(hello)) : JSON.stringify(hello) });
    }
    const ready = await s.next(timeoutMs);
    if ('closed' in ready || (ready.value as Record<string, unknown>)['type'] !== 'ready') {
      tally.fail('ws-session', `expected the ready frame, got ${outcomeOf(ready)}`);
      return;
    }
    const waiting: RequestFrame[] = [];
    const settle = async (): Promise<void> => {
      const f = waiting.shift();
      if (f === undefined) return;
      const m = await s.next(timeoutMs);
      tally.answer(f.kind, outcomeOf(m));
      const why = answerProblem(f, m, t);
      if (why?.startsWith(KNOWN) === true) tally.knownIssue(f.kind, why.slice(KNOWN.length));
      else if (why !== null) tally.fail(f.kind, why);
    };
    for (let i = 5 + c.int(40); i > 0 && take(budget); i--) {
      const f = requestFrame(c, t, c.int(2) === 0 ? c.int(1 << 30) : `r${i}-\u00e9${c.int(1000)}`);
      tally.send(f.kind);
      s.send(f);
      waiting.push(f);
      if (waiting.length >= WINDOW) await settle();
    }
    while (waiting.length > 0) await settle();
    if (c.int(5) < 2 || !take(budget)) return;
    const f = closingFrame(c, t);
    tally.send(f.kind);
    s.send(f);
    await expectClose(s, f.kind, f.codes, t, tally, timeoutMs);
  } finally {
    s.close();
  }
}

/** Reads to the close and checks its code; anything else before it is a broken expectation. */
async function expectClose(s: FuzzSocket, kind: string, codes: readonly number[], t: FuzzTarget, tally: Tally, timeoutMs: number): Promise<void> {
  const m = await s.next(timeoutMs);
  tally.answer(kind, s.refusedWith > 0 ? `ws upgrade refused ${s.refusedWith}` : outcomeOf(m));
  if (s.refusedWith >= 400 && s.refusedWith < 500) return;
  if (!('closed' in m)) tally.fail(kind, `expected the session to close, got ${outcomeOf(m)}`);
  else if (!codes.includes(m.closed.code)) tally.fail(kind, `closed with ${m.closed.code} (${m.closed.reason}), expected ${codes.join(' or ')}`);
  else if (t.forbidden.some((x) => m.closed.reason.includes(x))) tally.fail(kind, 'the close reason repeats a secret');
}

/** A session that must be refused before it is bound. */
async function refusedSession(t: FuzzTarget, c: Chooser, tally: Tally, timeoutMs: number): Promise<void> {
  const r = refusedBinding(c, t);
  tally.send(r.kind);
  const s = new FuzzSocket(t.port, r.header);
  try {
    if ((await s.opened()) && r.first !== null) s.send(r.first);
    await expectClose(s, r.kind, r.codes, t, tally, timeoutMs);
  } finally {
    s.terminate();
  }
}

/** A real handshake, then bytes that break the WebSocket protocol: the server must drop or close the connection. */
function protocolSession(t: FuzzTarget, c: Chooser, tally: Tally, timeoutMs: number): Promise<void> {
  const kind = 'ws-protocol-violation';
  tally.send(kind);
  const violation = protocolViolation(c);
  return new Promise((resolve) => {
    const socket = net.connect(t.port, '127.0.0.1');
    let data = Buffer.alloc(0);
    let upgraded = -1;
    const timer = setTimeout(() => {
      tally.answer(kind, 'ws no answer');
      tally.fail(kind, `the connection stayed open ${timeoutMs} ms after a protocol violation (${violation.subarray(0, 2).toString('hex')})`);
      socket.destroy();
    }, timeoutMs);
    timer.unref();
    socket.on('error', () => undefined);
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      if (upgraded < 0 && data.includes('\r\n\r\n')) {
        upgraded = data.indexOf('\r\n\r\n') + 4;
        socket.write(violation);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (upgraded < 0) tally.answer(kind, 'ws upgrade closed');
      else tally.answer(kind, closeFrameIn(data.subarray(upgraded)) ? 'ws close frame' : 'ws dropped');
      resolve();
    });
    const secret = t.encrypted ? `KmsDatabaseSecret: ${t.fuzzSecret}\r\n` : '';
    socket.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${secret}\r\n`);
  });
}

/** Whether server frames (unmasked) include a close frame. */
function closeFrameIn(frames: Buffer): boolean {
  let at = 0;
  while (at + 2 <= frames.length) {
    const opcode = (frames[at] ?? 0) & 0x0f;
    let len = (frames[at + 1] ?? 0) & 0x7f;
    let head = 2;
    if (len === 126) {
      len = frames.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) return false;
    if (opcode === 8) return true;
    at += head + len;
  }
  return false;
}

/** Runs `sessions` workers until the budget is spent. */
export async function runWs(t: FuzzTarget, tally: Tally, budget: Budget, o: { readonly sessions: number; readonly seed: number; readonly timeoutMs: number }): Promise<void> {
  const worker = async (i: number): Promise<void> => {
    const c = seededChooser(o.seed + i * 104_729);
    while (budget.left > 0) {
      const roll = c.int(100);
      if (roll < 10 && t.encrypted && take(budget)) await refusedSession(t, c, tally, o.timeoutMs);
      else if (roll < 16 && take(budget)) await protocolSession(t, c, tally, o.timeoutMs);
      else await boundSession(t, c, tally, budget, o.timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: o.sessions }, (_, i) => worker(i)));
}
