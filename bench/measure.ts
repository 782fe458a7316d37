/**
 * What every scenario shares: the run's settings and scratch directory, progress lines, and the
 * step from repeated runs to one {@link Figure} (median and spread, latency percentiles).
 * @module
 */
import type { BenchConfig } from './config.js';
import type { Figure } from './result.js';
import { median, summarize } from './stats.js';
import { runWrk, type WrkRequest } from './wrk.js';
import type { WrkRun } from './wrk-output.js';

/** Handed to every scenario. */
export interface BenchContext {
  readonly cfg: BenchConfig;
  /** The repository root (bin/, dist/). */
  readonly root: string;
  /** Scratch directory for data and wrk scripts, removed at the end. */
  readonly dir: string;
  log(line: string): void;
}

/** A figure's identity: everything but the measurements. */
export type FigureMeta = Omit<Figure, 'value' | 'p50Ms' | 'p99Ms' | 'errors'>;

/** One run of any load tool. */
export interface Run {
  readonly rate: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  readonly errors: number;
}

/** Folds runs into a figure; `scale` turns requests into items (a batch of 100 counts 100). */
export function toFigure(meta: FigureMeta, runs: readonly Run[], scale = 1): Figure {
  const lat = (pick: (r: Run) => number | undefined): number | undefined => {
    const v = runs.map(pick).filter((x): x is number => x !== undefined && Number.isFinite(x));
    return v.length === 0 ? undefined : median(v);
  };
  const p50 = lat((r) => r.p50Ms);
  const p99 = lat((r) => r.p99Ms);
  return {
    ...meta,
    value: summarize(runs.map((r) => r.rate * scale)),
    ...(p50 === undefined ? {} : { p50Ms: p50 }),
    ...(p99 === undefined ? {} : { p99Ms: p99 }),
    errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

const fromWrk = (r: WrkRun): Run => ({ rate: r.rps, p50Ms: r.p50Ms, p99Ms: r.p99Ms, errors: r.errors });

/** A warm-up, then `cfg.runs` wrk runs of `cfg.seconds` each. */
export function wrkRuns(ctx: BenchContext, url: string, requests: readonly WrkRequest[], connections: number, dynamic = false): Run[] {
  const o = { connections, dir: ctx.dir, dynamic };
  runWrk(url, requests, { ...o, seconds: ctx.cfg.warmupSeconds });
  return Array.from({ length: ctx.cfg.runs }, () => fromWrk(runWrk(url, requests, { ...o, seconds: ctx.cfg.seconds })));
}

/** Operations per second of `batch` (which returns how many it did), run back to back for `seconds`. */
function timedLoop(seconds: number, batch: () => number): Run {
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    n += batch();
    now = performance.now();
  }
  return { rate: n / ((now - start) / 1000), errors: 0 };
}

/** A warm-up, then `cfg.runs` timed loops of `batch` on this thread (the ceilings' loops). */
export function loopRuns(ctx: BenchContext, batch: () => number): Run[] {
  timedLoop(ctx.cfg.warmupSeconds, batch);
  return Array.from({ length: ctx.cfg.runs }, () => timedLoop(ctx.cfg.seconds, batch));
}

/** Logs a figure as it is measured. */
export function logFigure(ctx: BenchContext, f: Figure): Figure {
  const lat = f.p99Ms === undefined ? '' : `  p50 ${f.p50Ms?.toFixed(2) ?? '?'} ms  p99 ${f.p99Ms.toFixed(2)} ms`;
  ctx.log(`  ${f.name}: ${f.value.median.toFixed(f.value.median < 100 ? 2 : 0)} ${f.unit}${lat}${f.errors > 0 ? `  ERRORS ${f.errors}` : ''}`);
  return f;
}
