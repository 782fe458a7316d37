/**
 * The markdown report: the machine and settings, every target with its measured value and verdict,
 * and one table of all figures (median, spread over the runs, latency, share of the ceiling).
 * @module
 */
import type { BenchResult, Figure, TargetResult } from '../result.js';

/** Figures whose ceiling is another figure of the same run. */
export function ceilingId(id: string): string | undefined {
  if (id.startsWith('http.encrypt.')) return id.replace('http.encrypt.', 'http.echo.');
  if (id === 'ws.encrypt') return 'ws.echo';
  if (id === 'batch.message') return 'ceiling.message-item';
  // Actors in child processes, against the same load on worker threads (the default).
  if (id === 'process.encrypt.c64') return 'http.encrypt.c64';
  if (id === 'process.create.c32') return 'create.c32';
  // Certify, against the bare signature of its CA's algorithm on one core.
  if (id.startsWith('cert.certify.ec.')) return 'crypto.ecdsa-p256-sign';
  if (id.startsWith('cert.certify.rsa.')) return 'crypto.rsa2048-sign';
  return undefined;
}

/** A number for a table: thousands separated above 100, two decimals below. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return 'n/a';
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function verdict(t: TargetResult): string {
  if (t.pass === null) return 'not measured';
  return t.pass ? '**pass**' : '**missed**';
}

function targetTable(targets: readonly TargetResult[]): string[] {
  return ['| # | Target | Measured | Result |', '|---|---|---|---|', ...targets.map((t) => `| ${t.id} | ${cell(t.description)} | ${cell(t.measured)} | ${verdict(t)} |`)];
}

function figureRow(f: Figure, all: readonly Figure[]): string {
  const ceil = ceilingId(f.id);
  const c = ceil === undefined ? undefined : all.find((x) => x.id === ceil);
  const share = c === undefined ? '' : `${((f.value.median / c.value.median) * 100).toFixed(0)}%`;
  const spread = f.value.runs.length > 1 ? `${formatNumber(f.value.min)} – ${formatNumber(f.value.max)}` : '';
  const ms = (x: number | undefined): string => (x === undefined ? '' : formatNumber(x));
  return `| ${cell(f.scenario)} | ${cell(f.name)} | ${formatNumber(f.value.median)} ${f.unit} | ${spread} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ${share} | ${f.errors > 0 ? String(f.errors) : ''} |`;
}

/** The report, with `chart` as the image path of the throughput chart. */
export function renderMarkdown(r: BenchResult, chart: string): string {
  const m = r.machine;
  const c = r.config;
  return [
    `Run of ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC${c.quick ? ' (**quick run**: one short run per figure, fewer databases; not a result)' : ''}.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.kernel}.`,
    `Settings: ${c.runs} run(s) of ${c.seconds} s per figure after a ${c.warmupSeconds} s warm-up; wrk -t1; ${c.randomDatabases} random databases with ${c.maxOpenActors} open actors; ${c.memoryDatabases} databases for memory.`,
    '',
    ...(r.failures.length === 0 ? [] : ['**Scenarios that failed in this run:**', '', ...r.failures.map((f) => `- ${f.scenario}: ${cell(f.message)}`), '']),
    '### Targets',
    '',
    ...targetTable(r.targets),
    '',
    '### All figures',
    '',
    'Median over the runs; spread is min – max; p50/p99 are request latencies in ms (medians over the runs);',
    '"of ceiling" is the share of the bare uWS echo at the same concurrency (for the Message batch: of the Message item floor on one thread; with actors in child processes: of the same load on worker threads; for Certify: of node:crypto signing with the CA\'s algorithm on one core).',
    '',
    '| Scenario | Figure | Median | Spread | p50 ms | p99 ms | of ceiling | Errors |',
    '|---|---|---|---|---|---|---|---|',
    ...r.figures.map((f) => figureRow(f, r.figures)),
    // A run without the PyKMIP comparison (python3-pykmip missing, or the scenario failed) says so.
    ...(r.figures.some((f) => f.id.startsWith('pykmip.')) ? [] : ['| PyKMIP | Create / Get against the PyKMIP server | *pending: not measured in this run* | | | | | |']),
    '',
    `![Throughput versus concurrency](${chart})`,
  ].join('\n');
}

/** Replaces the text between two marker lines of `doc`; throws when a marker is missing. */
export function replaceBetween(doc: string, begin: string, end: string, content: string): string {
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end, a + begin.length);
  if (a < 0 || b < 0) throw new Error(`markers ${begin} ... ${end} not found`);
  return `${doc.slice(0, a + begin.length)}\n${content}\n${doc.slice(b)}`;
}
