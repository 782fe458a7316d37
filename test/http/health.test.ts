import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { Supervisor, type ActorTarget, type SupervisorOptions } from '../../src/supervisor/supervisor.js';
import { InlineRuntime } from '../../src/supervisor/runtime/inline-runtime.js';
import { silentLogger } from '../../src/lib/logger.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { ScriptedHosts, settle } from '../supervisor/scripted-host.js';
import { httpRequest, type HttpResult } from '../helpers/http-client.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';

const PLAIN: ActorTarget = { actorId: 'kms', database: { kind: 'plain' }, key: null };

const health = (url: string, path = '/health'): Promise<HttpResult> => httpRequest(`${url}${path}`);

describe('health checks on a real server', () => {
  let server: TestServer;
  before(async () => {
    // An API token makes every other route need credentials: health checks must not.
    server = await startTestServer({ databaseType: 'sqlite', extraArgs: ['--api-token-id', 'no-such-key'] });
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('answers ready with the worker counts, without credentials, and opens no database', async () => {
    for (const path of ['/health', '/health/ready']) {
      const r = await health(server.url, path);
      assert.equal(r.status, 200, path);
      assert.equal(r.contentType, 'application/json');
      assert.deepEqual(JSON.parse(r.text), { status: 'ok', workers_ready: 2, workers: 2 });
    }
    assert.equal(server.supervisor.stats().openActors, 0);
    assert.equal((await httpRequest(`${server.url}/objects/owned`)).status, 401, 'the other routes still need credentials');
  });

  it('answers live', async () => {
    const r = await health(server.url, '/health/live');
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
  });

  it('forbids caching', async () => {
    const res = await fetch(`${server.url}/health`, { headers: { connection: 'close' } });
    await res.text();
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});

/** One keep-alive connection, for asking a gateway that no longer accepts new ones. */
class KeptConnection {
  readonly #socket: Socket;
  #buffer = '';
  #waiting: (() => void) | null = null;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.#buffer += d;
      this.#waiting?.();
    });
  }

  static open(port: number): Promise<KeptConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => { resolve(new KeptConnection(s)); });
      s.once('error', reject);
    });
  }

  async get(path: string): Promise<{ status: number; body: string }> {
    this.#buffer = '';
    this.#socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    for (;;) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: (\d+)/i.exec(this.#buffer);
      if (end >= 0 && length !== null && this.#buffer.length >= end + 4 + Number(length[1])) {
        return { status: Number(this.#buffer.slice(9, 12)), body: this.#buffer.slice(end + 4) };
      }
      await new Promise<void>((resolve) => { this.#waiting = resolve; });
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

describe('health checks through the supervisor states', () => {
  const open: { s: Supervisor; g: Gateway }[] = [];
  afterEach(async () => {
    for (const { s, g } of open.splice(0)) {
      g.close();
      await s.stop();
      g.disconnectAll();
    }
  });

  /** A real gateway in front of a supervisor of scripted actor hosts; the supervisor is not started. */
  async function gatewayOver(hosts: ScriptedHosts, clock: FakeClock, over: Partial<SupervisorOptions> = {}): Promise<{ s: Supervisor; g: Gateway; url: string }> {
    const s = new Supervisor({ runtime: new InlineRuntime(hosts.factory), workers: 2, clock, logger: silentLogger, idleTimeoutMs: 60_000, maxOpenActors: 10, ...over });
    const g = await startGateway('127.0.0.1', 0, {
      backend: s,
      databaseType: 'sqlite',
      defaultUsername: 'admin',
      maxBodySize: 64 * 1024,
      version: 'test',
      logger: silentLogger,
      clock,
      readiness: () => s.readiness(),
    }, {
      clock,
      limits: { maxInFlight: 8, maxMessageBytes: 64 * 1024, idleTimeoutMs: 60_000, helloTimeoutMs: 5_000, highWaterBytes: 1024 * 1024, maxQueuedBytes: 1024 * 1024 },
    }, { source: null, authorityCertFile: null });
    open.push({ s, g });
    return { s, g, url: `http://127.0.0.1:${g.port}` };
  }

  it('is unavailable while starting and ready once every worker reported in', async () => {
    const hosts = new ScriptedHosts();
    const { s, url } = await gatewayOver(hosts, new FakeClock());
    let r = await health(url);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), { status: 'unavailable', reason: 'starting', workers_ready: 0, workers: 0 });
    await s.start();
    r = await health(url);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { status: 'ok', workers_ready: 2, workers: 2 });
  });

  it('is unavailable during the drain of a stop, while staying live', async () => {
    const hosts = new ScriptedHosts();
    const { s, url } = await gatewayOver(hosts, new FakeClock());
    await s.start();
    hosts.hold.add('request');
    const running = s.dispatch(PLAIN, 'kmip', 'admin', Buffer.from('slow'));
    await settle();
    const stopping = s.stop();
    const r = await health(url);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), { status: 'unavailable', reason: 'stopping', workers_ready: 2, workers: 2 });
    assert.equal((await health(url, '/health/ready')).status, 503);
    assert.equal((await health(url, '/health/live')).status, 200);
    hosts.release();
    await running;
    await stopping;
    assert.equal((await health(url)).status, 503, 'still unavailable once stopped');
  });

  it('is unavailable on a kept-alive connection once the gateway stopped accepting connections', async () => {
    const hosts = new ScriptedHosts();
    const { s, g } = await gatewayOver(hosts, new FakeClock());
    await s.start();
    const conn = await KeptConnection.open(g.port);
    try {
      assert.equal((await conn.get('/health')).status, 200);
      g.close();
      const r = await conn.get('/health');
      assert.equal(r.status, 503);
      assert.equal((JSON.parse(r.body) as { reason: string }).reason, 'stopping');
      assert.equal((await conn.get('/health/live')).status, 200);
    } finally {
      conn.close();
    }
  });

  it('is unavailable while every worker is down, and ready again once one is back', async () => {
    const hosts = new ScriptedHosts();
    const clock = new FakeClock();
    // Past its restart intensity at the first crash, the worker rests for a period before restarting.
    const { s, url } = await gatewayOver(hosts, clock, { workers: 1, workerRestarts: { intensity: 0, periodMs: 1_000 } });
    await s.start();
    await s.dispatch(PLAIN, 'kmip', 'admin', Buffer.from('x'));
    await s.killWorkerOf('kms');
    await settle();
    const r = await health(url);
    assert.equal(r.status, 503);
    assert.deepEqual(JSON.parse(r.text), { status: 'unavailable', reason: 'no_workers', workers_ready: 0, workers: 1 });
    clock.advance(1_000);
    await settle();
    assert.equal((await health(url)).status, 200);
  });
});
