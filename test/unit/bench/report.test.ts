import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toFigure } from '../../../bench/measure.js';
import { throughputSeries } from '../../../bench/report/json.js';
import { ceilingId, formatNumber, renderMarkdown, replaceBetween } from '../../../bench/report/markdown.js';
import { niceScale, renderSvg } from '../../../bench/report/svg.js';
import { evaluateTargets } from '../../../bench/report/targets.js';
import { benchConfig } from '../../../bench/config.js';
import type { BenchResult, Figure } from '../../../bench/result.js';

const fig = (id: string, median: number, o: { errors?: number; name?: string; concurrency?: number } = {}): Figure =>
  toFigure({ id, scenario: 'S', name: o.name ?? id, unit: 'req/s', ...(o.concurrency === undefined ? {} : { concurrency: o.concurrency }) }, [{ rate: median, errors: o.errors ?? 0 }]);

const passing = (): Figure[] => [
  fig('http.echo.c64', 40_000), fig('http.encrypt.c64', 30_000), fig('ws.encrypt', 50_000),
  fig('batch.message', 200_000), fig('batch.bulk', 400_000), fig('create.c4', 5_500), fig('create.c32', 6_000),
  fig('create-plain.c4', 7_000), fig('create-plain.c32', 8_000),
  fig('many.single', 20_000), fig('many.random', 6_000), fig('many.activation-p99', 4),
  fig('memory.rss-after', 150, { name: 'RSS after 10000 databases came and went' }), fig('memory.per-actor', 0.4),
];

const result = (figures: Figure[]): BenchResult => ({
  version: 1, startedAt: '2026-01-02T03:04:05.000Z', finishedAt: '2026-01-02T03:20:00.000Z', config: benchConfig({}),
  machine: { cpuModel: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v20.0.0', kernel: 'Linux 6' },
  figures, targets: evaluateTargets(figures), failures: [],
});

describe('bench targets', () => {
  it('passes every target when each figure clears its bar', () => {
    const t = evaluateTargets(passing());
    assert.equal(t.length, 13);
    assert.deepEqual(t.filter((x) => x.pass !== true).map((x) => x.id), []);
  });

  it('marks a missed bar as missed with the measured ratio', () => {
    const f = passing().map((x) => (x.id === 'create.c32' ? fig('create.c32', 2_000) : x));
    const t = evaluateTargets(f);
    assert.equal(t.find((x) => x.id === '4a')?.pass, false);
    const ratio = t.find((x) => x.id === '4b');
    assert.equal(ratio?.pass, false);
    assert.match(ratio?.measured ?? '', /^0\.36x/);
  });

  it('never passes a figure that saw failed requests', () => {
    const f = passing().map((x) => (x.id === 'batch.bulk' ? fig('batch.bulk', 400_000, { errors: 3 }) : x));
    const t = evaluateTargets(f).find((x) => x.id === '3b');
    assert.equal(t?.pass, false);
    assert.match(t?.measured ?? '', /3 failed requests/);
  });

  it('reports a target without its figures as not measured', () => {
    const t = evaluateTargets(passing().filter((x) => x.id !== 'ws.encrypt'));
    assert.equal(t.find((x) => x.id === '2')?.pass, null);
  });

  it('does not pass a negative memory growth per actor, which means the reading was disturbed', () => {
    const f = passing().map((x) => (x.id === 'memory.per-actor' ? fig('memory.per-actor', -0.05) : x));
    assert.equal(evaluateTargets(f).find((x) => x.id === '6b')?.pass, false);
  });

  it('does not pass the memory target after fewer than 10,000 databases', () => {
    const f = passing().map((x) => (x.id === 'memory.rss-after' ? fig('memory.rss-after', 150, { name: 'RSS after 500 databases came and went' }) : x));
    assert.equal(evaluateTargets(f).find((x) => x.id === '6a')?.pass, false);
  });
});

describe('bench markdown', () => {
  it('formats large numbers with separators and small ones with two decimals', () => {
    assert.equal(formatNumber(25_123.4), '25,123');
    assert.equal(formatNumber(0.456), '0.46');
    assert.equal(formatNumber(Number.NaN), 'n/a');
  });

  it('pairs each figure with its ceiling of the same run: the echo at the same concurrency, the Message item floor, the thread runtime for the process one, raw signing for Certify', () => {
    assert.equal(ceilingId('http.encrypt.c16'), 'http.echo.c16');
    assert.equal(ceilingId('ws.encrypt'), 'ws.echo');
    assert.equal(ceilingId('batch.message'), 'ceiling.message-item');
    assert.equal(ceilingId('process.encrypt.c64'), 'http.encrypt.c64');
    assert.equal(ceilingId('process.create.c32'), 'create.c32');
    assert.equal(ceilingId('cert.certify.ec.c8'), 'crypto.ecdsa-p256-sign');
    assert.equal(ceilingId('cert.certify.rsa.c1'), 'crypto.rsa2048-sign');
    assert.equal(ceilingId('create.c4'), undefined);
  });

  it('renders the machine, each target with its verdict, every figure, the PyKMIP placeholder and the chart', () => {
    const f = passing().map((x) => (x.id === 'create.c32' ? fig('create.c32', 2_000) : x));
    const md = renderMarkdown(result(f), 'chart.svg');
    assert.match(md, /Test CPU, 2 cores, 4 GiB RAM, Node v20\.0\.0/);
    assert.match(md, /\| 4a \| Create \(durable\) at 32 clients >= 5,000\/s, encrypted database \| 2,000 creates\/s \| \*\*missed\*\* \|/);
    assert.match(md, /\| 4c \| Create \(durable\) at 32 clients >= 5,000\/s, plain database \(the default\) \| 8,000 creates\/s \| \*\*pass\*\* \|/);
    assert.match(md, /\| 1a \| .* \| \*\*pass\*\* \|/);
    assert.match(md, /\| S \| http\.encrypt\.c64 \| 30,000 req\/s \|.*\| 75% \|/);
    assert.match(md, /PyKMIP.*pending/);
    assert.match(md, /!\[Throughput versus concurrency\]\(chart\.svg\)/);
  });

  it('replaces only the text between the markers', () => {
    const doc = 'intro\n<!-- b -->\nold\n<!-- e -->\noutro\n';
    assert.equal(replaceBetween(doc, '<!-- b -->', '<!-- e -->', 'new'), 'intro\n<!-- b -->\nnew\n<!-- e -->\noutro\n');
    assert.throws(() => replaceBetween('no markers', '<!-- b -->', '<!-- e -->', 'x'), /markers/);
  });
});

describe('bench chart', () => {
  it('rounds the y axis up to 1, 2 or 5 times a power of ten', () => {
    assert.deepEqual(niceScale(23_000), { top: 25_000, step: 5_000 });
    assert.deepEqual(niceScale(0), { top: 1, step: 0.2 });
  });

  it('draws one line per series through its points, with a legend', () => {
    const series = throughputSeries([
      fig('http.echo.c1', 10_000, { concurrency: 1 }), fig('http.echo.c64', 40_000, { concurrency: 64 }),
      fig('http.encrypt.c1', 5_000, { concurrency: 1 }), fig('http.encrypt.c64', 30_000, { concurrency: 64 }),
      fig('create.c1', 1_000, { concurrency: 1 }), fig('create.c32', 3_000, { concurrency: 32 }),
    ]);
    assert.deepEqual(series.map((s) => s.points.length), [2, 2, 2]);
    const svg = renderSvg('Title <&>', 'req/s', series);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.equal(svg.match(/<polyline /g)?.length, 3);
    assert.equal(svg.match(/<circle /g)?.length, 6);
    assert.match(svg, /Title &lt;&amp;&gt;/);
    assert.match(svg, /bare uWS echo \(ceiling\)/);
    assert.match(svg, />40k</);
  });
});
