import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Supervisor, type ActorTarget, type SupervisorOptions } from '../../src/supervisor/supervisor.js';
import { SupervisorMetrics } from '../../src/supervisor/supervisor-metrics.js';
import { InlineRuntime, type InlineHostFactory } from '../../src/supervisor/runtime/inline-runtime.js';
import { Registry } from '../../src/lib/metrics.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { PROTOCOL_VERSION } from '../../src/protocol/messages.js';
import { silentLogger } from '../../src/lib/logger.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { Scrape } from '../helpers/metrics-text.js';
import { ScriptedHosts, settle } from './scripted-host.js';

const IDLE_MS = 60_000;
const running: Supervisor[] = [];

interface Measured {
  readonly s: Supervisor;
  readonly read: () => Promise<Scrape>;
}

async function start(factory: InlineHostFactory, clock: FakeClock, over: Partial<SupervisorOptions> = {}): Promise<Measured> {
  const registry = new Registry();
  const s = new Supervisor({
    runtime: new InlineRuntime(factory),
    workers: 2,
    clock,
    logger: silentLogger,
    idleTimeoutMs: IDLE_MS,
    maxOpenActors: 10,
    metrics: new SupervisorMetrics(registry),
    ...over,
  });
  running.push(s);
  await s.start();
  return { s, read: async () => new Scrape(await registry.render()) };
}

/** Group ids long enough that finding one in the metrics text could not be a coincidence. */
const GROUP = ['918273645546372819', '827364554637281900', '736455463728190011', '645546372819001122'] as const;

function target(group: string, keyByte = 7): ActorTarget {
  return { actorId: group, database: { kind: 'encrypted', groupId: group }, key: new Uint8Array(32).fill(keyByte) };
}

const text = (s: string): Uint8Array => Buffer.from(s);

/**
 * ScriptedHosts whose request answers say which operation they were (the request body), and
 * fail as a missing key would when the body is "fail".
 */
function describing(hosts: ScriptedHosts): InlineHostFactory {
  return (index, emit, exit) => {
    const bodies = new Map<number, string>();
    const handle = hosts.factory(index, (e) => {
      const body = e.type === 'ready' ? undefined : bodies.get(e.id);
      if (body === undefined || e.type !== 'done') emit(e);
      else if (body === 'fail') emit({ type: 'fault', v: PROTOCOL_VERSION, id: e.id, error: { code: 'KMIP_ERROR', reason: 'Item_Not_Found', message: 'no such key' }, operation: 'Get' });
      else emit({ ...e, operation: body });
    }, exit);
    return (cmd) => {
      if (cmd.type === 'request') bodies.set(cmd.id, Buffer.from(cmd.body).toString());
      handle(cmd);
    };
  };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('supervisor metrics', () => {
  it('counts activations and evictions for capacity, idleness, by request and at shutdown', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const { s, read } = await start(hosts.factory, clock, { maxOpenActors: 1 });
    await s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('a'));
    await s.dispatch(target(GROUP[1]), 'kmip', 'admin', text('b'));
    await settle();
    let m = await read();
    assert.equal(m.value('kms_actor_activations_total'), 2);
    assert.equal(m.value('kms_actor_evictions_total', { reason: 'capacity' }), 1);
    assert.equal(m.value('kms_actors_open'), 1);

    clock.advance(IDLE_MS);
    await settle();
    m = await read();
    assert.equal(m.value('kms_actor_evictions_total', { reason: 'idle' }), 1);
    assert.equal(m.value('kms_actors_open'), 0);

    await s.dispatch(target(GROUP[2]), 'kmip', 'admin', text('c'));
    await settle();
    assert.equal(await s.evict(GROUP[2]), true);
    await s.dispatch(target(GROUP[3]), 'kmip', 'admin', text('d'));
    await s.stop();
    m = await read();
    assert.equal(m.value('kms_actor_activations_total'), 4);
    assert.deepEqual(
      ['idle', 'capacity', 'requested', 'shutdown'].map((reason) => m.value('kms_actor_evictions_total', { reason })),
      [1, 1, 1, 1],
    );
    for (const g of GROUP) assert.ok(!m.text.includes(g), 'no group id in the metrics');
  });

  it('counts a worker crash, the actor it hosted and the request it lost', async () => {
    const hosts = new ScriptedHosts();
    const { s, read } = await start(hosts.factory, new FakeClock());
    await s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('warm'));
    hosts.hold.add('request');
    const lost = s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('lost'));
    await settle();
    await s.killWorkerOf(GROUP[0]);
    await assert.rejects(lost, (err: unknown) => err instanceof KmsError && err.code === 'ACTOR_CRASHED');
    const m = await read();
    assert.equal(m.value('kms_worker_crashes_total'), 1);
    assert.equal(m.value('kms_actor_crashes_total'), 1);
    assert.equal(m.value('kms_requests_total', { operation: 'kmip', outcome: 'error', reason: 'ACTOR_CRASHED' }), 1);
    assert.equal(m.value('kms_actors_open'), 0);
  });

  it('shows queued requests in total and for the busiest actor, and the workers by state, never per database', async () => {
    const hosts = new ScriptedHosts();
    const { s, read } = await start(hosts.factory, new FakeClock());
    hosts.hold.add('request');
    const pending = [
      ...[1, 2, 3].map(() => s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('x'))),
      s.dispatch(target(GROUP[1]), 'kmip', 'admin', text('y')),
    ];
    await settle();
    let m = await read();
    assert.equal(m.value('kms_actor_mailbox_requests'), 4);
    assert.equal(m.value('kms_actor_mailbox_requests_max'), 3);
    assert.equal(m.value('kms_workers', { state: 'ready' }), 2);
    assert.equal(m.value('kms_workers', { state: 'failed' }), 0);
    for (const g of GROUP) assert.ok(!m.text.includes(g), 'no group id in the metrics');
    hosts.release();
    await Promise.all(pending);
    m = await read();
    assert.equal(m.value('kms_actor_mailbox_requests'), 0);
    assert.equal(m.value('kms_actor_mailbox_requests_max'), 0);
  });

  it('labels requests with the operation the worker named, and counts its failures with their reason', async () => {
    const hosts = new ScriptedHosts();
    const { s, read } = await start(describing(hosts), new FakeClock());
    for (let i = 0; i < 3; i++) await s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('Encrypt'));
    await s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('Batch'));
    await assert.rejects(s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('fail')));
    const m = await read();
    assert.equal(m.value('kms_requests_total', { operation: 'Encrypt', outcome: 'success' }), 3);
    assert.equal(m.value('kms_requests_total', { operation: 'Batch', outcome: 'success' }), 1);
    assert.equal(m.value('kms_requests_total', { operation: 'Get', outcome: 'failure', reason: 'Item_Not_Found' }), 1);
    assert.equal(m.histogram('kms_request_duration_seconds', { operation: 'Encrypt', outcome: 'success' })?.count, 3);
  });

  it('counts what the supervisor refuses itself, under the request kind, and not the API-token checks of other requests', async () => {
    const hosts = new ScriptedHosts();
    const { s, read } = await start(hosts.factory, new FakeClock());
    await s.dispatch(target(GROUP[0], 7), 'owned', 'admin', text(''));
    await assert.rejects(s.dispatch(target(GROUP[0], 8), 'owned', 'admin', text('')));
    await s.dispatch(target(GROUP[0], 7), 'api-token', 'admin', text('token'));
    await s.stop();
    await assert.rejects(s.dispatch(target(GROUP[0]), 'kmip', 'admin', text('late')));
    const m = await read();
    assert.equal(m.value('kms_requests_total', { operation: 'owned', outcome: 'success' }), 1);
    assert.equal(m.value('kms_requests_total', { operation: 'owned', outcome: 'error', reason: 'SECRET_MISMATCH' }), 1);
    assert.equal(m.value('kms_requests_total', { operation: 'kmip', outcome: 'error', reason: 'SHUTTING_DOWN' }), 1);
    assert.equal(m.total('kms_requests_total'), 3);
  });
});
