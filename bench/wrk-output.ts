/**
 * Reads what `wrk --latency` prints: requests per second, the latency distribution (converted to
 * milliseconds), and the counts of failed requests, so a run that errored is never reported as fast.
 * @module
 */

/** One wrk run. */
export interface WrkRun {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  /** Non-2xx/3xx answers plus socket errors and timeouts. */
  readonly errors: number;
}

const UNIT_MS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A wrk duration such as `812.00us`, `1.20ms` or `2.01s`, in milliseconds; NaN when unreadable. */
export function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (m === null) return Number.NaN;
  return Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? Number.NaN);
}

/** Parses wrk's report; throws when the requests-per-second line is missing. */
export function parseWrkOutput(out: string): WrkRun {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  if (rps === null) throw new Error(`wrk printed no Requests/sec line: ${out.slice(0, 300)}`);
  const pct = (p: string): number => durationMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = socket === null ? 0 : socket.slice(1).reduce((n, v) => n + Number(v), 0);
  return {
    rps: Number(rps[1]),
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? 'NaN'),
    errors: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? '0') + socketErrors,
  };
}
