/**
 * Where a server's CPU goes under load: one wrk run while the process's threads are read from
 * /proc, reported as CPU microseconds per request on the main (gateway) thread and on all the
 * others together (actor workers, cipher pool, V8's GC and compiler helpers).
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { logFigure, toFigure, type BenchContext } from './measure.js';
import type { Figure } from './result.js';
import { runWrk, type WrkRequest } from './wrk.js';

const TICKS_PER_SECOND = 100;

/** utime + stime of each thread of `pid`, in clock ticks. */
export function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised name: state is 3rd, utime 14th and stime 15th overall.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, Number(f[11]) + Number(f[12]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** `<id>.main` and `<id>.others`: µs of CPU per request over one run of `ctx.cfg.seconds`. */
export function cpuPerRequest(ctx: BenchContext, pid: number, url: string, requests: readonly WrkRequest[], connections: number, id: string, label: string, scenario: string): Figure[] {
  const before = threadTicks(pid);
  const run = runWrk(url, requests, { connections, seconds: ctx.cfg.seconds, dir: ctx.dir });
  const after = threadTicks(pid);
  let main = 0;
  let others = 0;
  for (const [tid, ticks] of after) {
    const used = ticks - (before.get(tid) ?? 0);
    if (tid === String(pid)) main += used;
    else others += used;
  }
  const perRequest = (ticks: number): number => (ticks / TICKS_PER_SECOND) * 1e6 / Math.max(1, run.requests);
  const figure = (suffix: string, what: string, ticks: number): Figure =>
    logFigure(ctx, toFigure({ id: `${id}.${suffix}`, scenario, name: `${label}: CPU per request, ${what}`, unit: 'us' }, [{ rate: perRequest(ticks), errors: run.errors }]));
  return [figure('main', 'main thread', main), figure('others', 'other threads', others)];
}
