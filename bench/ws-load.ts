/**
 * A lean WebSocket load generator for `npm run bench`: a few sessions, each keeping a window of
 * pipelined requests in flight, with pre-encoded frames so the client costs as little as it can.
 * @module
 */
import WebSocket from 'ws';

/** What a run measured. */
export interface WsResult {
  readonly rps: number;
  readonly errors: number;
}

/** Keeps `window` requests in flight on each of `sessions` sessions for `seconds`. */
export async function wsPipelined(url: string, secret: string, requestJson: string, o: { seconds: number; sessions: number; window: number }): Promise<WsResult> {
  const sockets = await Promise.all(
    Array.from({ length: o.sessions }, () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { KmsDatabaseSecret: secret } });
        ws.once('message', (d: Buffer) => { if (d.toString().includes('"ready"')) resolve(ws); else reject(new Error(d.toString())); });
        ws.once('close', (code) => { reject(new Error(`closed ${code}`)); });
      }),
    ),
  );
  let done = 0;
  let errors = 0;
  let counting = false;
  let running = true;
  let nextId = 1;
  const frame = (): string => `{"id":${nextId++},"request":${requestJson}}`;
  for (const ws of sockets) {
    ws.on('message', (d: Buffer) => {
      // Error frames are the only ones whose second key is "error".
      if (d.includes('"error"', 0)) errors++;
      if (counting) done++;
      if (running) ws.send(frame());
    });
    for (let i = 0; i < o.window; i++) ws.send(frame());
  }
  await new Promise((r) => setTimeout(r, 2000)); // warm-up
  counting = true;
  const start = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const measured = done;
  running = false;
  await Promise.all(sockets.map((ws) => new Promise((r) => { ws.once('close', r); ws.close(1000); })));
  return { rps: measured / elapsed, errors };
}
