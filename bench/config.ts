/**
 * The knobs of `npm run bench`, read from the environment once: runs per figure, seconds per run,
 * and how many databases the many-database and memory scenarios create (fewer with BENCH_QUICK=1).
 * @module
 */

/** How much a run measures. */
export interface BenchConfig {
  readonly quick: boolean;
  readonly runs: number;
  readonly seconds: number;
  /** Seconds of load before the measured runs of each setup. */
  readonly warmupSeconds: number;
  readonly httpConnections: readonly number[];
  readonly createClients: readonly number[];
  /** Databases hit at random in the many-database scenario. */
  readonly randomDatabases: number;
  readonly maxOpenActors: number;
  /** Databases created, activated and evicted before memory is read. */
  readonly memoryDatabases: number;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(raw)}`);
  return n;
}

/** Reads BENCH_QUICK, BENCH_RUNS, BENCH_SECONDS, BENCH_DATABASES and BENCH_MEMORY_DATABASES. */
export function benchConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const quick = env['BENCH_QUICK'] === '1';
  return {
    quick,
    runs: Math.round(positive(env, 'BENCH_RUNS', quick ? 1 : 3)),
    seconds: positive(env, 'BENCH_SECONDS', quick ? 2 : 5),
    warmupSeconds: quick ? 1 : 2,
    httpConnections: [1, 4, 16, 64],
    createClients: [1, 4, 32],
    randomDatabases: Math.round(positive(env, 'BENCH_DATABASES', quick ? 200 : 1000)),
    maxOpenActors: 100,
    memoryDatabases: Math.round(positive(env, 'BENCH_MEMORY_DATABASES', quick ? 500 : 10_000)),
  };
}
