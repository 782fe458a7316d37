/**
 * Summaries of repeated measurements: the median as the figure, min-max as its spread, and
 * nearest-rank percentiles of latency samples.
 * @module
 */

/** A figure measured several times. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
}

/** The median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Median, min and max of the runs of one figure. */
export function summarize(runs: readonly number[]): Summary {
  return {
    median: median(runs),
    min: runs.length === 0 ? Number.NaN : Math.min(...runs),
    max: runs.length === 0 ? Number.NaN : Math.max(...runs),
    runs: [...runs],
  };
}

/** The nearest-rank `p`-th percentile (0 < p <= 100) of unsorted samples; NaN when empty. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = Float64Array.from(samples).sort();
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
  return s[rank - 1] ?? Number.NaN;
}
