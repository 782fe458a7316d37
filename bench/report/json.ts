/**
 * Writes a run's result as JSON and the series of the throughput chart drawn from its figures.
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BenchResult, Figure } from '../result.js';
import type { Series } from './svg.js';

/** Writes `r` to `file` (pretty-printed, so diffs between runs read well). */
export function writeResult(file: string, r: BenchResult): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
}

/** The chart's lines: echo ceiling, HTTP Encrypt and Create, by concurrency. */
export function throughputSeries(figures: readonly Figure[]): Series[] {
  const line = (prefix: string, label: string, color: string): Series => ({
    label,
    color,
    points: figures.filter((f) => f.id.startsWith(prefix) && f.concurrency !== undefined).map((f) => ({ x: f.concurrency ?? 0, y: f.value.median })),
  });
  return [
    line('http.echo.c', 'bare uWS echo (ceiling)', '#9e9e9e'),
    line('http.encrypt.c', 'HTTP Encrypt AES-GCM 64 B', '#1f77b4'),
    line('create.c', 'Create AES-256 (durable)', '#d62728'),
  ];
}
