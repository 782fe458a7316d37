/**
 * Memory: a server with the default cap of open actors and a short idle timeout is given many
 * new databases, each activated by one Create and then evicted (by the cap, then by idleness).
 * Its resident memory is read once they have all gone. The memory one open actor costs is read on
 * a fresh server (whose allocator has no freed memory to reuse yet): its growth from one open actor
 * to a full set, over the number opened.
 * The databases it leaves behind (secret and key id) serve the many-database scenario.
 * @module
 */
import { toFigure, logFigure, type BenchContext } from '../measure.js';
import { keyAndBodies } from '../fixture.js';
import { kmip, mapConcurrent, metric, newDatabase, rssBytes, startKms, type KmsServer } from '../kms-server.js';
import type { Figure } from '../result.js';

/** A database with a key, ready to be hit. */
export interface TenantDatabase {
  readonly secret: string;
  readonly encrypt: string;
}

const IDLE_SECONDS = 10;
const scenario = 'Memory';
const SETUP_CONCURRENCY = 8;
const MB = 1024 * 1024;

async function untilNoneOpen(server: KmsServer): Promise<void> {
  const deadline = performance.now() + (IDLE_SECONDS * 3 + 10) * 1000;
  while ((await metric(server.base, 'kms_actors_open')) > 0) {
    if (performance.now() > deadline) throw new Error('actors stayed open past their idle timeout');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Creates `count` databases in `dataDir`, measures memory, and returns them. */
export async function memory(ctx: BenchContext, dataDir: string, count: number): Promise<{ figures: Figure[]; databases: TenantDatabase[] }> {
  const cap = ctx.cfg.maxOpenActors;
  // Thousands of databases from one address: the limit on new databases is lifted for the setup.
  const server = await startKms(ctx.root, dataDir, ['--max-open-actors', String(cap), '--actor-idle-timeout', String(IDLE_SECONDS), '--new-database-rate-limit', '0']);
  try {
    const rssStart = rssBytes(server.pid);
    ctx.log(`Memory: creating and activating ${count} databases`);
    const started = performance.now();
    const databases = await mapConcurrent(Array.from({ length: count }), SETUP_CONCURRENCY, async (_x, i): Promise<TenantDatabase> => {
      const secret = await newDatabase(server.base);
      const b = await keyAndBodies(server.base, secret);
      if ((i + 1) % 1000 === 0) ctx.log(`  ${i + 1} databases (${((i + 1) / ((performance.now() - started) / 1000)).toFixed(0)}/s)`);
      return { secret, encrypt: b.encrypt };
    });
    const setupRate = count / ((performance.now() - started) / 1000);
    await untilNoneOpen(server);
    const rssGone = rssBytes(server.pid);
    const one = (id: string, name: string, unit: string, rate: number): Figure => logFigure(ctx, toFigure({ id, scenario, name, unit }, [{ rate, errors: 0 }]));
    return {
      databases,
      figures: [
        one('memory.rss-start', 'RSS at start', 'MB', rssStart / MB),
        one('memory.rss-after', `RSS after ${count} databases came and went`, 'MB', rssGone / MB),
        one('memory.setup-rate', 'new database + first Create (activation), 8 clients', 'databases/s', setupRate),
      ],
    };
  } finally {
    await server.stop();
  }
}


/** `memory.per-actor`: on a fresh server over `dataDir`, RSS growth per actor opened beyond the first. */
export async function perOpenActor(ctx: BenchContext, dataDir: string, dbs: readonly TenantDatabase[]): Promise<Figure> {
  const cap = ctx.cfg.maxOpenActors;
  if (dbs.length < cap) throw new Error(`measuring memory per actor needs ${cap} databases`);
  const server = await startKms(ctx.root, dataDir, ['--max-open-actors', String(cap)]);
  try {
    ctx.log(`Memory per open actor: 1, then ${cap} open`);
    const first = dbs[0] as TenantDatabase;
    // A few requests on one actor first, so the workers' own start-up memory is in the baseline.
    for (let i = 0; i < 20; i++) await kmip(server.base, first.secret, first.encrypt);
    const base = rssBytes(server.pid);
    await mapConcurrent(dbs.slice(1, cap), SETUP_CONCURRENCY, (d) => kmip(server.base, d.secret, d.encrypt));
    const open = await metric(server.base, 'kms_actors_open');
    const grown = rssBytes(server.pid) - base;
    return logFigure(ctx, toFigure({ id: 'memory.per-actor', scenario, name: `RSS growth per open actor (1 to ${open} open, fresh server)`, unit: 'MB' }, [{ rate: open > 1 ? grown / (open - 1) / MB : Number.NaN, errors: 0 }]));
  } finally {
    await server.stop();
  }
}
