import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHelp, escapeLabelValue, formatValue, labelText, Registry } from '../../../src/lib/metrics.js';
import { assertHistogramShape, Scrape } from '../../helpers/metrics-text.js';

describe('metrics registry and text exposition', () => {
  it('escapes backslash, double quote and line feed in label values, and the parser reads them back', async () => {
    const nasty = 'C:\\dir\\"quoted"\nnext line';
    assert.equal(escapeLabelValue(nasty), 'C:\\\\dir\\\\\\"quoted\\"\\nnext line');
    const r = new Registry();
    r.counter('t_total', 'Test.', ['v']).child([nasty]).inc(2);
    const text = await r.render();
    assert.ok(text.includes('t_total{v="C:\\\\dir\\\\\\"quoted\\"\\nnext line"} 2\n'), text);
    assert.equal(text.split('\n').length, 4, 'the line feed in the value does not break the line');
    assert.equal(new Scrape(text).value('t_total', { v: nasty }), 2);
  });

  it('escapes HELP text and leaves other characters alone', async () => {
    assert.equal(escapeHelp('a\\b\nc "q"'), 'a\\\\b\\nc "q"');
    const r = new Registry();
    r.gauge('g', 'Two\nlines with a \\ backslash.').child().set(1);
    const s = new Scrape(await r.render());
    assert.equal(s.family('g').help, 'Two\nlines with a \\ backslash.');
    assert.equal(s.family('g').type, 'GAUGE');
  });

  it('leaves out labels with an empty value', () => {
    assert.equal(labelText(['a', 'b', 'c'], ['x', '', 'z']), '{a="x",c="z"}');
    assert.equal(labelText(['a'], ['']), '');
    assert.equal(labelText([], []), '');
  });

  it('spells special values as Prometheus does', () => {
    assert.equal(formatValue(Infinity), '+Inf');
    assert.equal(formatValue(-Infinity), '-Inf');
    assert.equal(formatValue(Number.NaN), 'NaN');
    assert.equal(formatValue(0.25), '0.25');
    assert.equal(formatValue(12), '12');
  });

  it('renders HELP and TYPE for every family, series in creation order, one child per label set', async () => {
    const r = new Registry();
    const c = r.counter('requests_total', 'Requests.', ['op']);
    c.child(['b']).inc();
    c.child(['a']).inc(3);
    c.child(['b']).inc();
    r.gauge('open', 'Open things.').child().set(7);
    assert.equal(await r.render(), [
      '# HELP requests_total Requests.',
      '# TYPE requests_total counter',
      'requests_total{op="b"} 2',
      'requests_total{op="a"} 3',
      '# HELP open Open things.',
      '# TYPE open gauge',
      'open 7',
      '',
    ].join('\n'));
  });

  it('keeps histogram buckets cumulative, with le inclusive and +Inf equal to the count', async () => {
    const r = new Registry();
    const h = r.histogram('d_seconds', 'Durations.', ['op'], [0.001, 0.01, 0.1]).child(['x']);
    for (const v of [0.0005, 0.001, 0.002, 0.01, 0.5, 7]) h.observe(v);
    const s = new Scrape(await r.render());
    assert.equal(s.family('d_seconds').type, 'HISTOGRAM');
    const series = s.histogram('d_seconds', { op: 'x' });
    assert.ok(series !== undefined);
    assert.deepEqual(series.buckets, [['0.001', 2], ['0.01', 4], ['0.1', 4], ['+Inf', 6]]);
    assert.equal(series.count, 6);
    assert.ok(Math.abs(series.sum - 7.5135) < 1e-9);
    assertHistogramShape(series);
  });

  it('runs collectors, synchronous and asynchronous, before each rendering', async () => {
    const r = new Registry();
    const g = r.gauge('a', 'A.').child();
    const h = r.gauge('b', 'B.').child();
    let n = 0;
    r.onCollect(() => { g.set(++n); });
    r.onCollect(async () => { h.set(await Promise.resolve(n * 10)); });
    const first = new Scrape(await r.render());
    assert.deepEqual([first.value('a'), first.value('b')], [1, 10]);
    const second = new Scrape(await r.render());
    assert.deepEqual([second.value('a'), second.value('b')], [2, 20]);
  });

  it('refuses bad names, duplicates, the le label on histograms, bad bounds and wrong label counts', () => {
    const r = new Registry();
    r.counter('ok_total', 'x', ['a']);
    assert.throws(() => r.counter('ok_total', 'again'), /twice/);
    assert.throws(() => r.gauge('1bad', 'x'), /bad metric name/);
    assert.throws(() => r.gauge('bad-name', 'x'), /bad metric name/);
    assert.throws(() => r.counter('c1', 'x', ['bad-label']), /bad label name/);
    assert.throws(() => r.counter('c2', 'x', ['__reserved']), /bad label name/);
    assert.throws(() => r.counter('c3', 'x', ['a', 'a']), /repeated/);
    assert.throws(() => r.histogram('h1', 'x', ['le'], [1]), /reserved/);
    assert.throws(() => r.histogram('h2', 'x', [], [1, 1]), /strictly increasing/);
    assert.throws(() => r.histogram('h3', 'x', [], []), /strictly increasing/);
    assert.throws(() => r.histogram('h4', 'x', [], [1, Infinity]), /finite/);
    const c = r.counter('c4_total', 'x', ['a', 'b']);
    assert.throws(() => c.child(['only one']), /takes 2 label values/);
  });
});
