/**
 * WebSocket pipelined Encrypt: a Node client in its own process keeps a window of requests in
 * flight on a few sessions, against the server and against the bare uWS echo of the same frames.
 * @module
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { logFigure, toFigure, type BenchContext, type Run } from '../measure.js';
import type { Figure } from '../result.js';
import type { WsResult } from '../ws-load.js';

/** Sessions and requests in flight per session. */
export const WS_SESSIONS = 4;
export const WS_WINDOW = 64;

function clientRun(ctx: BenchContext, url: string, secret: string, requestJson: string, warmupSeconds: number): Promise<Run> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../ws-client.js', import.meta.url))], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  child.stdin.end(JSON.stringify({ url, secret, requestJson, seconds: ctx.cfg.seconds, warmupSeconds, sessions: WS_SESSIONS, window: WS_WINDOW }));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`the WebSocket client failed (${String(code)}): ${err.slice(0, 300)}`));
        return;
      }
      const r = JSON.parse(out) as WsResult;
      resolve({ rate: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors });
    });
  });
}

async function runs(ctx: BenchContext, url: string, secret: string, requestJson: string): Promise<Run[]> {
  const out: Run[] = [];
  // The first run carries the warm-up; later ones only settle their fresh sessions.
  for (let i = 0; i < ctx.cfg.runs; i++) out.push(await clientRun(ctx, url, secret, requestJson, i === 0 ? ctx.cfg.warmupSeconds : 0.5));
  return out;
}

/** `ws.echo` and `ws.encrypt`. */
export async function wsEncrypt(ctx: BenchContext, echoBase: string, kmsBase: string, secret: string, requestJson: string): Promise<Figure[]> {
  const meta = (id: string, name: string): { id: string; scenario: string; name: string; unit: string; concurrency: number } => ({
    id, scenario: 'WebSocket pipelined Encrypt', name: `${name}, ${WS_SESSIONS} sessions x ${WS_WINDOW} in flight`, unit: 'req/s', concurrency: WS_SESSIONS * WS_WINDOW,
  });
  ctx.log('WebSocket pipelined');
  const echo = logFigure(ctx, toFigure(meta('ws.echo', 'bare uWS echo'), await runs(ctx, echoBase, secret, requestJson)));
  const enc = logFigure(ctx, toFigure(meta('ws.encrypt', 'Encrypt'), await runs(ctx, kmsBase, secret, requestJson)));
  return [echo, enc];
}
