import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { benchConfig } from '../../../bench/config.js';
import { cpuModelFrom } from '../../../bench/machine.js';

describe('bench machine and settings', () => {
  it('reads the first CPU model name from /proc/cpuinfo text', () => {
    assert.equal(cpuModelFrom('processor\t: 0\nmodel name\t: AMD EPYC 7B13\nprocessor\t: 1\nmodel name\t: other\n'), 'AMD EPYC 7B13');
    assert.equal(cpuModelFrom('processor\t: 0\n'), undefined);
  });

  it('defaults to 3 runs of 5 s with 1,000 random and 10,000 memory databases', () => {
    const c = benchConfig({});
    assert.equal(c.runs, 3);
    assert.equal(c.seconds, 5);
    assert.equal(c.randomDatabases, 1000);
    assert.equal(c.memoryDatabases, 10_000);
    assert.deepEqual(c.httpConnections, [1, 4, 16, 64]);
    assert.deepEqual(c.createClients, [1, 4, 32]);
  });

  it('measures less in quick mode unless a variable says otherwise', () => {
    const q = benchConfig({ BENCH_QUICK: '1', BENCH_RUNS: '2' });
    assert.equal(q.quick, true);
    assert.equal(q.runs, 2);
    assert.equal(q.seconds, 2);
    assert.ok(q.memoryDatabases < 10_000);
  });

  it('refuses a setting that is not a positive number', () => {
    assert.throws(() => benchConfig({ BENCH_SECONDS: 'ten' }), /BENCH_SECONDS/);
    assert.throws(() => benchConfig({ BENCH_RUNS: '0' }), /BENCH_RUNS/);
  });
});
