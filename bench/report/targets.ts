/**
 * The targets, judged against a run's figures. A target whose figure is missing is
 * reported as not measured, and a figure that saw failed requests never passes.
 * @module
 */
import type { Figure, TargetResult } from '../result.js';

type Lookup = (id: string) => Figure | undefined;

const fmt = (n: number): string => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

interface Check {
  readonly id: string;
  readonly description: string;
  /** The figures it reads, then the measured text and the verdict from them. */
  readonly needs: readonly string[];
  readonly judge: (f: readonly Figure[]) => { measured: string; pass: boolean };
}

const v = (f: readonly Figure[], i: number): number => f[i]?.value.median ?? Number.NaN;

const CHECKS: readonly Check[] = [
  { id: '1a', description: 'HTTP Encrypt at 64 connections >= 25,000 req/s', needs: ['http.encrypt.c64'], judge: (f) => ({ measured: `${fmt(v(f, 0))} req/s`, pass: v(f, 0) >= 25_000 }) },
  { id: '1b', description: 'HTTP Encrypt at 64 connections >= 0.5x bare uWS echo', needs: ['http.encrypt.c64', 'http.echo.c64'], judge: (f) => ({ measured: `${(v(f, 0) / v(f, 1)).toFixed(2)}x (${fmt(v(f, 0))} / ${fmt(v(f, 1))})`, pass: v(f, 0) / v(f, 1) >= 0.5 }) },
  { id: '2', description: 'WebSocket pipelined Encrypt >= 1.5x HTTP Encrypt (64 conn.)', needs: ['ws.encrypt', 'http.encrypt.c64'], judge: (f) => ({ measured: `${(v(f, 0) / v(f, 1)).toFixed(2)}x (${fmt(v(f, 0))} / ${fmt(v(f, 1))})`, pass: v(f, 0) / v(f, 1) >= 1.5 }) },
  { id: '3a', description: 'Message batch of 100 Encrypts >= 150,000 items/s', needs: ['batch.message'], judge: (f) => ({ measured: `${fmt(v(f, 0))} items/s`, pass: v(f, 0) >= 150_000 }) },
  { id: '3b', description: 'BulkData Encrypt of 1,000 items >= 150,000 items/s', needs: ['batch.bulk'], judge: (f) => ({ measured: `${fmt(v(f, 0))} items/s`, pass: v(f, 0) >= 150_000 }) },
  { id: '4a', description: 'Create (durable) at 32 clients >= 5,000/s, encrypted database', needs: ['create.c32'], judge: (f) => ({ measured: `${fmt(v(f, 0))} creates/s`, pass: v(f, 0) >= 5_000 }) },
  { id: '4b', description: 'Create at 32 clients >= 0.9x Create at 4 clients, encrypted database', needs: ['create.c32', 'create.c4'], judge: (f) => ({ measured: `${(v(f, 0) / v(f, 1)).toFixed(2)}x (${fmt(v(f, 0))} / ${fmt(v(f, 1))})`, pass: v(f, 0) / v(f, 1) >= 0.9 }) },
  { id: '4c', description: 'Create (durable) at 32 clients >= 5,000/s, plain database (the default)', needs: ['create-plain.c32'], judge: (f) => ({ measured: `${fmt(v(f, 0))} creates/s`, pass: v(f, 0) >= 5_000 }) },
  { id: '4d', description: 'Create at 32 clients >= 0.9x Create at 4 clients, plain database', needs: ['create-plain.c32', 'create-plain.c4'], judge: (f) => ({ measured: `${(v(f, 0) / v(f, 1)).toFixed(2)}x (${fmt(v(f, 0))} / ${fmt(v(f, 1))})`, pass: v(f, 0) / v(f, 1) >= 0.9 }) },
  { id: '5a', description: 'Random databases >= 0.25x single-database throughput', needs: ['many.random', 'many.single'], judge: (f) => ({ measured: `${(v(f, 0) / v(f, 1)).toFixed(2)}x (${fmt(v(f, 0))} / ${fmt(v(f, 1))})`, pass: v(f, 0) / v(f, 1) >= 0.25 }) },
  { id: '5b', description: 'Activation p99 < 10 ms (client side, request on a closed actor)', needs: ['many.activation-p99'], judge: (f) => ({ measured: `${fmt(v(f, 0))} ms`, pass: v(f, 0) < 10 }) },
  { id: '6a', description: 'RSS < 300 MB after 10,000 databases came and went', needs: ['memory.rss-after'], judge: (f) => {
    // A quick run creates fewer databases: it cannot pass this one.
    const count = Number(/(\d+) databases/.exec(f[0]?.name ?? '')?.[1] ?? 'NaN');
    return { measured: `${fmt(v(f, 0))} MB after ${count} databases`, pass: v(f, 0) < 300 && count >= 10_000 };
  } },
  { id: '6b', description: 'RSS per open actor < 1 MB', needs: ['memory.per-actor'], judge: (f) => ({ measured: `${fmt(v(f, 0))} MB`, pass: v(f, 0) >= 0 && v(f, 0) < 1 }) },
];

/** Every target, in the order. */
export function evaluateTargets(figures: readonly Figure[]): TargetResult[] {
  const byId: Lookup = (id) => figures.find((f) => f.id === id);
  return CHECKS.map((c) => {
    const found = c.needs.map(byId);
    const present = found.filter((f): f is Figure => f !== undefined);
    if (present.length < c.needs.length) return { id: c.id, description: c.description, measured: 'not measured', pass: null };
    const { measured, pass } = c.judge(present);
    const errors = present.reduce((n, f) => n + f.errors, 0);
    if (errors > 0) return { id: c.id, description: c.description, measured: `${measured}; ${errors} failed requests`, pass: false };
    return { id: c.id, description: c.description, measured, pass: pass && Number.isFinite(present[0]?.value.median ?? Number.NaN) };
  });
}
