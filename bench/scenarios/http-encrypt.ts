/**
 * HTTP Encrypt (AES-256-GCM, 64 B) at each connection count, beside the bare uWS echo of the very
 * same request (headers and body) at the same count: the echo is the transport's ceiling.
 * @module
 */
import { logFigure, toFigure, wrkRuns, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** Echo and Encrypt figures, `http.echo.c<n>` and `http.encrypt.c<n>`. */
export function httpEncrypt(ctx: BenchContext, echoBase: string, kmsBase: string, secret: string, body: string): Figure[] {
  const figures: Figure[] = [];
  const req = [{ body, secret }];
  for (const c of ctx.cfg.httpConnections) {
    ctx.log(`HTTP, ${c} connections`);
    const echo = wrkRuns(ctx, `${echoBase}/kmip/2_1`, req, c);
    figures.push(logFigure(ctx, toFigure({ id: `http.echo.c${c}`, scenario: 'HTTP Encrypt', name: `bare uWS echo, ${c} conn.`, unit: 'req/s', concurrency: c }, echo)));
    const enc = wrkRuns(ctx, `${kmsBase}/kmip/2_1`, req, c);
    figures.push(logFigure(ctx, toFigure({ id: `http.encrypt.c${c}`, scenario: 'HTTP Encrypt', name: `Encrypt, ${c} conn.`, unit: 'req/s', concurrency: c }, enc)));
  }
  return figures;
}
