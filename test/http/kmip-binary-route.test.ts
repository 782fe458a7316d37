/**
 * `POST /kmip` (Cosmian 5.x's endpoint) through a real server: binary TTLV in and out with
 * `Content-Type: application/octet-stream`, JSON TTLV (as `/kmip/2_1`) otherwise, and the same
 * database secret rules as every KMIP route in sqlite-enc mode.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newDatabase, SECRET_HEADER } from '../helpers/http-client.js';
import { createRequest, getRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';
import { recordCredential } from '../helpers/secret-ledger.js';
import { struct, text } from '../../src/kmip/ttlv/build.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { silentLogger } from '../../src/lib/logger.js';
import { BINARY_KMIP } from '../../src/binary-kmip.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { holds, multiCredentialMessage } from '../socket/password-messages.js';
import type { KmsBackend } from '../../src/gateway/routes.js';
import { createItem, decodeResponse, DISCOVER_VERSIONS, getItem, itemResult, payloadText, requestMessage, responseVersion } from '../socket/kmip-messages.js';

interface BinaryResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** POSTs a body to /kmip and reads the answer as bytes. */
async function postKmipRoute(url: string, body: Uint8Array | string, contentType: string, secret?: string): Promise<BinaryResult> {
  if (secret !== undefined) recordCredential('kmsdatabasesecret', secret);
  const res = await fetch(`${url}/kmip`, {
    method: 'POST',
    // Closing each connection leaves none idle to hold the stopped server.
    headers: { 'content-type': contentType, connection: 'close', ...(secret === undefined ? {} : { [SECRET_HEADER]: secret }) },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: new Uint8Array(await res.arrayBuffer()) };
}

const OCTETS = 'application/octet-stream';

describe('POST /kmip (sqlite)', () => {
  let server: TestServer;

  before(async () => { server = await startTestServer({ databaseType: 'sqlite' }); });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  for (const contentType of [OCTETS, 'Application/Octet-Stream; charset=binary']) {
    it(`answers binary TTLV with binary TTLV for Content-Type "${contentType}"`, async () => {
      const r = await postKmipRoute(server.url, requestMessage([1, 3], [DISCOVER_VERSIONS]), contentType);
      assert.equal(r.status, 200);
      assert.equal(r.contentType, OCTETS);
      const res = decodeResponse(r.body);
      assert.deepEqual(responseVersion(res), [1, 3]);
      assert.equal(itemResult(res).status, 'Success');
    });
  }

  it('serves binary operations on the same objects as JSON TTLV, each with its own state rules', async () => {
    const uid = 'kmip-route-binary';
    const created = await postKmipRoute(server.url, requestMessage([2, 1], [createItem(uid)]), OCTETS);
    assert.equal(itemResult(decodeResponse(created.body)).status, 'Success');
    // Binary TTLV follows KMIP: the key is PreActive, which Cosmian's Get (JSON) does not serve.
    const early = await postKmipRoute(server.url, toJson(getRequest(uid)), 'application/json');
    assert.equal(early.status, 422);
    const activated = await postKmipRoute(server.url, toJson(struct('Activate', [text('UniqueIdentifier', uid)])), 'application/json');
    assert.equal(activated.status, 200);
    const got = await postKmipRoute(server.url, toJson(getRequest(uid)), 'application/json');
    assert.equal(got.status, 200);
    assert.equal(textField(parseResponse(got.body), 'UniqueIdentifier'), uid);
  });

  it('treats any other Content-Type as JSON TTLV, like /kmip/2_1', async () => {
    for (const contentType of ['application/json', 'text/plain']) {
      const r = await postKmipRoute(server.url, toJson(createRequest()), contentType);
      assert.equal(r.status, 200, contentType);
      assert.match(r.contentType, /^application\/json/);
      assert.ok(textField(parseResponse(r.body), 'UniqueIdentifier').length > 0);
    }
  });

  it('answers an undecodable binary body with a KMIP failure, not an HTTP error', async () => {
    const bogus = Buffer.from('420078010000001042007702000000040000000700000000', 'hex');
    const r = await postKmipRoute(server.url, bogus, OCTETS);
    assert.equal(r.status, 200);
    assert.equal(r.contentType, OCTETS);
    assert.equal(itemResult(decodeResponse(r.body)).reason, 'Invalid_Message');
  });

  it('does not treat JSON sent as octets as JSON', async () => {
    const r = await postKmipRoute(server.url, toJson(createRequest()), OCTETS);
    assert.equal(r.contentType, OCTETS);
    assert.equal(itemResult(decodeResponse(r.body)).status, 'OperationFailed');
  });
});

describe('POST /kmip (sqlite-enc)', () => {
  let server: TestServer;
  let secret: string;

  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite-enc' });
    secret = await newDatabase(server.url);
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('serves the database the KmsDatabaseSecret header names, in binary', async () => {
    const uid = 'kmip-route-enc';
    const created = await postKmipRoute(server.url, requestMessage([2, 1], [createItem(uid)]), OCTETS, secret);
    assert.equal(created.status, 200);
    assert.equal(itemResult(decodeResponse(created.body)).status, 'Success');
    const got = itemResult(decodeResponse((await postKmipRoute(server.url, requestMessage([2, 1], [getItem(uid)]), OCTETS, secret)).body));
    assert.equal(got.status, 'Success', got.message);
    assert.equal(payloadText(got.payload, 'UniqueIdentifier'), uid);
  });

  it('refuses a binary request without the header with 401, as /kmip/2_1 does', async () => {
    const r = await postKmipRoute(server.url, requestMessage([2, 1], [DISCOVER_VERSIONS]), OCTETS);
    assert.equal(r.status, 401);
  });
});

describe('POST /kmip password wipe (gateway with a capturing backend)', () => {
  const ANSWER = Uint8Array.of(0x42, 0x00, 0x7b, 0x01, 0, 0, 0, 0);
  const bodies: Uint8Array[] = [];
  const backend: KmsBackend = {
    dispatch: (_target, _kind, _user, body) => {
      bodies.push(Uint8Array.from(body));
      return Promise.resolve(ANSWER);
    },
    createDatabase: () => Promise.reject(new Error('not used')),
    attachSession: () => Promise.resolve(),
    detachSession: () => undefined,
  };

  /** A sqlite gateway on port 0, wiping binary passwords when `wipe` says so. */
  async function gateway(wipe: boolean): Promise<Gateway> {
    const clock = new FakeClock();
    return startGateway('127.0.0.1', 0, {
      backend,
      databaseType: 'sqlite',
      defaultUsername: 'admin',
      maxBodySize: 64 * 1024,
      version: 'test',
      logger: silentLogger,
      clock,
      ...(wipe ? { wipeBinaryPasswords: (m: Uint8Array) => { BINARY_KMIP.wipePasswords(m); } } : {}),
    }, {
      clock,
      limits: { maxInFlight: 8, maxMessageBytes: 64 * 1024, idleTimeoutMs: 60_000, helloTimeoutMs: 5_000, highWaterBytes: 1024 * 1024, maxQueuedBytes: 1024 * 1024 },
    }, { source: null, authorityCertFile: null });
  }

  let wiping: Gateway;
  let plain: Gateway;
  before(async () => { [wiping, plain] = await Promise.all([gateway(true), gateway(false)]); });
  after(() => {
    for (const g of [wiping, plain]) {
      g.close();
      g.disconnectAll();
    }
  });

  it('hands the backend a binary body with every credential password zeroed', async () => {
    bodies.length = 0;
    const { message, passwords } = multiCredentialMessage('first-user-password-marker');
    const r = await postKmipRoute(`http://127.0.0.1:${wiping.port}`, message, OCTETS);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, ANSWER);
    assert.equal(bodies.length, 1);
    const body = bodies[0] ?? new Uint8Array(0);
    assert.equal(body.length, message.length);
    for (const p of passwords) assert.ok(!holds(body, p), `${p} reached the backend`);
  });

  it('passes the body through untouched when no wipe is given (the option is what wipes)', async () => {
    bodies.length = 0;
    const { message, passwords } = multiCredentialMessage('first-user-password-marker');
    await postKmipRoute(`http://127.0.0.1:${plain.port}`, message, OCTETS);
    assert.deepEqual(bodies[0], message);
    assert.ok(passwords.every((p) => holds(bodies[0] ?? new Uint8Array(0), p)));
  });

  it('still forwards a binary body whose header cannot be read, for the actor to answer', async () => {
    bodies.length = 0;
    const bogus = Uint8Array.from(Buffer.from('420078010000001042007702000000040000000700000000', 'hex'));
    const r = await postKmipRoute(`http://127.0.0.1:${wiping.port}`, bogus, OCTETS);
    assert.equal(r.status, 200);
    assert.deepEqual(bodies[0], bogus);
  });
});
