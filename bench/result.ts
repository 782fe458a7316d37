/**
 * The shape of a benchmark result (bench/results/latest.json): every figure with its runs, the
 * targets judged against them, the machine and the settings of the run.
 * @module
 */
import type { BenchConfig } from './config.js';
import type { Machine } from './machine.js';
import type { Summary } from './stats.js';

/** One measured figure. */
export interface Figure {
  /** Stable key the targets and the chart look figures up by, e.g. `http.encrypt.c64`. */
  readonly id: string;
  /** The scenario's heading in the table. */
  readonly scenario: string;
  readonly name: string;
  readonly unit: string;
  /** Connections, clients or sessions, when the figure is one point of a curve. */
  readonly concurrency?: number;
  readonly value: Summary;
  /** Medians over the runs of the per-run latency percentiles, when the load tool gives them. */
  readonly p50Ms?: number;
  readonly p99Ms?: number;
  /** Failed requests over all runs; a figure with errors does not pass a target. */
  readonly errors: number;
}

/** A target of the issue judged against this run. */
export interface TargetResult {
  readonly id: string;
  readonly description: string;
  readonly measured: string;
  /** null: the figure it needs was not measured. */
  readonly pass: boolean | null;
}

/** A whole run. */
export interface BenchResult {
  readonly version: 1;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly config: BenchConfig;
  readonly machine: Machine;
  readonly figures: readonly Figure[];
  readonly targets: readonly TargetResult[];
  /** Scenarios that could not run to the end, and why. */
  readonly failures: readonly { readonly scenario: string; readonly message: string }[];
}
