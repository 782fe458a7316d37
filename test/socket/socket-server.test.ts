/**
 * The socket server's own settings, on a real TLS listener with the supervisor stubbed: the
 * connection cap, the caps on pending handshakes (apart from it), the idle timeout on its clock,
 * the forced default user, and a startup that fails cleanly on a bad file or a taken port.
 * @module
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startSocketServer, type SocketServer, type SocketServerOptions } from '../../src/gateway/socket/socket-server.js';
import { TlsSetupError } from '../../src/gateway/tls/tls-error.js';
import { silentLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import { BINARY_KMIP } from '../../src/binary-kmip.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { makeTestPki, type Issued, type TestPki } from '../helpers/pki.js';
import { removeDir } from '../helpers/test-server.js';
import { DISCOVER_VERSIONS, requestMessage } from './kmip-messages.js';
import { SocketClient } from './socket-client.js';
import type { KmsBackend } from '../../src/gateway/routes.js';

let pki: TestPki;
const servers: SocketServer[] = [];
const clients: SocketClient[] = [];
const tcps: net.Socket[] = [];

before(() => { pki = makeTestPki(); });
after(() => { removeDir(pki.dir); });
afterEach(async () => {
  for (const t of tcps.splice(0)) t.destroy();
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) {
    s.close();
    s.destroyAll();
  }
});

/** A supervisor that answers every message with the user it was sent for, as a TextString item. */
const echoUser: KmsBackend = {
  dispatch: (_target, _kind, user) => {
    const text = Buffer.from(user, 'utf8');
    const padded = Math.ceil(text.length / 8) * 8;
    const answer = Buffer.alloc(8 + 8 + padded);
    answer.set([0x42, 0x00, 0x7b, 0x01], 0);
    answer.writeUInt32BE(8 + padded, 4);
    answer.set([0x42, 0x00, 0x99, 0x07], 8);
    answer.writeUInt32BE(text.length, 12);
    text.copy(answer, 16);
    return Promise.resolve(new Uint8Array(answer));
  },
  createDatabase: () => Promise.reject(new Error('not used')),
  attachSession: () => Promise.resolve(),
  detachSession: () => undefined,
};

function userIn(answer: Buffer): string {
  return answer.subarray(16, 16 + answer.readUInt32BE(12)).toString('utf8');
}

async function start(o: Partial<SocketServerOptions> = {}): Promise<SocketServer> {
  const s = await startSocketServer({
    hostname: '127.0.0.1',
    port: 0,
    tls: { source: { kind: 'pem', certFile: pki.server.certFile, keyFile: pki.server.keyFile, chainFile: null }, authorityCertFile: pki.ca.certFile },
    backend: echoUser,
    databaseType: 'sqlite',
    kmip: BINARY_KMIP,
    maxMessageBytes: 64 * 1024,
    clock: systemClock,
    logger: silentLogger,
    ...o,
  });
  servers.push(s);
  return s;
}

async function connect(server: SocketServer, who: Issued): Promise<SocketClient> {
  const c = await SocketClient.connect(server.port, { ca: pki.ca.cert, cert: who.cert, key: who.key });
  clients.push(c);
  return c;
}

const PROBE = requestMessage([1, 2], [DISCOVER_VERSIONS]);

/** A TCP connection from `from` that never starts its TLS handshake. */
function silentTcp(port: number, from: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const t = net.connect({ port, host: '127.0.0.1', localAddress: from }, () => { resolve(t); });
    tcps.push(t);
    t.once('error', reject);
  });
}

/** Resolves once `socket` is closed (by the server: the client never closes it). */
function closedByServer(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    socket.once('close', () => { resolve(); });
    socket.on('error', () => undefined);
  });
}

/** Waits (by event-loop turns, not time) until `cond` holds. */
async function until(cond: () => boolean): Promise<void> {
  for (let turns = 0; !cond(); turns++) {
    if (turns > 100_000) throw new Error('condition never held');
    await new Promise((resolve) => { setImmediate(resolve); });
  }
}

describe('socket server', () => {
  it('sends each message to the supervisor as the certificate CN', async () => {
    const server = await start();
    assert.equal(userIn(await (await connect(server, pki.bob)).exchange(PROBE)), 'bob');
  });

  it('sends every message as the default user when that user is forced', async () => {
    const server = await start({ forcedUser: 'admin' });
    assert.equal(userIn(await (await connect(server, pki.bob)).exchange(PROBE)), 'admin');
  });

  it('refuses handshakes past the per-address cap, counts them, and still takes other addresses', async () => {
    const refusals: string[] = [];
    const server = await start({ maxPendingHandshakes: 10, maxPendingHandshakesPerAddress: 2, refused: (r) => { refusals.push(r); } });
    await silentTcp(server.port, '127.0.0.1');
    await silentTcp(server.port, '127.0.0.1');
    await until(() => server.pendingHandshakes() === 2);
    await closedByServer(await silentTcp(server.port, '127.0.0.1'));
    assert.deepEqual(refusals, ['pending-handshakes-per-address']);
    await silentTcp(server.port, '127.0.0.2');
    await until(() => server.pendingHandshakes() === 3);
    assert.deepEqual(refusals, ['pending-handshakes-per-address']);
  });

  it('refuses handshakes past the total cap, and frees the slots as silent clients go', async () => {
    const refusals: string[] = [];
    const server = await start({ maxPendingHandshakes: 2, maxPendingHandshakesPerAddress: 10, refused: (r) => { refusals.push(r); } });
    const silent = [await silentTcp(server.port, '127.0.0.1'), await silentTcp(server.port, '127.0.0.2')];
    await until(() => server.pendingHandshakes() === 2);
    await closedByServer(await silentTcp(server.port, '127.0.0.3'));
    assert.deepEqual(refusals, ['pending-handshakes']);
    for (const t of silent) t.destroy();
    await until(() => server.pendingHandshakes() === 0);
    assert.equal(userIn(await (await connect(server, pki.alice)).exchange(PROBE)), 'alice');
    assert.equal(server.pendingHandshakes(), 0);
  });

  it('does not count authenticated connections as pending handshakes', async () => {
    const server = await start({ maxPendingHandshakes: 1, maxPendingHandshakesPerAddress: 1 });
    // An answer means the server finished the handshake (a TLS 1.3 client finishes first).
    const a = await connect(server, pki.alice);
    assert.equal(userIn(await a.exchange(PROBE)), 'alice');
    const b = await connect(server, pki.bob);
    assert.equal(userIn(await b.exchange(PROBE)), 'bob');
    assert.equal(userIn(await a.exchange(PROBE)), 'alice');
    assert.equal(server.connections(), 2);
  });

  it('drops connections past the cap, counted, and serves the ones it holds', async () => {
    const refusals: string[] = [];
    const server = await start({ maxConnections: 1, refused: (r) => { refusals.push(r); } });
    const first = await connect(server, pki.alice);
    assert.equal(userIn(await first.exchange(PROBE)), 'alice');
    const second = await SocketClient.connect(server.port, { ca: pki.ca.cert, cert: pki.bob.cert, key: pki.bob.key }).then(
      (c) => { clients.push(c); return c.exchange(PROBE).then(() => 'answered', () => 'dropped'); },
      () => 'dropped',
    );
    assert.equal(second, 'dropped');
    assert.deepEqual(refusals, ['connections']);
    assert.equal(server.connections(), 1);
    assert.equal(userIn(await first.exchange(PROBE)), 'alice');
  });

  it('closes a connection that stays silent for the idle timeout', async () => {
    const clock = new FakeClock();
    const server = await start({ clock, idleTimeoutMs: 60_000 });
    const c = await connect(server, pki.alice);
    assert.equal(userIn(await c.exchange(PROBE)), 'alice');
    clock.advance(59_999);
    assert.equal(userIn(await c.exchange(PROBE)), 'alice', 'still open, and the request counts as activity');
    clock.advance(59_999);
    assert.equal(server.connections(), 1);
    clock.advance(1);
    await c.ending;
    assert.equal(server.connections(), 0);
  });

  it('fails to start, naming the file, when the client CA cannot be read', async () => {
    const missing = path.join(pki.dir, 'missing-ca.pem');
    await assert.rejects(
      start({ tls: { source: { kind: 'pem', certFile: pki.server.certFile, keyFile: pki.server.keyFile, chainFile: null }, authorityCertFile: missing } }),
      (e: unknown) => e instanceof TlsSetupError && e.code === 'TLS_FILE_UNREADABLE' && e.message.includes(missing),
    );
  });

  it('fails to start with TLS_LISTEN_FAILED when the port is taken', async () => {
    const taken = await start();
    await assert.rejects(start({ port: taken.port }), (e: unknown) => e instanceof TlsSetupError && e.code === 'TLS_LISTEN_FAILED');
  });
});
