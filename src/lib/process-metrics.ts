/**
 * Process and runtime metrics, read when scraped: memory, heap, uptime, event-loop delay, and
 * what build is running. The event-loop delay is sampled by Node's native monitor (a libuv timer,
 * no JavaScript per sample) and reported per scrape interval, as the delay beyond the monitor's own
 * timer interval.
 * @module
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Registry } from './metrics.js';

/** Resolution of the event-loop delay monitor, ms: fine enough to see stalls, rare enough to cost nothing. */
const DELAY_RESOLUTION_MS = 20;

/** The monitor records whole timer intervals (ns); the lag is what came on top of the interval. */
function lag(intervalNs: number): number {
  return Math.max(0, intervalNs / 1e6 - DELAY_RESOLUTION_MS) / 1000;
}

/** What is running, for `kms_build_info`. */
export interface BuildInfo {
  readonly version: string;
}

/** Stops the event-loop monitor (on server stop). */
export interface ProcessMetrics {
  stop(): void;
}

/** Registers the process metrics and starts the event-loop delay monitor. */
export function watchProcess(registry: Registry, build: BuildInfo): ProcessMetrics {
  registry
    .gauge('kms_build_info', 'The running server: its version and the Node.js version, always 1.', ['version', 'nodejs'])
    .child([build.version, process.versions.node])
    .set(1);
  const start = registry.gauge('process_start_time_seconds', 'When the process started, in seconds since the Unix epoch.').child();
  start.set(Math.round((Date.now() / 1000 - process.uptime()) * 1000) / 1000);
  const uptime = registry.gauge('process_uptime_seconds', 'Seconds since the process started.').child();
  const rss = registry.gauge('process_resident_memory_bytes', 'Resident memory of the whole process (all threads), bytes.').child();
  const heapUsed = registry.gauge('nodejs_heap_used_bytes', 'V8 heap in use on the main thread, bytes.').child();
  const heapTotal = registry.gauge('nodejs_heap_total_bytes', 'V8 heap reserved on the main thread, bytes.').child();
  const lagP99 = registry.gauge('nodejs_eventloop_lag_p99_seconds', "99th percentile of the main thread's event-loop delay since the previous scrape.").child();
  const lagMax = registry.gauge('nodejs_eventloop_lag_max_seconds', "Longest main-thread event-loop delay since the previous scrape.").child();
  const delay = monitorEventLoopDelay({ resolution: DELAY_RESOLUTION_MS });
  delay.enable();
  registry.onCollect(() => {
    const mem = process.memoryUsage();
    uptime.set(process.uptime());
    rss.set(mem.rss);
    heapUsed.set(mem.heapUsed);
    heapTotal.set(mem.heapTotal);
    const sampled = delay.count > 0;
    lagP99.set(sampled ? lag(delay.percentile(99)) : 0);
    lagMax.set(sampled ? lag(delay.max) : 0);
    delay.reset();
  });
  return { stop: () => { delay.disable(); } };
}
