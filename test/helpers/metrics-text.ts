/**
 * Reading /metrics in tests through an independent parser (parse-prometheus-text-format), so the
 * exposition format itself is checked, not just our own idea of it.
 * @module
 */
import assert from 'node:assert/strict';
import parsePrometheusTextFormat, { type PrometheusFamily, type PrometheusSample } from 'parse-prometheus-text-format';

/** Label values by name. */
export type LabelSet = Readonly<Record<string, string>>;

/** One histogram series: cumulative bucket counts by `le` (in order, `+Inf` last), sum and count. */
export interface HistogramSeries {
  readonly buckets: readonly (readonly [le: string, count: number])[];
  readonly sum: number;
  readonly count: number;
}

function sameLabels(a: LabelSet, b: LabelSet): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** A parsed scrape. */
export class Scrape {
  /** Every family as the parser reads the text. */
  readonly families: readonly PrometheusFamily[];
  // The parser merges the series of a labelled histogram into one; without their TYPE lines the
  // _bucket, _sum and _count samples parse as plain samples that keep all their labels.
  readonly #untyped: readonly PrometheusFamily[];

  constructor(readonly text: string) {
    this.families = parsePrometheusTextFormat(text);
    const histograms = new Set(this.families.filter((f) => f.type === 'HISTOGRAM').map((f) => f.name));
    this.#untyped = parsePrometheusTextFormat(
      text.split('\n').filter((l) => !(l.startsWith('# TYPE ') && histograms.has(l.split(' ')[2] ?? ''))).join('\n'),
    );
  }

  family(name: string): PrometheusFamily {
    const f = this.families.find((x) => x.name === name);
    assert.ok(f !== undefined, `no family ${name} in:\n${this.text}`);
    return f;
  }

  /** The value of the series of `name` with exactly these labels, or undefined when there is none. */
  value(name: string, labels: LabelSet = {}): number | undefined {
    return this.#sample(this.families, name, labels);
  }

  /** Like value(), 0 for a series not (yet) exposed. */
  count(name: string, labels: LabelSet = {}): number {
    return this.value(name, labels) ?? 0;
  }

  /** Sum over every series of `name` whose labels include `partial`. */
  total(name: string, partial: LabelSet = {}): number {
    return this.family(name).metrics
      .filter((m) => Object.entries(partial).every(([k, v]) => m.labels?.[k] === v))
      .reduce((n, m) => n + Number(m.value), 0);
  }

  /** One histogram series, or undefined when it has not been exposed. */
  histogram(name: string, labels: LabelSet): HistogramSeries | undefined {
    const buckets = samplesOf(this.#untyped, `${name}_bucket`)
      .filter((m) => m.labels !== undefined && sameLabels(Object.fromEntries(Object.entries(m.labels).filter(([k]) => k !== 'le')), labels))
      .map((m): [string, number] => [m.labels?.['le'] ?? '', Number(m.value)]);
    const sum = this.#sample(this.#untyped, `${name}_sum`, labels);
    const count = this.#sample(this.#untyped, `${name}_count`, labels);
    if (buckets.length === 0 || sum === undefined || count === undefined) return undefined;
    return { buckets, sum, count };
  }

  #sample(families: readonly PrometheusFamily[], name: string, labels: LabelSet): number | undefined {
    const m = samplesOf(families, name).find((x) => sameLabels(x.labels ?? {}, labels));
    return m?.value === undefined ? undefined : Number(m.value);
  }
}

/** The samples of every family called `name` (untyped histogram lines of one name come in several runs). */
function samplesOf(families: readonly PrometheusFamily[], name: string): readonly PrometheusSample[] {
  return families.filter((f) => f.name === name).flatMap((f) => f.metrics);
}

/** GETs /metrics, checks its content type, and parses it. */
export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`, { headers: { connection: 'close' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return new Scrape(await res.text());
}

/** Checks a histogram series: buckets cumulative and in order, `+Inf` last and equal to the count. */
export function assertHistogramShape(h: HistogramSeries): void {
  const les = h.buckets.map(([le]) => le);
  assert.equal(les.at(-1), '+Inf');
  const bounds = les.slice(0, -1).map(Number);
  assert.ok(bounds.every((b, i) => i === 0 || b > (bounds[i - 1] ?? b)), `bounds in order: ${les.join(' ')}`);
  const counts = h.buckets.map(([, c]) => c);
  assert.ok(counts.every((c, i) => i === 0 || c >= (counts[i - 1] ?? c)), `cumulative: ${counts.join(' ')}`);
  assert.equal(counts.at(-1), h.count);
}
