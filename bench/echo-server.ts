/**
 * The transport ceilings for `npm run bench`: a bare uWS server that echoes a POST body, and on
 * /ws answers the session's ready frame then echoes each frame, the most any HTTP or WebSocket
 * service on this stack can do for the same round trip. Under /hop/ the body makes the round trip
 * through a worker thread first, batched per event-loop turn as the gateway sends requests to its
 * actors: the most any design that serves requests off the gateway thread can do here.
 * Prints `port=<n>` once listening.
 * @module
 */
import { Worker } from 'node:worker_threads';
import uWS from 'uWebSockets.js';
import { assertNativeUws } from '../src/gateway/server.js';

assertNativeUws();

// The worker echoes each batch straight back, moving the buffers rather than copying them.
const hop = new Worker(
  `const { parentPort } = require('node:worker_threads');
   parentPort.on('message', (batch) => { parentPort.postMessage(batch, batch.bodies.map((b) => b.buffer)); });`,
  { eval: true },
);
hop.unref();
const waiting = new Map<number, (body: Uint8Array) => void>();
let nextId = 0;
let queued: { ids: number[]; bodies: Uint8Array[] } | null = null;
hop.on('message', (batch: { ids: number[]; bodies: Uint8Array[] }) => {
  batch.ids.forEach((id, i) => {
    const answer = waiting.get(id);
    waiting.delete(id);
    answer?.(batch.bodies[i] as Uint8Array);
  });
});
function viaWorker(body: Uint8Array, answer: (body: Uint8Array) => void): void {
  const id = nextId++;
  waiting.set(id, answer);
  if (queued === null) {
    queued = { ids: [], bodies: [] };
    setImmediate(() => {
      const batch = queued;
      queued = null;
      if (batch !== null) hop.postMessage(batch, batch.bodies.map((b) => b.buffer as ArrayBuffer));
    });
  }
  queued.ids.push(id);
  queued.bodies.push(body);
}

function echo(res: uWS.HttpResponse, throughWorker: boolean): void {
  let aborted = false;
  const parts: Buffer[] = [];
  res.onAborted(() => { aborted = true; });
  res.onData((chunk, last) => {
    parts.push(Buffer.from(chunk.slice(0)));
    if (!last) return;
    const reply = (body: Uint8Array): void => {
      if (!aborted) res.cork(() => { res.writeHeader('content-type', 'application/json').end(body); });
    };
    const body = Buffer.concat(parts);
    if (throughWorker) viaWorker(new Uint8Array(body), reply);
    else reply(body);
  });
}

uWS
  .App()
  .post('/hop/*', (res) => { echo(res, true); })
  .post('/*', (res) => { echo(res, false); })
  .ws('/ws', {
    maxPayloadLength: 16 * 1024 * 1024,
    open: (ws) => { ws.send('{"type":"ready"}'); },
    message: (ws, message, isBinary) => { ws.send(message, isBinary); },
  })
  .listen('127.0.0.1', 0, (socket) => {
    if (socket === false) process.exit(1);
    process.stdout.write(`port=${uWS.us_socket_local_port(socket)}\n`);
  });
