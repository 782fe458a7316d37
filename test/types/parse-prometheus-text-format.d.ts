/** The parts of parse-prometheus-text-format (which ships no types) the tests use. */
declare module 'parse-prometheus-text-format' {
  /** One series: a counter's or gauge's value, or an unlabelled histogram's buckets, count and sum. */
  export interface PrometheusSample {
    readonly value?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly buckets?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }

  /** One metric family. */
  export interface PrometheusFamily {
    readonly name: string;
    readonly help: string;
    readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    readonly metrics: readonly PrometheusSample[];
  }

  /** Parses text exposition format 0.0.4; throws on a malformed line. */
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
