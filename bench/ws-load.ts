/**
 * A lean WebSocket load generator for `npm run bench`: a few sessions, each keeping a window of
 * pipelined requests in flight, with pre-encoded frames so the client costs as little as it can.
 * Latency is the time from sending a frame to its answer on the same session (answers come in order).
 * @module
 */
import WebSocket from 'ws';
import { percentile } from './stats.js';

/** What a run measured. */
export interface WsResult {
  readonly rps: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Load options. */
export interface WsOptions {
  readonly seconds: number;
  readonly warmupSeconds?: number;
  readonly sessions: number;
  readonly window: number;
}

const sleep = (s: number): Promise<void> => new Promise((r) => setTimeout(r, s * 1000));

/** Keeps `window` requests in flight on each of `sessions` sessions for `seconds`. */
export async function wsPipelined(url: string, secret: string, requestJson: string, o: WsOptions): Promise<WsResult> {
  const sockets = await Promise.all(
    Array.from({ length: o.sessions }, () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { KmsDatabaseSecret: secret } });
        ws.once('message', (d: Buffer) => { if (d.toString().includes('"ready"')) resolve(ws); else reject(new Error(d.toString().slice(0, 200))); });
        ws.once('close', (code) => { reject(new Error(`closed ${code}`)); });
      }),
    ),
  );
  let done = 0;
  let errors = 0;
  let counting = false;
  let running = true;
  let nextId = 1;
  const latencies: number[] = [];
  const frame = (): string => `{"id":${nextId++},"request":${requestJson}}`;
  for (const ws of sockets) {
    const sentAt: number[] = [];
    // The frames sent while handling one read of answers leave in one write, as a pipelining
    // client's should: uncorked once this turn's callbacks are done.
    // ws keeps its socket private; without one (another ws version) frames are written one by one.
    const socket = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    let corked = false;
    const send = (): void => {
      sentAt.push(performance.now());
      if (!corked && socket !== undefined) {
        corked = true;
        socket.cork();
        process.nextTick(() => { corked = false; socket.uncork(); });
      }
      ws.send(frame());
    };
    ws.on('message', (d: Buffer) => {
      const t0 = sentAt.shift() ?? Number.NaN;
      // Error frames are the only ones whose second key is "error".
      if (d.includes('"error"', 0)) errors++;
      if (counting) {
        done++;
        latencies.push(performance.now() - t0);
      }
      if (running) send();
    });
    for (let i = 0; i < o.window; i++) send();
  }
  await sleep(o.warmupSeconds ?? 2);
  counting = true;
  const start = performance.now();
  await sleep(o.seconds);
  counting = false;
  const elapsed = (performance.now() - start) / 1000;
  const measured = done;
  running = false;
  await Promise.all(sockets.map((ws) => new Promise((r) => { ws.once('close', r); ws.close(1000); })));
  return { rps: measured / elapsed, errors, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
