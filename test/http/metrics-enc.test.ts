import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand } from '../../src/config/load.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { silentLogger } from '../../src/lib/logger.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { kmipOk, newDatabase, postKmip, secretParts } from '../helpers/http-client.js';
import { createRequest } from '../helpers/kmip-requests.js';
import { scrape } from '../helpers/metrics-text.js';

const TOTAL = 'kms_requests_total';
const IDLE_SECONDS = 60;

describe('/metrics in sqlite-enc mode, on an injected clock', () => {
  const clock = new FakeClock();
  const rootDir = makeTempRoot();
  let server: RunningServer;
  let url = '';
  const secrets: string[] = [];

  before(async () => {
    const argv = [
      '--port', '0', '--hostname', '127.0.0.1', '--root-data-path', rootDir, '--database-type', 'sqlite-enc',
      '--workers', '2', '--actor-idle-timeout', String(IDLE_SECONDS), '--max-open-actors', '2',
    ];
    const command = parseCommand(argv, {}, rootDir, 2);
    if (command.action !== 'run') throw new Error(`expected a run command, got ${command.action}`);
    server = await startServer(command.config, silentLogger, clock);
    url = `http://127.0.0.1:${server.port}`;
    for (let i = 0; i < 3; i++) secrets.push(await newDatabase(url));
  });
  after(async () => {
    await server.stop();
    removeDir(rootDir);
  });

  it('counts database creations and the databases on disk', async () => {
    const m = await scrape(url);
    assert.equal(m.value(TOTAL, { operation: 'new_database', outcome: 'success' }), 3);
    assert.equal(m.value('kms_databases_stored'), 3);
    assert.equal(m.value('kms_actors_open'), 0, 'creating a database opens no actor');
  });

  it('counts activations, then evictions for the open-actor cap and for idleness', async () => {
    for (const s of secrets) await kmipOk(url, createRequest(), s);
    let m = await scrape(url);
    assert.equal(m.value('kms_actor_activations_total'), 3);
    assert.equal(m.value('kms_actor_evictions_total', { reason: 'capacity' }), 1);
    assert.equal(m.value('kms_actors_open'), 2);
    assert.equal(m.value(TOTAL, { operation: 'Create', outcome: 'success' }), 3);
    clock.advance(IDLE_SECONDS * 1000);
    m = await scrape(url);
    assert.equal(m.value('kms_actor_evictions_total', { reason: 'idle' }), 2);
    assert.equal(m.value('kms_actors_open'), 0);
  });

  it('counts refused secrets as errors by code, whether the gateway or the actor refused them', async () => {
    const [first] = secrets;
    assert.ok(first !== undefined);
    const { groupId } = secretParts(first);
    const wrongKey = Buffer.from(`{"group_id":${groupId.toString()},"key":"${'0'.repeat(64)}"}`).toString('base64');
    assert.equal((await postKmip(url, createRequest(), 'not a secret')).status, 401);
    assert.equal((await postKmip(url, createRequest())).status, 401);
    assert.equal((await postKmip(url, createRequest(), wrongKey)).status, 401);
    const m = await scrape(url);
    assert.equal(m.value(TOTAL, { operation: 'kmip', outcome: 'error', reason: 'SECRET_MALFORMED' }), 1);
    assert.equal(m.value(TOTAL, { operation: 'kmip', outcome: 'error', reason: 'SECRET_MISSING' }), 1);
    assert.equal(m.value(TOTAL, { operation: 'kmip', outcome: 'error', reason: 'SECRET_MISMATCH' }), 1);
    assert.equal(m.histogram('kms_request_duration_seconds', { operation: 'kmip', outcome: 'error' })?.count, 3);
  });

  it('names no tenant: no group id, key or secret appears anywhere', async () => {
    const m = await scrape(url);
    for (const s of secrets) {
      const { groupId, keyHex } = secretParts(s);
      assert.ok(!m.text.includes(groupId.toString()), 'group id');
      assert.ok(!m.text.toLowerCase().includes(keyHex.toLowerCase()), 'key');
      assert.ok(!m.text.includes(s), 'secret');
    }
  });
});
