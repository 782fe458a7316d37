import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { KmsWebSocketClient, KmsHttpClient, KmsRequestError } from '../../src/client/index.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { newDatabase, secretParts } from '../helpers/http-client.js';
import { bytesField, createRequest, decryptRequest, encryptRequest, getRequest, messageRequest, textField } from '../helpers/kmip-requests.js';

async function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => { ws.on('close', (code, reason) => { resolve({ code, reason: reason.toString() }); }); });
}

/** Yields to the event loop until the server has requests running (bounded, never a timed sleep). */
async function untilInFlight(server: TestServer): Promise<void> {
  for (let i = 0; i < 100_000 && server.supervisor.stats().inFlight === 0; i++) await new Promise<void>((r) => setImmediate(r));
  assert.ok(server.supervisor.stats().inFlight > 0, 'requests reached the actors');
}

async function refused(p: Promise<unknown>): Promise<KmsRequestError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof KmsRequestError, String(err));
    return err;
  }
  assert.fail('expected a rejection');
}

describe('WebSocket KMIP sessions (sqlite-enc)', () => {
  let server: TestServer;
  let secret = '';
  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite-enc', extraArgs: ['--max-body-size', '64k'] });
    secret = await newDatabase(server.url);
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('binds by header and by hello, and both see the same database', async () => {
    const byHeader = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret });
    const uid = textField(await byHeader.kmip(createRequest({ uid: 'shared' })), 'UniqueIdentifier');
    const byHello = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret, helloBinding: true });
    assert.equal(textField(await byHello.kmip(getRequest(uid)), 'UniqueIdentifier'), uid);
    await Promise.all([byHeader.close(), byHello.close()]);
  });

  it('closes a session with a wrong, malformed or missing secret and opens no database for it', async () => {
    const { groupId } = secretParts(secret);
    const wrong = Buffer.from(`{"group_id":${groupId.toString()},"key":"${'0'.repeat(64)}"}`).toString('base64');
    await server.supervisor.evict(groupId.toString());
    const before = server.supervisor.stats().openActors;
    const e1 = await refused(KmsWebSocketClient.connect({ url: server.url, databaseSecret: wrong }));
    assert.equal(e1.reason, 'Closed_4401');
    assert.match(e1.message, /Database secret is wrong/);
    assert.ok(!e1.message.includes(wrong));
    const e2 = await refused(KmsWebSocketClient.connect({ url: server.url, databaseSecret: 'not base64!' }));
    assert.equal(e2.reason, 'Closed_4400');
    const unknown = Buffer.from(`{"group_id":12345,"key":"${'0'.repeat(64)}"}`).toString('base64');
    const e3 = await refused(KmsWebSocketClient.connect({ url: server.url, databaseSecret: unknown, helloBinding: true }));
    assert.equal(e3.reason, 'Closed_4401');
    const raw = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    await new Promise((r) => raw.on('open', r));
    raw.send(JSON.stringify({ id: 1, request: {} }));
    assert.equal((await closeOf(raw)).code, 4401);
    assert.equal(server.supervisor.stats().openActors, before);
  });

  for (const binary of [false, true]) {
    it(`pipelines 1,000 ${binary ? 'msgpack' : 'JSON'} requests, answering each by its id, in order`, async () => {
      const c = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret, binary });
      const uid = textField(await c.kmip(createRequest()), 'UniqueIdentifier');
      const order: number[] = [];
      const answers = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          c.kmip(encryptRequest(uid, Buffer.from(`message ${i}`))).then((r) => { order.push(i); return r; }),
        ),
      );
      assert.deepEqual(order, Array.from({ length: 1000 }, (_, i) => i), 'answers arrive in request order');
      const sample = answers[737];
      assert.ok(sample);
      const plain = await c.kmip(decryptRequest(uid, bytesField(sample, 'Data'), bytesField(sample, 'IvCounterNonce'), bytesField(sample, 'AuthenticatedEncryptionTag')));
      assert.equal(Buffer.from(bytesField(plain, 'Data')).toString(), 'message 737', 'the answer matched to id 737 is the one for request 737');
      await c.close();
    });
  }

  it('answers errors per request and carries Message batches', async () => {
    const c = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret });
    const e = await refused(c.kmip(getRequest('absent')));
    assert.equal(e.status, 422);
    assert.equal(e.reason, 'Item_Not_Found');
    const batch = await c.kmip(messageRequest([createRequest({ uid: 'in-batch' }), getRequest('in-batch')]));
    assert.equal(batch.tag, 'Message');
    await c.close();
  });

  it('closes with 1009 when a message exceeds the size cap', async () => {
    const c = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret });
    const closed = closeOf(c.socket);
    c.socket.send(JSON.stringify({ id: 1, request: { tag: 'X', value: 'A'.repeat(70 * 1024) } }));
    assert.equal((await closed).code, 1009);
  });


  it('keeps the HTTP and WebSocket clients interchangeable', async () => {
    const http = new KmsHttpClient({ url: server.url, databaseSecret: secret });
    const uid = textField(await http.kmip(createRequest()), 'UniqueIdentifier');
    const ws = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret });
    for (const client of [http, ws]) assert.equal(textField(await client.kmip(getRequest(uid)), 'UniqueIdentifier'), uid);
    const e = await refused(http.kmip(getRequest('absent')));
    assert.deepEqual([e.status, e.reason], [422, 'Item_Not_Found']);
    await ws.close();
  });
});

describe('WebSocket sessions when an actor crashes', () => {
  it('fails the in-flight request with an error frame, and the session goes on', async () => {
    const server = await startTestServer({ databaseType: 'sqlite-enc' });
    try {
      const secret = await newDatabase(server.url);
      const c = await KmsWebSocketClient.connect({ url: server.url, databaseSecret: secret });
      const uid = textField(await c.kmip(createRequest()), 'UniqueIdentifier');
      const slow = c.kmip(messageRequest(Array.from({ length: 1500 }, () => createRequest())));
      await untilInFlight(server);
      await server.supervisor.killWorkerOf(secretParts(secret).groupId.toString());
      const err = await refused(slow);
      assert.equal(err.status, 500);
      assert.equal(textField(await c.kmip(getRequest(uid)), 'UniqueIdentifier'), uid, 'the session reopens its database');
      await c.close();
    } finally {
      await server.stop();
      removeDir(server.rootDir);
    }
  });
});

describe('WebSocket sessions at shutdown', () => {
  it('answers requests in flight, then closes with 1001', async () => {
    const server = await startTestServer({ databaseType: 'sqlite' });
    after(() => { removeDir(server.rootDir); });
    const c = await KmsWebSocketClient.connect({ url: server.url });
    const uid = textField(await c.kmip(createRequest()), 'UniqueIdentifier');
    const closed = closeOf(c.socket);
    const inflight = Array.from({ length: 200 }, () => c.kmip(encryptRequest(uid, Buffer.from('x'))).then(() => 'ok', (e: unknown) => (e instanceof KmsRequestError ? e.reason : 'other')));
    await untilInFlight(server);
    await server.stop();
    const outcomes = await Promise.all(inflight);
    assert.equal((await closed).code, 1001);
    assert.ok(outcomes.every((o) => o === 'ok' || o === 'Service Unavailable' || o === 'Closed_1001'), outcomes.join(','));
    assert.ok(outcomes.includes('ok'), 'requests already running were answered');
  });
});

describe('WebSocket backpressure', () => {
  it('stops serving a client that stops reading and closes it with 1008 instead of buffering without bound', async () => {
    const server = await startTestServer({ databaseType: 'sqlite', extraArgs: ['--ws-max-in-flight', '16'] });
    try {
      const c = await KmsWebSocketClient.connect({ url: server.url });
      const uid = textField(await c.kmip(createRequest()), 'UniqueIdentifier');
      // Stop reading at the TCP level: the server's writes pile up in its backpressure buffer.
      const tcp = (c.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      tcp.pause();
      const closed = closeOf(c.socket);
      const big = new Uint8Array(16 * 1024);
      const answers = Array.from({ length: 400 }, () => c.kmip(encryptRequest(uid, big)).then(() => 1, () => 0));
      // Requests keep arriving while answers cannot leave: the bounded queue overflows.
      for (let i = 0; i < 100_000 && server.sessions() > 0; i++) await new Promise<void>((r) => setImmediate(r));
      assert.equal(server.sessions(), 0, 'the server dropped the session');
      tcp.resume();
      assert.equal((await closed).code, 1008);
      const served = (await Promise.all(answers)).reduce((a, b) => a + b, 0);
      assert.ok(served < 400, `the server stopped starting requests (${served} of 400 answered)`);
    } finally {
      await server.stop();
      removeDir(server.rootDir);
    }
  });
});
