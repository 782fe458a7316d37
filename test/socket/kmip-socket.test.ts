/**
 * The KMIP socket server end to end (`--socket-server-start`): mutual TLS with the certificate's
 * CN as the user, TTLV framing across TCP chunks, pipelined messages answered in order, refused
 * streams, sqlite-enc databases named by the request header's credential, and shutdown.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Scrape } from '../helpers/metrics-text.js';
import { makeTestPki, type Issued, type TestPki } from '../helpers/pki.js';
import { recordCredential } from '../helpers/secret-ledger.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { httpsRequest } from '../helpers/tls-client.js';
import {
  createItem,
  decodeResponse,
  DISCOVER_VERSIONS,
  getItem,
  itemResult,
  payloadText,
  requestMessage,
  responseVersion,
  type Credential,
} from './kmip-messages.js';
import { refusedConnection, SocketClient, type SocketTls } from './socket-client.js';

let pki: TestPki;

before(() => { pki = makeTestPki(); });
after(() => { removeDir(pki.dir); });

function as(client: Issued | undefined, extra: Partial<SocketTls> = {}): SocketTls {
  return client === undefined ? { ca: pki.ca.cert, ...extra } : { ca: pki.ca.cert, cert: client.cert, key: client.key, ...extra };
}

function portOf(server: TestServer): number {
  assert.ok(server.socketPort !== undefined && server.socketPort > 0);
  return server.socketPort;
}

async function withClient<T>(server: TestServer, client: Issued, use: (c: SocketClient) => Promise<T>, extra: Partial<SocketTls> = {}): Promise<T> {
  const c = await SocketClient.connect(portOf(server), as(client, extra));
  try {
    return await use(c);
  } finally {
    await c.close();
  }
}

describe('KMIP socket server (sqlite)', () => {
  let server: TestServer;

  before(async () => { server = await startTestServer({ databaseType: 'sqlite', socketServer: true, pki }); });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  for (const tlsVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
    it(`answers DiscoverVersions at the request's protocol version over ${tlsVersion}`, async () => {
      await withClient(server, pki.alice, async (c) => {
        assert.equal(c.protocol, tlsVersion);
        for (const version of [[1, 2], [2, 0]] as const) {
          const res = decodeResponse(await c.exchange(requestMessage(version, [DISCOVER_VERSIONS])));
          assert.deepEqual(responseVersion(res), version);
          assert.equal(itemResult(res).status, 'Success');
        }
      }, { minVersion: tlsVersion, maxVersion: tlsVersion });
    });
  }

  it('refuses a connection without a client certificate', async () => {
    const r = await refusedConnection(portOf(server), as(undefined), requestMessage([1, 2], [DISCOVER_VERSIONS]));
    assert.equal(r.answered, false);
  });

  it('refuses a client certificate from a CA it does not trust', async () => {
    const r = await refusedConnection(portOf(server), as(pki.mallory), requestMessage([1, 2], [DISCOVER_VERSIONS]));
    assert.equal(r.answered, false);
  });

  it('refuses a trusted client certificate without a subject CN', async () => {
    const r = await refusedConnection(portOf(server), as(pki.noCn), requestMessage([1, 2], [DISCOVER_VERSIONS]));
    assert.equal(r.connected, true);
    assert.equal(r.answered, false);
  });

  it('acts as the certificate CN: objects alice creates are hers, not bob\'s', async () => {
    const uid = 'socket-cn-owned';
    await withClient(server, pki.alice, async (c) => {
      const created = itemResult(decodeResponse(await c.exchange(requestMessage([2, 1], [createItem(uid)]))));
      assert.equal(created.status, 'Success', created.message);
      assert.equal(payloadText(created.payload, 'UniqueIdentifier'), uid);
      assert.equal(itemResult(decodeResponse(await c.exchange(requestMessage([2, 1], [getItem(uid)])))).status, 'Success');
    });
    await withClient(server, pki.bob, async (c) => {
      const got = itemResult(decodeResponse(await c.exchange(requestMessage([2, 1], [getItem(uid)]))));
      assert.equal(got.status, 'OperationFailed');
      assert.equal(got.reason, 'Item_Not_Found', got.message);
    });
  });

  it('reassembles a message written one byte per TLS record', async () => {
    await withClient(server, pki.alice, async (c) => {
      await c.writeByteByByte(requestMessage([1, 4], [DISCOVER_VERSIONS]));
      const res = decodeResponse(await c.next());
      assert.deepEqual(responseVersion(res), [1, 4]);
      assert.equal(itemResult(res).status, 'Success');
    });
  });

  it('answers pipelined messages in the order they were sent', async () => {
    const uids = ['socket-pipe-1', 'socket-pipe-2', 'socket-pipe-3'];
    const messages = [...uids.map((u) => requestMessage([2, 1], [createItem(u)])), ...uids.map((u) => requestMessage([2, 1], [getItem(u)]))];
    await withClient(server, pki.alice, async (c) => {
      await c.write(Buffer.concat(messages));
      const answers = [];
      for (let i = 0; i < messages.length; i++) answers.push(itemResult(decodeResponse(await c.next())));
      assert.deepEqual(answers.map((a) => a.status), messages.map(() => 'Success'));
      assert.deepEqual(answers.map((a) => payloadText(a.payload, 'UniqueIdentifier')), [...uids, ...uids]);
    });
  });

  it('answers a message it cannot decode with a failure and keeps the connection', async () => {
    await withClient(server, pki.alice, async (c) => {
      // A well-framed Structure holding an Integer where the header should be.
      const bogus = Buffer.from('420078010000001042007702000000040000000700000000', 'hex');
      const res = decodeResponse(await c.exchange(bogus));
      assert.equal(itemResult(res).status, 'OperationFailed');
      assert.equal(itemResult(res).reason, 'Invalid_Message');
      assert.equal(itemResult(decodeResponse(await c.exchange(requestMessage([1, 2], [DISCOVER_VERSIONS])))).status, 'Success');
    });
  });

  it('shows open connections in /metrics and counts their requests', async () => {
    const metrics = async (): Promise<Scrape> => {
      const r = await httpsRequest(`${server.url}/metrics`, { ca: pki.ca.cert, cert: pki.alice.cert, key: pki.alice.key });
      assert.equal(r.status, 200);
      return new Scrape(r.text);
    };
    const before = await metrics();
    const succeeded = (m: Scrape): number => m.total('kms_requests_total', { outcome: 'success' });
    const clients = [await SocketClient.connect(portOf(server), as(pki.alice)), await SocketClient.connect(portOf(server), as(pki.bob))];
    for (const c of clients) assert.equal(itemResult(decodeResponse(await c.exchange(requestMessage([1, 2], [DISCOVER_VERSIONS])))).status, 'Success');
    const open = await metrics();
    assert.equal(open.value('kms_kmip_socket_connections'), (before.value('kms_kmip_socket_connections') ?? 0) + 2);
    assert.equal(succeeded(open) - succeeded(before), 2);
    for (const c of clients) await c.close();
    // The server learns of the closes asynchronously: scrape until it has.
    let after = await metrics();
    for (let i = 0; i < 100 && after.value('kms_kmip_socket_connections') !== before.value('kms_kmip_socket_connections'); i++) after = await metrics();
    assert.equal(after.value('kms_kmip_socket_connections'), before.value('kms_kmip_socket_connections'));
  });

  it('answers a stream that is not TTLV with one failure, then closes', async () => {
    await withClient(server, pki.alice, async (c) => {
      const res = decodeResponse(await c.exchange(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')));
      assert.equal(itemResult(res).status, 'OperationFailed');
      assert.equal(itemResult(res).reason, 'Invalid_Message');
      await c.ending;
    });
  });
});

describe('KMIP socket server limits and shutdown', () => {
  it('answers a message announced over --max-body-size with a failure, then closes', async () => {
    const server = await startTestServer({ databaseType: 'sqlite', socketServer: true, pki, extraArgs: ['--max-body-size', '1k'] });
    try {
      await withClient(server, pki.alice, async (c) => {
        const header = Buffer.from('4200780100000000', 'hex');
        header.writeUInt32BE(4096, 4);
        const res = decodeResponse(await c.exchange(header));
        assert.equal(itemResult(res).reason, 'Invalid_Message');
        assert.match(itemResult(res).message, /1024 bytes/);
        await c.ending;
      });
    } finally {
      await server.stop();
      removeDir(server.rootDir);
    }
  });

  it('closes open connections and stops accepting when the server stops', async () => {
    const server = await startTestServer({ databaseType: 'sqlite', socketServer: true, pki });
    try {
      const port = portOf(server);
      const c = await SocketClient.connect(port, as(pki.alice));
      assert.equal(itemResult(decodeResponse(await c.exchange(requestMessage([1, 2], [DISCOVER_VERSIONS])))).status, 'Success');
      await server.stop();
      await c.ending;
      await assert.rejects(SocketClient.connect(port, as(pki.alice)));
    } finally {
      await server.stop();
      removeDir(server.rootDir);
    }
  });
});

describe('KMIP socket server (sqlite-enc)', () => {
  let server: TestServer;
  let secret: string;

  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite-enc', socketServer: true, pki });
    const r = await httpsRequest(`${server.url}/new_database`, { ca: pki.ca.cert, cert: pki.alice.cert, key: pki.alice.key }, { method: 'POST' });
    assert.equal(r.status, 200, r.text);
    const parsed: unknown = JSON.parse(r.text);
    assert.equal(typeof parsed, 'string');
    secret = String(parsed);
    recordCredential('database-secret', secret);
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  const right = (): Credential => ({ username: 'alice', password: secret });

  it('serves the database whose secret is the credential password', async () => {
    const uid = 'socket-enc-key';
    await withClient(server, pki.alice, async (c) => {
      const created = itemResult(decodeResponse(await c.exchange(requestMessage([2, 1], [createItem(uid)], right()))));
      assert.equal(created.status, 'Success', created.message);
      const got = itemResult(decodeResponse(await c.exchange(requestMessage([2, 1], [getItem(uid)], right()))));
      assert.equal(got.status, 'Success', got.message);
      assert.equal(payloadText(got.payload, 'UniqueIdentifier'), uid);
    });
  });

  it('fails a wrong, malformed or missing secret with Authentication Not Successful and keeps the connection', async () => {
    // The same database with another key (the digits, as JSON numbers past 2^53 lose precision).
    const groupId = /"group_id"\s*:\s*(\d+)/.exec(Buffer.from(secret, 'base64').toString('utf8'))?.[1];
    assert.ok(groupId !== undefined);
    const wrongKey = Buffer.from(`{"group_id":${groupId},"key":"${'5a'.repeat(32)}"}`).toString('base64');
    recordCredential('database-secret', wrongKey);
    await withClient(server, pki.alice, async (c) => {
      for (const credential of [{ username: 'alice', password: wrongKey }, { username: 'alice', password: 'not a secret' }, undefined]) {
        const res = decodeResponse(await c.exchange(requestMessage([1, 4], [DISCOVER_VERSIONS], credential)));
        assert.deepEqual(responseVersion(res), [1, 4]);
        assert.equal(itemResult(res).status, 'OperationFailed');
        assert.equal(itemResult(res).reason, 'Authentication_Not_Successful');
      }
      const ok = itemResult(decodeResponse(await c.exchange(requestMessage([1, 4], [DISCOVER_VERSIONS], right()))));
      assert.equal(ok.status, 'Success', ok.message);
    });
  });
});
