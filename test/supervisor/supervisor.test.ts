import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { Supervisor, type ActorTarget, type SupervisorOptions } from '../../src/supervisor/supervisor.js';
import { InlineRuntime } from '../../src/supervisor/runtime/inline-runtime.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { silentLogger } from '../../src/lib/logger.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { ScriptedHosts, settle } from './scripted-host.js';

const IDLE_MS = 60_000;
const running: Supervisor[] = [];

async function start(hosts: ScriptedHosts, clock: FakeClock, over: Partial<SupervisorOptions> = {}): Promise<Supervisor> {
  const s = new Supervisor({
    runtime: new InlineRuntime(hosts.factory),
    workers: 2,
    clock,
    logger: silentLogger,
    idleTimeoutMs: IDLE_MS,
    maxOpenActors: 10,
    ...over,
  });
  running.push(s);
  await s.start();
  return s;
}

function target(group: string, keyByte = 7): ActorTarget {
  return { actorId: group, database: { kind: 'encrypted', groupId: group }, key: new Uint8Array(32).fill(keyByte) };
}

const text = (s: string): Uint8Array => Buffer.from(s);
const str = (b: Uint8Array): string => Buffer.from(b).toString();

async function rejection(p: Promise<unknown>): Promise<KmsError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof KmsError, 'expected a KmsError');
    return err;
  }
  assert.fail('expected the promise to reject');
}

afterEach(async () => {
  const clockless = running.splice(0);
  // Stop with whatever clock they use: shutdown only waits when requests are still running.
  await Promise.all(clockless.map((s) => s.stop()));
});

describe('Supervisor', () => {
  it('activates an actor on its first request and reuses it for the next ones', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    assert.equal(str(await s.dispatch(target('1'), 'kmip', 'admin', text('a'))), 'a');
    assert.equal(str(await s.dispatch(target('1'), 'kmip', 'admin', text('b'))), 'b');
    assert.equal(hosts.ofType('activate').length, 1);
    assert.equal(s.stats().openActors, 1);
  });

  it('sends requests right behind the activation, without waiting for it, and answers them in arrival order', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    hosts.hold.add('activate');
    let answered = 0;
    const replies = ['1', '2', '3', '4'].map((b) => s.dispatch(target('9'), 'kmip', 'admin', text(b)).finally(() => { answered++; }));
    await settle();
    assert.deepEqual(hosts.seen.map((x) => x.cmd.type), ['activate', 'request', 'request', 'request', 'request'], 'the activation goes first, the requests follow at once');
    assert.equal(answered, 0, 'no answer before the database is open');
    hosts.release();
    assert.deepEqual((await Promise.all(replies)).map(str), ['1', '2', '3', '4']);
    assert.deepEqual(hosts.ofType('request').map((r) => str(r.body)), ['1', '2', '3', '4']);
  });

  it('sends one actor\'s requests to a single worker in FIFO order', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    await s.dispatch(target('5'), 'kmip', 'admin', text('warm'));
    const bodies = Array.from({ length: 20 }, (_, i) => String(i));
    await Promise.all(bodies.map((b) => s.dispatch(target('5'), 'kmip', 'admin', text(b))));
    const reqs = hosts.ofType('request').slice(1);
    assert.deepEqual(reqs.map((r) => str(r.body)), bodies);
    assert.equal(new Set(reqs.map((r) => r.worker)).size, 1);
  });

  it('rejects a key that differs from the open actor\'s without reaching the worker', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    await s.dispatch(target('3', 1), 'kmip', 'admin', text('ok'));
    const err = await rejection(s.dispatch(target('3', 2), 'kmip', 'admin', text('x')));
    assert.equal(err.code, 'SECRET_MISMATCH');
    assert.equal(hosts.ofType('request').length, 1);
  });

  it('wipes the presented key once the request is admitted', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    const t = target('4', 9);
    await s.dispatch(t, 'kmip', 'admin', text('ok'));
    assert.ok(t.key?.every((b) => b === 0));
  });

  it('fails waiting requests with a wrong key but activates again for a request with another key', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    hosts.hold.add('activate');
    hosts.failActivation = (cmd) => (cmd.key?.[0] === 1 ? { code: 'SECRET_MISMATCH', message: 'Database secret is wrong' } : undefined);
    const wrong = s.dispatch(target('8', 1), 'kmip', 'admin', text('wrong'));
    const right = s.dispatch(target('8', 2), 'kmip', 'admin', text('right'));
    await settle();
    hosts.hold.clear();
    hosts.release();
    assert.equal((await rejection(wrong)).code, 'SECRET_MISMATCH');
    assert.equal(str(await right), 'right');
    assert.equal(hosts.ofType('activate').length, 2);
  });

  it('evicts an actor idle longer than the idle timeout, and not before', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const s = await start(hosts, clock);
    await s.dispatch(target('6'), 'kmip', 'admin', text('x'));
    await settle();
    clock.advance(IDLE_MS - 1);
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 0);
    clock.advance(1);
    await settle();
    const d = hosts.ofType('deactivate');
    assert.equal(d.length, 1);
    assert.equal(d[0]?.reason, 'idle');
    assert.equal(s.stats().openActors, 0);
  });

  it('restarts the idle countdown on every request', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const s = await start(hosts, clock);
    await s.dispatch(target('6'), 'kmip', 'admin', text('x'));
    clock.advance(IDLE_MS / 2);
    await s.dispatch(target('6'), 'kmip', 'admin', text('y'));
    await settle();
    clock.advance(IDLE_MS / 2 + 1);
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 0);
    clock.advance(IDLE_MS / 2);
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 1);
  });

  it('keeps an actor with an attached session open past the idle timeout, until the session detaches', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const s = await start(hosts, clock);
    await s.attachSession(target('81'), 'admin');
    await settle();
    clock.advance(IDLE_MS * 5);
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 0);
    s.detachSession('81');
    clock.advance(IDLE_MS);
    await settle();
    assert.deepEqual(hosts.ofType('deactivate').map((d) => d.reason), ['idle']);
  });

  it('does not close an actor with an attached session to make room', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock(), { maxOpenActors: 1 });
    await s.attachSession(target('91'), 'admin');
    await s.dispatch(target('92'), 'kmip', 'admin', text('x'));
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 0);
    assert.equal(s.stats().openActors, 2);
  });

  it('never evicts an actor while a request is running', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const s = await start(hosts, clock);
    await s.dispatch(target('7'), 'kmip', 'admin', text('x'));
    hosts.hold.add('request');
    const slow = s.dispatch(target('7'), 'kmip', 'admin', text('slow'));
    await settle();
    clock.advance(IDLE_MS * 3);
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 0);
    hosts.hold.clear();
    hosts.release();
    assert.equal(str(await slow), 'slow');
  });

  it('serves a target that brings its verifier instead of its key, unlocking a key copy only to reopen the actor', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    let unlocked = 0;
    const remembered = (keyByte: number): ActorTarget => ({
      actorId: '8', database: { kind: 'encrypted', groupId: '8' }, key: null,
      verifier: s.verifierFor('8', new Uint8Array(32).fill(keyByte)),
      unlock: () => { unlocked++; return new Uint8Array(32).fill(keyByte); },
    });
    assert.equal(str(await s.dispatch(remembered(7), 'kmip', 'admin', text('a'))), 'a');
    assert.equal(str(await s.dispatch(target('8', 7), 'kmip', 'admin', text('b'))), 'b', 'the same key, presented, matches');
    assert.equal(str(await s.dispatch(remembered(7), 'kmip', 'admin', text('c'))), 'c');
    assert.equal(unlocked, 1, 'an open actor needs no key');
    assert.deepEqual(Array.from(hosts.ofType('activate')[0]?.key ?? []), Array.from(new Uint8Array(32).fill(7)));
    assert.equal((await rejection(s.dispatch(remembered(6), 'kmip', 'admin', text('x')))).code, 'SECRET_MISMATCH');
    await settle();
    assert.equal(await s.evict('8'), true);
    assert.equal(str(await s.dispatch(remembered(7), 'kmip', 'admin', text('d'))), 'd');
    assert.equal(unlocked, 2);
    assert.equal(hosts.ofType('activate').length, 2);
  });

  it('reactivates an evicted actor on its next request', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const s = await start(hosts, clock);
    await s.dispatch(target('2'), 'kmip', 'admin', text('x'));
    await settle();
    assert.equal(await s.evict('2'), true);
    assert.equal(str(await s.dispatch(target('2'), 'kmip', 'admin', text('again'))), 'again');
    assert.equal(hosts.ofType('activate').length, 2);
  });

  it('closes the least recently used idle actor when the open-actor cap is reached', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock(), { maxOpenActors: 2 });
    await s.dispatch(target('11'), 'kmip', 'admin', text('1'));
    await s.dispatch(target('12'), 'kmip', 'admin', text('2'));
    await s.dispatch(target('11'), 'kmip', 'admin', text('3')); // b is now the least recently used
    await s.dispatch(target('13'), 'kmip', 'admin', text('4'));
    await settle();
    const d = hosts.ofType('deactivate');
    assert.deepEqual(d.map((x) => [x.actorId, x.reason]), [['12', 'capacity']]);
    assert.equal(s.stats().openActors, 2);
  });

  it('fails a crashed worker\'s in-flight requests, never replays them, and serves the next request', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    await s.dispatch(target('21'), 'kmip', 'admin', text('warm'));
    hosts.hold.add('request');
    const inflight = s.dispatch(target('21'), 'kmip', 'admin', text('lost'));
    await settle();
    await s.killWorkerOf('21');
    const err = await rejection(inflight);
    assert.equal(err.code, 'ACTOR_CRASHED');
    hosts.hold.clear();
    assert.equal(str(await s.dispatch(target('21'), 'kmip', 'admin', text('next'))), 'next');
    assert.equal(hosts.ofType('request').filter((r) => str(r.body) === 'lost').length, 1, 'the lost request ran once and was not replayed');
    assert.equal(hosts.ofType('activate').length, 2);
    assert.ok(s.stats().workers.every((w) => w.state === 'ready'));
  });

  it('fails requests queued behind an activation that crashed its worker instead of reopening the database', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    await s.dispatch(target('40'), 'kmip', 'admin', text('warm'));
    await settle();
    await s.evict('40');
    await settle();
    hosts.hold.add('activate');
    const first = s.dispatch(target('40'), 'kmip', 'admin', text('a'));
    const second = s.dispatch(target('40'), 'kmip', 'admin', text('b'));
    await settle();
    await s.killWorkerOf('40');
    assert.equal((await rejection(first)).code, 'ACTOR_CRASHED');
    assert.equal((await rejection(second)).code, 'ACTOR_CRASHED');
    await settle();
    assert.equal(hosts.ofType('activate').length, 2, 'the crashing activation was not retried');
  });

  it('rests a worker past its restart intensity, then restarts it after the period', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    const s = await start(hosts, clock, { workers: 1, workerRestarts: { intensity: 0, periodMs: 5_000 } });
    await s.dispatch(target('41'), 'kmip', 'admin', text('x'));
    await s.killWorkerOf('41');
    await settle();
    assert.equal(s.stats().workers[0]?.state, 'failed');
    assert.equal((await rejection(s.dispatch(target('41'), 'kmip', 'admin', text('y')))).code, 'ACTOR_UNAVAILABLE');
    clock.advance(5_000);
    await settle();
    assert.equal(s.stats().workers[0]?.state, 'ready');
    assert.equal(str(await s.dispatch(target('41'), 'kmip', 'admin', text('z'))), 'z');
  });

  it('evicts nobody for a request naming a database that does not exist', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock(), { maxOpenActors: 2 });
    await s.dispatch(target('51'), 'kmip', 'admin', text('1'));
    await s.dispatch(target('52'), 'kmip', 'admin', text('2'));
    hosts.failActivation = (cmd) => (cmd.actorId === '53' ? { code: 'DATABASE_NOT_FOUND', message: 'no database' } : undefined);
    assert.equal((await rejection(s.dispatch(target('53'), 'kmip', 'admin', text('3')))).code, 'DATABASE_NOT_FOUND');
    await settle();
    assert.equal(hosts.ofType('deactivate').length, 0);
    assert.equal(s.stats().openActors, 2);
  });

  it('refuses requests past the per-database queue limit with OVERLOADED', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock(), { maxPendingPerActor: 2 });
    await s.dispatch(target('61'), 'kmip', 'admin', text('warm'));
    await settle();
    hosts.hold.add('request');
    const a = s.dispatch(target('61'), 'kmip', 'admin', text('a'));
    const b = s.dispatch(target('61'), 'kmip', 'admin', text('b'));
    assert.equal((await rejection(s.dispatch(target('61'), 'kmip', 'admin', text('c')))).code, 'OVERLOADED');
    hosts.hold.clear();
    hosts.release();
    assert.deepEqual((await Promise.all([a, b])).map(str), ['a', 'b']);
  });

  it('stops promptly when an activation fails while it drains', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    hosts.hold.add('activate');
    hosts.failActivation = () => ({ code: 'SECRET_MISMATCH', message: 'Database secret is wrong' });
    const wrong = s.dispatch(target('71'), 'kmip', 'admin', text('x'));
    await settle();
    const stopping = s.stop();
    hosts.hold.clear();
    hosts.release();
    assert.equal((await rejection(wrong)).code, 'SECRET_MISMATCH');
    await stopping; // the fake clock never advances: only the drain signal can end this wait
  });

  it('opens a database\'s circuit after repeated crashes instead of looping', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock(), { actorRestarts: { intensity: 1, periodMs: 60_000 } });
    hosts.hold.add('request');
    for (let i = 0; i < 2; i++) {
      const p = s.dispatch(target('666'), 'kmip', 'admin', text('boom'));
      await settle();
      await s.killWorkerOf('666');
      assert.equal((await rejection(p)).code, 'ACTOR_CRASHED');
      await settle();
    }
    const err = await rejection(s.dispatch(target('666'), 'kmip', 'admin', text('again')));
    assert.equal(err.code, 'ACTOR_UNAVAILABLE');
  });

  it('does not restart a worker that dies before it is ready', async () => {
    const hosts = new ScriptedHosts();
    hosts.bootFailures.add(1);
    const s = new Supervisor({ runtime: new InlineRuntime(hosts.factory), workers: 2, clock: new FakeClock(), logger: silentLogger, idleTimeoutMs: IDLE_MS, maxOpenActors: 10 });
    running.push(s);
    await assert.rejects(s.start());
    await settle();
    assert.equal(s.stats().workers[1]?.state, 'failed');
    assert.equal(hosts.starts.get(1), 1);
  });

  it('drains running requests, closes every actor and refuses new work on stop', async () => {
    const hosts = new ScriptedHosts();
    const s = await start(hosts, new FakeClock());
    await s.dispatch(target('31'), 'kmip', 'admin', text('1'));
    hosts.hold.add('request');
    const running2 = s.dispatch(target('31'), 'kmip', 'admin', text('2'));
    await settle();
    const stopping = s.stop();
    await settle();
    assert.equal((await rejection(s.dispatch(target('32'), 'kmip', 'admin', text('3')))).code, 'SHUTTING_DOWN');
    hosts.hold.clear();
    hosts.release();
    assert.equal(str(await running2), '2');
    await stopping;
    assert.deepEqual(hosts.ofType('deactivate').map((d) => d.reason), ['shutdown']);
    assert.equal(hosts.ofType('shutdown').length, 2);
  });
});
