/**
 * The cost of TLS, beside the scenarios: the same Encrypt over plain HTTP, HTTPS served by
 * uWS and HTTPS with client certificates, one Node client with keep-alive connections for all three.
 * @module
 */
import { join } from 'node:path';
import { logFigure, toFigure, type BenchContext, type Run } from '../measure.js';
import type { Figure } from '../result.js';
import { tlsCost } from '../tls-load.js';

const CONCURRENCY = 32;
const IDS = ['tls.http', 'tls.https', 'tls.mtls'];

/** `tls.http`, `tls.https`, `tls.mtls`. */
export async function tls(ctx: BenchContext): Promise<Figure[]> {
  ctx.log(`TLS cost, Node client, ${CONCURRENCY} connections`);
  const runs: Run[][] = IDS.map(() => []);
  const names: string[] = [];
  for (let r = 0; r < ctx.cfg.runs; r++) {
    const rows = await tlsCost(ctx.root, join(ctx.dir, `tls-run-${r}`), ctx.cfg.seconds, CONCURRENCY);
    rows.forEach((row, i) => {
      names[i] = row.name;
      runs[i]?.push({ rate: row.rps, errors: 0 });
    });
  }
  return IDS.map((id, i) => logFigure(ctx, toFigure({ id, scenario: 'TLS cost (extra)', name: `${names[i] ?? id}, ${CONCURRENCY} conn., Node client`, unit: 'req/s', concurrency: CONCURRENCY }, runs[i] ?? [])));
}
