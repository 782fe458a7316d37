import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from '../../src/lib/metrics.js';
import { OTHER_OPERATION, RequestMetrics } from '../../src/supervisor/request-metrics.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { assertHistogramShape, Scrape } from '../helpers/metrics-text.js';

const TOTAL = 'kms_requests_total';
const DURATION = 'kms_request_duration_seconds';

function fresh(): { m: RequestMetrics; read: () => Promise<Scrape> } {
  const r = new Registry();
  return { m: new RequestMetrics(r), read: async () => new Scrape(await r.render()) };
}

describe('request metrics', () => {
  it('sorts outcomes: answers succeed, KMIP failures fail with their reason, the rest are errors with their code', async () => {
    const { m, read } = fresh();
    m.record('Encrypt', null, null, 0.3);
    m.record('Encrypt', null, null, 2);
    m.record('Batch', null, 'Item_Not_Found', 4);
    m.record('Get', new KmsError('KMIP_ERROR', 'x', 'Item_Not_Found'), null, 1);
    m.record('Get', new KmsError('KMIP_ERROR', 'x'), null, 1);
    m.record('kmip', new KmsError('UNKNOWN_OPERATION', 'x'), null, 1);
    m.record('owned', new KmsError('SECRET_MISMATCH', 'x'), null, 1);
    m.refused('kmip', 'RATE_LIMITED', 0);
    const s = await read();
    assert.equal(s.value(TOTAL, { operation: 'Encrypt', outcome: 'success' }), 2);
    assert.equal(s.value(TOTAL, { operation: 'Batch', outcome: 'failure', reason: 'Item_Not_Found' }), 1);
    assert.equal(s.value(TOTAL, { operation: 'Get', outcome: 'failure', reason: 'Item_Not_Found' }), 1);
    assert.equal(s.value(TOTAL, { operation: 'Get', outcome: 'failure', reason: 'General_Failure' }), 1);
    assert.equal(s.value(TOTAL, { operation: 'kmip', outcome: 'failure', reason: 'Operation_Not_Supported' }), 1);
    assert.equal(s.value(TOTAL, { operation: 'owned', outcome: 'error', reason: 'SECRET_MISMATCH' }), 1);
    assert.equal(s.value(TOTAL, { operation: 'kmip', outcome: 'error', reason: 'RATE_LIMITED' }), 1);
    assert.equal(s.value(TOTAL, { operation: 'Get', outcome: 'success' }), undefined, 'series appear on first use');
    const enc = s.histogram(DURATION, { operation: 'Encrypt', outcome: 'success' });
    assert.ok(enc !== undefined);
    assertHistogramShape(enc);
    assert.equal(enc.count, 2);
    assert.ok(Math.abs(enc.sum - 0.0023) < 1e-12, 'milliseconds in, seconds out');
    assert.deepEqual(enc.buckets.slice(0, 3), [['0.0005', 1], ['0.001', 1], ['0.0025', 2]]);
    assert.equal(s.histogram(DURATION, { operation: 'Get', outcome: 'failure' })?.count, 2, 'one failure series for all reasons');
  });

  it('keeps the operation label bounded: implausible names and names past the cap count as other', async () => {
    const { m, read } = fresh();
    m.record('has space', null, null, 1);
    m.record('x'.repeat(41), null, null, 1);
    for (let i = 0; i < 100; i++) m.record(`Op${i}`, null, null, 1);
    const s = await read();
    const ops = new Set(s.family(TOTAL).metrics.map((x) => x.labels?.['operation']));
    assert.ok(ops.size <= 65, `${ops.size} operation labels`);
    assert.ok(ops.has(OTHER_OPERATION));
    assert.ok(!ops.has('has space'));
    assert.equal(s.total(TOTAL), 102, 'every request is still counted');
  });
});
