/**
 * Many databases: Encrypt sent to databases picked at random among 1,000 with at most 100 actors
 * open, against the same load on one database (same wrk script, same per-request cost). Then the
 * activation latency from the client side: requests sent one at a time, in round-robin over all
 * databases, so each one lands on a closed actor (the 100 most recently used are the previous 100
 * requests'); the activation counter confirms every probe activated. The probes go over one
 * kept-alive node:http connection, so the latency is the server's plus one local round trip.
 * @module
 */
import { logFigure, toFigure, wrkRuns, type BenchContext, type Run } from '../measure.js';
import { kmip, kmipKeepAlive, metric, startKms } from '../kms-server.js';
import type { Figure } from '../result.js';
import { percentile } from '../stats.js';
import type { TenantDatabase } from './memory.js';

/** Connections of the random load (and of its single-database baseline). */
export const MANY_CONNECTIONS = 64;

async function probe(base: string, dbs: readonly TenantDatabase[], from: number, count: number): Promise<{ cold: Run; activations: number }> {
  const before = await metric(base, 'kms_actor_activations_total');
  const ms: number[] = [];
  for (let i = 0; i < count; i++) {
    const d = dbs[from + i] as TenantDatabase;
    const t0 = performance.now();
    await kmipKeepAlive(base, d.secret, d.encrypt);
    ms.push(performance.now() - t0);
  }
  const activations = (await metric(base, 'kms_actor_activations_total')) - before;
  return { cold: { rate: percentile(ms, 50), p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), errors: Math.max(0, count - activations) }, activations };
}

/** `many.single`, `many.random`, `many.activation-p50`/`-p99` on a server over `dataDir`. */
export async function manyDatabases(ctx: BenchContext, dataDir: string, dbs: readonly TenantDatabase[]): Promise<Figure[]> {
  const cap = ctx.cfg.maxOpenActors;
  if (dbs.length < 2 * cap) throw new Error(`the many-database scenario needs at least ${2 * cap} databases`);
  const server = await startKms(ctx.root, dataDir, ['--max-open-actors', String(cap)]);
  try {
    const url = `${server.base}/kmip/2_1`;
    const all = dbs.map((d) => ({ body: d.encrypt, secret: d.secret }));
    const scenario = `${dbs.length} databases, ${cap} open actors`;
    ctx.log(`Many databases: one database, then ${dbs.length} at random`);
    const single = wrkRuns(ctx, url, all.slice(0, 1), MANY_CONNECTIONS, true);
    const before = await metric(server.base, 'kms_actor_activations_total');
    const random = wrkRuns(ctx, url, all, MANY_CONNECTIONS, true);
    const activated = (await metric(server.base, 'kms_actor_activations_total')) - before;
    const figures = [
      logFigure(ctx, toFigure({ id: 'many.single', scenario, name: `Encrypt, one database, ${MANY_CONNECTIONS} conn.`, unit: 'req/s', concurrency: MANY_CONNECTIONS }, single)),
      logFigure(ctx, toFigure({ id: 'many.random', scenario, name: `Encrypt, ${dbs.length} databases at random, ${MANY_CONNECTIONS} conn.`, unit: 'req/s', concurrency: MANY_CONNECTIONS }, random)),
    ];
    const seconds = (ctx.cfg.warmupSeconds + ctx.cfg.runs * ctx.cfg.seconds);
    figures.push(logFigure(ctx, toFigure({ id: 'many.activations', scenario, name: 'actor activations during the random load', unit: 'activations/s' }, [{ rate: activated / seconds, errors: 0 }])));
    ctx.log('  activation probes');
    // Touch the last `cap` databases so they are exactly the open set; the probes then walk the others.
    for (const d of dbs.slice(-cap)) await kmip(server.base, d.secret, d.encrypt);
    const perRun = Math.min(Math.floor((dbs.length - cap) / ctx.cfg.runs), ctx.cfg.quick ? 50 : 100);
    const probes: Run[] = [];
    let at = 0;
    for (let r = 0; r < ctx.cfg.runs; r++) {
      const p = await probe(server.base, dbs, at, perRun);
      at += perRun;
      probes.push(p.cold);
    }
    const latency = (id: string, name: string, pick: (r: Run) => number | undefined): Figure =>
      logFigure(ctx, toFigure({ id, scenario, name, unit: 'ms' }, probes.map((p) => ({ rate: pick(p) ?? Number.NaN, errors: p.errors }))));
    figures.push(latency('many.activation-p50', 'request on a closed actor (activation), p50', (p) => p.p50Ms));
    figures.push(latency('many.activation-p99', 'request on a closed actor (activation), p99', (p) => p.p99Ms));
    return figures;
  } finally {
    await server.stop();
  }
}
