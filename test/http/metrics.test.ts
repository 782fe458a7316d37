import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { httpRequest, kmipOk, postKmip } from '../helpers/http-client.js';
import { batchRequest, createRequest, encryptRequest, getRequest, messageRequest, textField } from '../helpers/kmip-requests.js';
import { assertHistogramShape, scrape, type Scrape } from '../helpers/metrics-text.js';

const TOTAL = 'kms_requests_total';
const DURATION = 'kms_request_duration_seconds';

/** Scrapes until `done` holds (a worker's exit reaches the supervisor asynchronously); bounded, no sleeping. */
async function scrapeUntil(url: string, done: (m: Scrape) => boolean): Promise<Scrape> {
  let m = await scrape(url);
  for (let i = 0; i < 200 && !done(m); i++) m = await scrape(url);
  return m;
}

describe('/metrics on a real server (sqlite)', () => {
  let server: TestServer;
  let uid = '';
  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite' });
    uid = textField(await kmipOk(server.url, createRequest({ uid: 'metrics-key' })), 'UniqueIdentifier');
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('serves the text format: its content type, HELP and TYPE for every family, parsed by an independent reader', async () => {
    const m = await scrape(server.url);
    assert.ok(m.families.length >= 15, `${m.families.length} families`);
    for (const f of m.families) {
      assert.ok(f.help.length > 0, `${f.name} has HELP`);
      assert.notEqual(f.type, 'UNTYPED', `${f.name} has a TYPE`);
    }
    assert.equal(m.family(TOTAL).type, 'COUNTER');
    assert.equal(m.family(DURATION).type, 'HISTOGRAM');
    assert.equal(m.family('kms_actors_open').type, 'GAUGE');
    assert.ok(m.text.endsWith('\n'));
  });

  it('counts requests by operation and outcome, with a histogram whose count is the number of requests', async () => {
    const before = await scrape(server.url);
    for (let i = 0; i < 3; i++) await kmipOk(server.url, encryptRequest(uid, new Uint8Array(16)));
    const missing = await postKmip(server.url, getRequest('no-such-object'));
    assert.equal(missing.status, 422);
    const m = await scrape(server.url);
    const success = { operation: 'Encrypt', outcome: 'success' };
    assert.equal(m.count(TOTAL, success) - before.count(TOTAL, success), 3);
    const notFound = { operation: 'Get', outcome: 'failure', reason: 'Item_Not_Found' };
    assert.equal(m.count(TOTAL, notFound) - before.count(TOTAL, notFound), 1);
    const h = m.histogram(DURATION, success);
    assert.ok(h !== undefined);
    assertHistogramShape(h);
    assert.equal(h.count, m.value(TOTAL, success));
    assert.ok(h.sum > 0 && h.sum < 60, `sum ${h.sum}`);
    assert.deepEqual(h.buckets.map(([le]) => le), ['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf']);
    assert.equal(m.histogram(DURATION, { operation: 'Get', outcome: 'failure' })?.count, m.total(TOTAL, { operation: 'Get', outcome: 'failure' }));
  });

  it('labels a batch by its operation when all items share it, else Batch, and a failed item makes it a failure', async () => {
    const before = await scrape(server.url);
    await kmipOk(server.url, messageRequest([encryptRequest(uid, new Uint8Array(4)), encryptRequest(uid, new Uint8Array(4))]));
    await kmipOk(server.url, messageRequest([createRequest(), encryptRequest(uid, new Uint8Array(4))]));
    await kmipOk(server.url, messageRequest([encryptRequest(uid, new Uint8Array(4)), getRequest('no-such-object')]));
    const m = await scrape(server.url);
    const delta = (labels: Readonly<Record<string, string>>): number => m.count(TOTAL, labels) - before.count(TOTAL, labels);
    assert.equal(delta({ operation: 'Encrypt', outcome: 'success' }), 1);
    assert.equal(delta({ operation: 'Batch', outcome: 'success' }), 1);
    assert.equal(delta({ operation: 'Batch', outcome: 'failure', reason: 'Item_Not_Found' }), 1);
  });

  it('counts unreadable requests and unknown operations under kmip, never under the name the client sent', async () => {
    const before = await scrape(server.url);
    assert.equal((await postKmip(server.url, '{"tag":"SecretTenantOperation","type":"Structure","value":[]}')).status, 404);
    assert.equal((await postKmip(server.url, 'not json')).status, 422);
    await kmipOk(server.url, batchRequest([{ request: encryptRequest(uid, new Uint8Array(4)), operation: 'AnotherSecretName' }]));
    const m = await scrape(server.url);
    assert.equal(m.count(TOTAL, { operation: 'kmip', outcome: 'failure', reason: 'Operation_Not_Supported' }) - before.count(TOTAL, { operation: 'kmip', outcome: 'failure', reason: 'Operation_Not_Supported' }), 2);
    assert.equal(m.count(TOTAL, { operation: 'kmip', outcome: 'failure', reason: 'Invalid_Message' }) - before.count(TOTAL, { operation: 'kmip', outcome: 'failure', reason: 'Invalid_Message' }), 1);
    assert.ok(!m.text.includes('SecretTenantOperation') && !m.text.includes('AnotherSecretName'));
    assert.ok(!m.text.includes('metrics-key') && !m.text.includes('admin'), 'no object id or user name');
  });

  it('counts non-KMIP requests by kind, and HTTP responses by status class', async () => {
    const before = await scrape(server.url);
    assert.equal((await httpRequest(`${server.url}/objects/owned`)).status, 200);
    assert.equal((await httpRequest(`${server.url}/no/such/route`)).status, 404);
    const m = await scrape(server.url);
    assert.equal(m.count(TOTAL, { operation: 'owned', outcome: 'success' }) - before.count(TOTAL, { operation: 'owned', outcome: 'success' }), 1);
    // The scrape before is itself a 2xx response counted in between.
    assert.equal(m.count('kms_http_responses_total', { class: '2xx' }) - before.count('kms_http_responses_total', { class: '2xx' }), 2);
    assert.equal(m.count('kms_http_responses_total', { class: '4xx' }) - before.count('kms_http_responses_total', { class: '4xx' }), 1);
    assert.equal(m.value('kms_http_responses_total', { class: '5xx' }), 0);
  });

  it('shows the actors, workers, databases, build and process', async () => {
    const m = await scrape(server.url);
    assert.equal(m.value('kms_actors_open'), 1);
    assert.equal(m.value('kms_workers', { state: 'ready' }), 2);
    assert.equal(m.value('kms_databases_stored'), 1);
    assert.equal(m.value('kms_websocket_sessions'), 0);
    assert.ok(m.count('kms_actor_activations_total') >= 1);
    const build = m.family('kms_build_info').metrics[0];
    assert.equal(build?.labels?.['nodejs'], process.versions.node);
    assert.match(build?.labels?.['version'] ?? '', /^\d+\.\d+\.\d+/);
    assert.ok(m.count('process_resident_memory_bytes') > 1_000_000);
    assert.ok(m.count('nodejs_heap_used_bytes') > 0 && m.count('nodejs_heap_used_bytes') <= m.count('nodejs_heap_total_bytes'));
    assert.ok(m.count('process_uptime_seconds') > 0);
    assert.ok(Math.abs(m.count('process_start_time_seconds') + m.count('process_uptime_seconds') - Date.now() / 1000) < 60);
    assert.ok(m.count('nodejs_eventloop_lag_max_seconds') >= m.count('nodejs_eventloop_lag_p99_seconds'));
  });

  it('counts a crashed worker and the actor it hosted; the next request reopens the actor', async () => {
    const before = await scrape(server.url);
    await server.supervisor.killWorkerOf('kms');
    const m = await scrapeUntil(server.url, (x) => x.count('kms_worker_crashes_total') > before.count('kms_worker_crashes_total'));
    assert.equal(m.count('kms_worker_crashes_total') - before.count('kms_worker_crashes_total'), 1);
    assert.equal(m.count('kms_actor_crashes_total') - before.count('kms_actor_crashes_total'), 1);
    await kmipOk(server.url, encryptRequest(uid, new Uint8Array(4)));
    const after = await scrape(server.url);
    assert.equal(after.count('kms_actor_activations_total') - before.count('kms_actor_activations_total'), 1);
  });
});

describe('/metrics with authentication configured', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ databaseType: 'sqlite', extraArgs: ['--api-token-id', 'no-such-key'] }); });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('is served without credentials, and counts the requests the gateway refused under their route', async () => {
    assert.equal((await httpRequest(`${server.url}/objects/owned`)).status, 401);
    assert.equal((await postKmip(server.url, createRequest())).status, 401);
    const m = await scrape(server.url);
    assert.equal(m.value(TOTAL, { operation: 'owned', outcome: 'error', reason: 'UNAUTHORIZED' }), 1);
    assert.equal(m.value(TOTAL, { operation: 'kmip', outcome: 'error', reason: 'UNAUTHORIZED' }), 1);
    assert.equal(m.histogram(DURATION, { operation: 'owned', outcome: 'error' })?.count, 1);
    assert.equal(m.value('kms_http_responses_total', { class: '4xx' }), 2);
    assert.equal(m.value('kms_actors_open'), 0, 'a refused request opens no database');
  });
});
