/**
 * HTTP Encrypt (AES-256-GCM, 64 B) at each connection count, beside the bare uWS echo of the very
 * same request (headers and body) at the same count: the echo is the transport's ceiling. At 64
 * connections also the echo through a worker thread, the ceiling of serving off the gateway thread.
 * @module
 */
import { logFigure, toFigure, wrkRuns, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';
import { cpuPerRequest } from '../thread-cpu.js';

/** The connection count at which the worker-thread echo is measured too. */
export const HOP_CONNECTIONS = 64;

/** Echo and Encrypt figures, `http.echo.c<n>` and `http.encrypt.c<n>`. */
export function httpEncrypt(ctx: BenchContext, echoBase: string, kmsBase: string, secret: string, body: string, pids?: { echo: number; kms: number }): Figure[] {
  const figures: Figure[] = [];
  const req = [{ body, secret }];
  for (const c of ctx.cfg.httpConnections) {
    ctx.log(`HTTP, ${c} connections`);
    const echo = wrkRuns(ctx, `${echoBase}/kmip/2_1`, req, c);
    figures.push(logFigure(ctx, toFigure({ id: `http.echo.c${c}`, scenario: 'HTTP Encrypt', name: `bare uWS echo, ${c} conn.`, unit: 'req/s', concurrency: c }, echo)));
    if (c === HOP_CONNECTIONS) {
      const hop = wrkRuns(ctx, `${echoBase}/hop/kmip/2_1`, req, c);
      figures.push(logFigure(ctx, toFigure({ id: `http.hop.c${c}`, scenario: 'HTTP Encrypt', name: `bare uWS echo through a worker thread, ${c} conn.`, unit: 'req/s', concurrency: c }, hop)));
    }
    const enc = wrkRuns(ctx, `${kmsBase}/kmip/2_1`, req, c);
    figures.push(logFigure(ctx, toFigure({ id: `http.encrypt.c${c}`, scenario: 'HTTP Encrypt', name: `Encrypt, ${c} conn.`, unit: 'req/s', concurrency: c }, enc)));
  }
  if (pids !== undefined) {
    // Where each server's CPU goes at 64 connections: the reason behind the ratios above.
    const c = HOP_CONNECTIONS;
    ctx.log('CPU per request');
    figures.push(...cpuPerRequest(ctx, pids.echo, `${echoBase}/kmip/2_1`, req, c, 'cpu.echo', `bare uWS echo, ${c} conn.`, 'CPU per request'));
    figures.push(...cpuPerRequest(ctx, pids.echo, `${echoBase}/hop/kmip/2_1`, req, c, 'cpu.hop', `echo through a worker thread, ${c} conn.`, 'CPU per request'));
    figures.push(...cpuPerRequest(ctx, pids.kms, `${kmsBase}/kmip/2_1`, req, c, 'cpu.encrypt', `Encrypt, ${c} conn.`, 'CPU per request'));
  }
  return figures;
}
