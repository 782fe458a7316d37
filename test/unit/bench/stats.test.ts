import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { median, percentile, summarize } from '../../../bench/stats.js';

describe('bench stats', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.ok(Number.isNaN(median([])));
  });

  it('summarizes runs as median with min and max, keeping the runs in order', () => {
    assert.deepEqual(summarize([30, 10, 20]), { median: 20, min: 10, max: 30, runs: [30, 10, 20] });
  });

  it('picks nearest-rank percentiles from unsorted samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(percentile(samples, 50), 50);
    assert.equal(percentile(samples, 99), 99);
    assert.equal(percentile(samples, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.ok(Number.isNaN(percentile([], 50)));
  });
});
