import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActorTarget, Supervisor } from '../../src/supervisor/supervisor.js';
import { runtimeSupervisor } from './runtime-supervisor.js';
import { ProcessRuntime } from '../../src/supervisor/runtime/process-runtime.js';
import { ThreadRuntime } from '../../src/supervisor/runtime/thread-runtime.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { silentLogger } from '../../src/lib/logger.js';
import { createRequest, getRequest, messageRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';
import { FrameSplitter, streamHeader } from '../../src/protocol/stream-frames.js';
import { ProtocolError } from '../../src/protocol/codec.js';
import { describeCrashIsolation } from './runtime-faults.case.js';

const PLAIN: ActorTarget = { actorId: 'kms', database: { kind: 'plain' }, key: null };
const body = (s: string): Uint8Array => Buffer.from(s, 'utf8');

/** The actor host processes a process forked (each names itself kms-actor-host-<index>). */
function hostPids(parent = process.pid): number[] {
  const children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim();
  return children === '' ? [] : children.split(' ').map(Number).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('kms-actor-host-'));
}

describe('Supervisor on child processes', () => {
  let dir = '';
  let s: Supervisor;
  const canary = 'env-canary-7f3a91';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-processes-'));
    // A setting of the server's own (some are secrets) that the hosts must not inherit.
    process.env['KMS_HTTPS_P12_PASSWORD'] = canary;
    s = runtimeSupervisor(new ProcessRuntime({ sqlitePath: dir, logLevel: 'off' }, silentLogger));
    await s.start();
  });

  after(async () => {
    delete process.env['KMS_HTTPS_P12_PASSWORD'];
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves KMIP requests from an actor in a child process', async () => {
    const reply = parseResponse(await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(createRequest()))));
    assert.equal(reply.tag, 'CreateResponse');
    assert.match(textField(reply, 'UniqueIdentifier'), /^[0-9a-f-]{36}$/);
    assert.equal(hostPids().length, 2);
  });

  it('carries large requests and answers across the pipe intact', async () => {
    const batch = messageRequest(Array.from({ length: 400 }, (_, i) => createRequest({ uid: `big-${i}` })));
    const reply = Buffer.from(await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(batch)))).toString('utf8');
    for (const i of [0, 199, 399]) assert.ok(reply.includes(`"big-${i}"`), `big-${i} missing from the answer`);
    const got = parseResponse(await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(getRequest('big-399')))));
    assert.equal(textField(got, 'UniqueIdentifier'), 'big-399');
  });

  it('gives the hosts the database key only over the channel: not in their command line or environment', async () => {
    const { groupId, key } = await s.createDatabase();
    const id = groupId.toString();
    const keyHex = Buffer.from(key).toString('hex');
    await s.dispatch({ actorId: id, database: { kind: 'encrypted', groupId: id }, key: Uint8Array.from(key) }, 'kmip', 'admin', body(toJson(createRequest())));
    const pids = hostPids();
    assert.equal(pids.length, 2);
    for (const pid of pids) {
      for (const file of ['cmdline', 'environ']) {
        const text = readFileSync(`/proc/${pid}/${file}`);
        assert.ok(!text.includes(Buffer.from(key)) && !text.toString('latin1').toLowerCase().includes(keyHex), `the key is in the host's ${file}`);
        assert.ok(!text.toString('latin1').includes(canary), `the host inherited a KMS_* variable through its ${file}`);
        assert.ok(!text.toString('latin1').includes('KMS_'), `the host's ${file} names a KMS_* setting`);
      }
    }
  });

  it('fails the in-flight request of a killed host and serves the next request on a restarted one', async () => {
    const slow = messageRequest(Array.from({ length: 3000 }, () => createRequest()));
    const inflight = s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(slow)));
    await s.killWorkerOf('kms');
    await assert.rejects(inflight, (err: unknown) => err instanceof KmsError && err.code === 'ACTOR_CRASHED');
    const reply = parseResponse(await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(createRequest({ uid: 'after-kill' })))));
    assert.equal(textField(reply, 'UniqueIdentifier'), 'after-kill');
    assert.ok(s.stats().workers.every((w) => w.state === 'ready'));
  });

  it('exits a host process when its parent dies', { timeout: 30_000 }, async () => {
    const fixture = new URL('./orphan-parent.js', import.meta.url).pathname;
    const parent = spawn(process.execPath, [fixture, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The host shares the fixture's stdout and stderr: both end only once every writer, the host included, is gone.
    const ended = Promise.all([parent.stdout, parent.stderr].map((stream) => new Promise((resolve) => { stream.on('end', resolve); })));
    let host: number | undefined;
    try {
      let out = '';
      parent.stdout.setEncoding('utf8');
      parent.stderr.resume();
      await new Promise<void>((resolve, reject) => {
        parent.stdout.on('data', (chunk: string) => { out += chunk; if (out.includes('ready\n')) resolve(); });
        parent.once('exit', (code) => { reject(new Error(`the fixture exited early (${String(code)})`)); });
      });
      [host] = hostPids(parent.pid ?? 0);
    } finally {
      parent.kill('SIGKILL');
    }
    assert.ok(host !== undefined, 'the fixture has no host process');
    await ended;
    const state = readdirSync('/proc').includes(String(host)) ? readFileSync(`/proc/${host}/stat`, 'utf8').split(') ')[1]?.charAt(0) : 'gone';
    assert.ok(state === 'gone' || state === 'Z', `the orphaned host is still running (state ${String(state)})`);
  });
});

describe('frames on the host pipe', () => {
  const framed = (...frames: Uint8Array[]): Buffer => Buffer.concat(frames.flatMap((f) => [streamHeader(f), f]));

  it('cuts a stream back into its frames however the chunks fall', () => {
    const frames = [Buffer.from('a'), Buffer.alloc(300, 7), Buffer.from('third frame')];
    const stream = framed(...frames);
    for (const size of [1, 2, 3, 5, 64, stream.length]) {
      const got: string[] = [];
      const splitter = new FrameSplitter((f) => { got.push(Buffer.from(f).toString('hex')); });
      for (let at = 0; at < stream.length; at += size) splitter.push(Uint8Array.from(stream.subarray(at, at + size)));
      assert.deepEqual(got, frames.map((f) => f.toString('hex')), `chunks of ${size} bytes`);
    }
  });

  it('wipes the chunk pieces a frame spread over once it is copied out', () => {
    const secret = Buffer.alloc(40, 0xab);
    const stream = framed(secret);
    const chunks = [Uint8Array.from(stream.subarray(0, 20)), Uint8Array.from(stream.subarray(20))];
    let frame: Uint8Array | undefined;
    const splitter = new FrameSplitter((f) => { frame = f; });
    for (const c of chunks) splitter.push(c);
    assert.deepEqual(Buffer.from(frame ?? []), secret);
    for (const c of chunks) assert.ok(!Buffer.from(c).includes(0xab), 'a piece of the frame was left in its chunk');
  });

  it('refuses an empty frame', () => {
    assert.throws(() => { new FrameSplitter(() => undefined).push(new Uint8Array(4)); }, ProtocolError);
  });
});

describe('fault injection by runtime', () => {
  it('refuses a SIGSEGV on worker threads, where it would end the whole server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-threads-'));
    const s = runtimeSupervisor(new ThreadRuntime({ sqlitePath: dir, logLevel: 'off' }, silentLogger), 1);
    try {
      await s.start();
      await s.dispatch(PLAIN, 'kmip', 'admin', body(toJson(createRequest())));
      await assert.rejects(s.injectFault('kms', 'segv'), /cannot suffer a segv fault/);
      assert.equal((await (async () => { try { await s.injectFault('nobody', 'exit'); return null; } catch (e) { return e; } })() as KmsError).code, 'ACTOR_UNAVAILABLE');
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describeCrashIsolation('worker threads', (dir) => new ThreadRuntime({ sqlitePath: dir, logLevel: 'off' }, silentLogger), ['exception', 'exit']);
describeCrashIsolation('child processes', (dir) => new ProcessRuntime({ sqlitePath: dir, logLevel: 'off' }, silentLogger), ['exception', 'exit', 'segv']);
