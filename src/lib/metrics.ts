/**
 * A small Prometheus metrics registry and its text exposition (format 0.0.4). Built for a hot
 * path: a labelled series is resolved once into a child object, and counting is then plain
 * number arithmetic on it; label text is escaped once, when the child is created. Rendering is
 * the only place that builds strings.
 * @module
 */

/** The TYPE a family is exposed as. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Escapes a label value: backslash, double quote and line feed, as the text format requires. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : '\\n'));
}

/** Escapes HELP text: backslash and line feed. */
export function escapeHelp(text: string): string {
  return text.replace(/[\\\n]/g, (c) => (c === '\\' ? '\\\\' : '\\n'));
}

/** A sample value as the text format spells it. */
export function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/**
 * `{a="x",b="y"}` for the given names and values, '' when there are none. A label with an empty
 * value is left out: Prometheus reads an empty label as an absent one.
 */
export function labelText(names: readonly string[], values: readonly string[]): string {
  const parts: string[] = [];
  names.forEach((name, i) => {
    const value = values[i] ?? '';
    if (value !== '') parts.push(`${name}="${escapeLabelValue(value)}"`);
  });
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** One series of a counter. */
export class CounterChild {
  value = 0;

  constructor(
    /** The rendered sample name and labels, e.g. `kms_x_total{a="b"}`. */
    readonly sample: string,
  ) {}

  inc(by = 1): void {
    this.value += by;
  }
}

/** One series of a gauge. */
export class GaugeChild {
  value = 0;

  constructor(readonly sample: string) {}

  set(value: number): void {
    this.value = value;
  }
}

/** One series of a histogram: per-bucket counts (not cumulative), sum and count. */
export class HistogramChild {
  /** counts[i] holds observations in (bounds[i-1], bounds[i]]; the last slot is above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly bounds: Float64Array,
    /** One rendered line prefix per bucket, `+Inf` last, each ending in a space. */
    readonly bucketPrefixes: readonly string[],
    readonly sumPrefix: string,
    readonly countPrefix: string,
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    // Linear from the smallest bound: most observations fall in the first few buckets.
    while (i < bounds.length && value > (bounds[i] ?? Infinity)) i++;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    this.sum += value;
    this.count++;
  }
}

interface Family {
  readonly name: string;
  render(out: string[]): void;
}

/** Children keyed by their label values; resolving one is for setup, not for each observation. */
abstract class LabelledFamily<C> implements Family {
  readonly #children = new Map<string, C>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    readonly labelNames: readonly string[],
  ) {}

  /** The series with these label values (in labelNames order), created on first use. */
  child(values: readonly string[] = []): C {
    if (values.length !== this.labelNames.length) {
      throw new Error(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
    }
    const key = values.join('\u0000');
    let c = this.#children.get(key);
    if (c === undefined) {
      c = this.create(values);
      this.#children.set(key, c);
    }
    return c;
  }

  protected abstract create(values: readonly string[]): C;

  protected abstract lines(child: C, out: string[]): void;

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    for (const c of this.#children.values()) this.lines(c, out);
  }
}

/** A counter family. */
export class Counter extends LabelledFamily<CounterChild> {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'counter', labelNames);
  }

  protected create(values: readonly string[]): CounterChild {
    return new CounterChild(this.name + labelText(this.labelNames, values));
  }

  protected lines(c: CounterChild, out: string[]): void {
    out.push(`${c.sample} ${formatValue(c.value)}`);
  }
}

/** A gauge family. */
export class Gauge extends LabelledFamily<GaugeChild> {
  constructor(name: string, help: string, labelNames: readonly string[]) {
    super(name, help, 'gauge', labelNames);
  }

  protected create(values: readonly string[]): GaugeChild {
    return new GaugeChild(this.name + labelText(this.labelNames, values));
  }

  protected lines(c: GaugeChild, out: string[]): void {
    out.push(`${c.sample} ${formatValue(c.value)}`);
  }
}

/** A histogram family with fixed bucket bounds. */
export class Histogram extends LabelledFamily<HistogramChild> {
  readonly #bounds: Float64Array;

  constructor(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]) {
    super(name, help, 'histogram', labelNames);
    if (bounds.length === 0 || bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] ?? b)))) {
      throw new Error(`${name}: bucket bounds must be finite and strictly increasing`);
    }
    this.#bounds = Float64Array.from(bounds);
  }

  protected create(values: readonly string[]): HistogramChild {
    const names = [...this.labelNames, 'le'];
    const les = [...Array.from(this.#bounds, formatValue), '+Inf'];
    const labels = labelText(this.labelNames, values);
    return new HistogramChild(
      this.#bounds,
      les.map((le) => `${this.name}_bucket${labelText(names, [...values, le])} `),
      `${this.name}_sum${labels} `,
      `${this.name}_count${labels} `,
    );
  }

  protected lines(c: HistogramChild, out: string[]): void {
    let cumulative = 0;
    c.bucketPrefixes.forEach((prefix, i) => {
      cumulative += c.counts[i] ?? 0;
      out.push(prefix + formatValue(cumulative));
    });
    out.push(c.sumPrefix + formatValue(c.sum), c.countPrefix + formatValue(c.count));
  }
}

/** Runs before each rendering, to bring gauges up to date. */
export type Collector = () => void | Promise<void>;

/** The metric families of one server and their rendering. */
export class Registry {
  readonly #families: Family[] = [];
  readonly #collectors: Collector[] = [];

  #add<F extends Family>(family: F, labelNames: readonly string[]): F {
    if (!METRIC_NAME.test(family.name)) throw new Error(`bad metric name ${family.name}`);
    if (this.#families.some((f) => f.name === family.name)) throw new Error(`metric ${family.name} registered twice`);
    for (const l of labelNames) {
      if (!LABEL_NAME.test(l) || l.startsWith('__')) throw new Error(`bad label name ${l}`);
    }
    if (new Set(labelNames).size !== labelNames.length) throw new Error(`${family.name}: repeated label name`);
    this.#families.push(family);
    return family;
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.#add(new Counter(name, help, labelNames), labelNames);
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.#add(new Gauge(name, help, labelNames), labelNames);
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Histogram {
    if (labelNames.includes('le')) throw new Error(`${name}: "le" is reserved for histogram buckets`);
    return this.#add(new Histogram(name, help, labelNames, bounds), labelNames);
  }

  /** Adds work to run before each rendering (reading gauges from their sources). */
  onCollect(collector: Collector): void {
    this.#collectors.push(collector);
  }

  /** Every family in the text format, in registration order. */
  async render(): Promise<string> {
    await Promise.all(this.#collectors.map(async (c) => { await c(); }));
    const out: string[] = [];
    for (const f of this.#families) f.render(out);
    out.push('');
    return out.join('\n');
  }
}
