import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorTarget, Supervisor } from '../../src/supervisor/supervisor.js';
import { runtimeSupervisor } from './runtime-supervisor.js';
import { ThreadRuntime } from '../../src/supervisor/runtime/thread-runtime.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createRequest, messageRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';

const PLAIN: ActorTarget = { actorId: 'kms', database: { kind: 'plain' }, key: null };
const body = (s: string): Uint8Array => Buffer.from(s, 'utf8');

describe('Supervisor on worker threads', () => {
  let dir = '';
  let s: Supervisor;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-threads-'));
    s = runtimeSupervisor(new ThreadRuntime({ sqlitePath: dir, logLevel: 'off' }, silentLogger));
    await s.start();
  });

  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves KMIP requests from an actor in a worker thread', async () => {
    const reply = parseResponse(await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(createRequest()))));
    assert.equal(reply.tag, 'CreateResponse');
    assert.match(textField(reply, 'UniqueIdentifier'), /^[0-9a-f-]{36}$/);
  });

  it('fails the in-flight request of a killed worker and serves the next request on a restarted one', async () => {
    // A long batch keeps the actor busy, so the kill lands while the request is in flight.
    const slow = messageRequest(Array.from({ length: 3000 }, () => createRequest()));
    const inflight = s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(slow)));
    await s.killWorkerOf('kms');
    await assert.rejects(inflight, (err: unknown) => err instanceof KmsError && err.code === 'ACTOR_CRASHED');
    const reply = parseResponse(await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(createRequest({ uid: 'after-crash' })))));
    assert.equal(textField(reply, 'UniqueIdentifier'), 'after-crash');
    assert.ok(s.stats().workers.every((w) => w.state === 'ready'));
  });
});
