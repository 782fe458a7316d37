/**
 * Authentication and abuse limits through a real uWS gateway (stub backend): who the actor is
 * told the caller is, and how refused requests are answered and audited.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { httpRequest } from '../helpers/http-client.js';
import { JwksServer } from '../helpers/jwks-server.js';
import { advancing, startStubGateway, until, type StubGateway, trusting, jwtGatewayHooks } from './auth-fixture.js';

const KMIP = '{"tag":"Query","type":"Structure","value":[]}';
const post = (url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> =>
  httpRequest(`${url}/kmip/2_1`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: KMIP });

describe('gateway authentication: none configured', () => {
  let gw: StubGateway;
  before(async () => { gw = await startStubGateway(); });
  after(() => { gw.close(); });

  it('runs requests as the default user', async () => {
    const r = await post(gw.url);
    assert.equal(r.status, 200);
    assert.deepEqual(gw.backend.calls.at(-1), { actorId: 'kms', kind: 'kmip', user: 'admin', body: KMIP });
  });
});

describe('gateway authentication: JWT', () => {
  const h = jwtGatewayHooks();

  it('tells the actor the user the token names', async () => {
    const token = await h.idp.mint({ kid: 'ed-1', now: h.gw.clock.now(), claims: { email: 'dana@example.com' } });
    assert.equal((await post(h.gw.url, { authorization: `Bearer ${token}` })).status, 200);
    assert.equal(h.gw.backend.calls.at(-1)?.user, 'dana@example.com');
    const owned = await httpRequest(`${h.gw.url}/access/owned`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(owned.status, 200);
    assert.equal(h.gw.backend.calls.at(-1)?.user, 'dana@example.com');
  });

  it('answers every failure with the same empty 401, only once the failure delay has passed, and audits it', async () => {
    const now = h.gw.clock.now();
    const forger = await h.idp.addKey('RS256', { publish: false });
    const failures = {
      'no token': {},
      'not a bearer': { authorization: 'Basic YWRtaW46YWRtaW4=' },
      'unknown issuer': { authorization: `Bearer ${await h.idp.mint({ now, issuer: 'https://h.idp.invalid' })}` },
      'unknown kid': { authorization: `Bearer ${await h.idp.mint({ now, headerKid: 'kid-nobody-has' })}` },
      'wrong signature': { authorization: `Bearer ${await h.idp.mint({ now, kid: forger, headerKid: 'rs-1' })}` },
      expired: { authorization: `Bearer ${await h.idp.mint({ now: now - 7_200_000 })}` },
    };
    const calls = h.gw.backend.calls.length;
    for (const [name, headers] of Object.entries(failures)) {
      const audited = h.gw.audit.length;
      let answered = false;
      const started = h.gw.clock.now();
      const pending = post(h.gw.url, headers).finally(() => { answered = true; });
      await until(() => h.gw.clock.pending > 0 || answered, `${name}: the 401 waits on the clock`);
      assert.equal(answered, false, `${name}: answered before the delay`);
      const r = await advancing(h.gw.clock, pending);
      assert.ok(h.gw.clock.now() - started >= 100, `${name}: answered after ${h.gw.clock.now() - started} ms`);
      assert.deepEqual({ status: r.status, text: r.text }, { status: 401, text: '' }, name);
      assert.deepEqual(h.gw.audit.slice(audited), [{ user: null, database: '-', operation: '/kmip/2_1', objectId: null, result: 'Unauthorized', client: '127.0.0.1' }], name);
    }
    assert.equal(h.gw.backend.calls.length, calls, 'no refused request reached the actor');
  });

  it('refuses with 401 a token whose user is unprintable, overlong, or an email the provider has not verified', async () => {
    const now = h.gw.clock.now();
    const calls = h.gw.backend.calls.length;
    for (const claims of [{ email: 'x\u0007@example.com' }, { email: `${'x'.repeat(300)}@example.com` }, { email: 'ceo@example.com', email_verified: false }]) {
      const r = await advancing(h.gw.clock, post(h.gw.url, { authorization: `Bearer ${await h.idp.mint({ now, claims })}` }));
      assert.equal(r.status, 401, JSON.stringify(claims).slice(0, 40));
    }
    assert.equal(h.gw.backend.calls.length, calls);
    const verified = await h.idp.mint({ now, claims: { email: 'ceo@example.com', email_verified: true } });
    assert.equal((await post(h.gw.url, { authorization: `Bearer ${verified}` })).status, 200);
  });

  it('leaves /version open', async () => {
    const r = await httpRequest(`${h.gw.url}/version`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '"test"');
  });
});

describe('gateway authentication: forced default user, API token, client certificate', () => {
  const gateways: StubGateway[] = [];
  let idp: JwksServer;
  before(async () => { idp = await JwksServer.start(); });
  after(async () => {
    for (const g of gateways) g.close();
    await idp.close();
  });

  it('acts as the default user once a token is verified when forced', async () => {
    const gw = await startStubGateway({
      auth: trusting(idp, { forceDefaultUsername: true, failureDelayMs: 0 }),
    });
    gateways.push(gw);
    assert.equal((await post(gw.url, { authorization: `Bearer ${await idp.mint({ now: gw.clock.now() })}` })).status, 200);
    assert.equal(gw.backend.calls.at(-1)?.user, 'admin');
    assert.equal((await post(gw.url)).status, 401);
  });

  it('accepts the API token as the default user and refuses a wrong one', async () => {
    const gw = await startStubGateway({ auth: { jwtIssuers: [], jwtUserClaim: 'email', apiTokenId: 'token-key', forceDefaultUsername: false, failureDelayMs: 0 } });
    gateways.push(gw);
    gw.backend.apiToken = Buffer.alloc(32, 9);
    assert.equal((await post(gw.url, { authorization: `Bearer ${gw.backend.apiToken.toString('base64')}` })).status, 200);
    assert.equal(gw.backend.calls.at(-1)?.user, 'admin');
    const wrong = await post(gw.url, { authorization: `Bearer ${Buffer.alloc(32, 8).toString('base64')}` });
    assert.deepEqual({ status: wrong.status, text: wrong.text }, { status: 401, text: '' });
  });

  it('takes the client certificate user when certificates are required, and refuses a connection without one', async () => {
    let cn: string | undefined = 'carol';
    const gw = await startStubGateway({ peerUser: () => cn, auth: trusting(idp, { failureDelayMs: 0 }) });
    gateways.push(gw);
    assert.equal((await post(gw.url)).status, 200);
    assert.equal(gw.backend.calls.at(-1)?.user, 'carol');
    cn = undefined;
    assert.equal((await post(gw.url)).status, 401);
  });
});

describe('gateway limits and cross-site protection', () => {
  let gw: StubGateway;
  before(async () => {
    gw = await startStubGateway({ limits: { maxHeaderSize: 1024, rateLimitPerSecond: 1, rateLimitBurst: 2 } });
  });
  after(() => { gw.close(); });

  it('refuses a cross-site Origin with 403 and serves its own origin', async () => {
    gw.clock.advance(10_000); // a full bucket
    const host = new URL(gw.url).host;
    const r = await post(gw.url, { origin: 'https://evil.example' });
    assert.equal(r.status, 403);
    assert.ok(r.text.length > 0 && r.text.length < 80, r.text);
    assert.equal(gw.audit.at(-1)?.result, 'Forbidden');
    assert.equal((await post(gw.url, { origin: `http://${host}` })).status, 200);
  });

  it('answers 431 to headers over the limit', async () => {
    gw.clock.advance(10_000);
    const r = await post(gw.url, { 'x-padding': 'p'.repeat(2_000) });
    assert.equal(r.status, 431);
  });

  it('answers 429 with Retry-After past the burst, then serves again once the clock has refilled the bucket', async () => {
    gw.clock.advance(10_000);
    const calls = gw.backend.calls.length;
    assert.equal((await post(gw.url)).status, 200);
    assert.equal((await post(gw.url)).status, 200);
    const res = await fetch(`${gw.url}/kmip/2_1`, { method: 'POST', body: KMIP, headers: { connection: 'close' } });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    await res.text();
    assert.deepEqual(gw.audit.at(-1), { user: null, database: '-', operation: '/kmip/2_1', objectId: null, result: 'Rate_Limited', client: '127.0.0.1' });
    assert.equal(gw.backend.calls.length, calls + 2);
    gw.clock.advance(1_000);
    assert.equal((await post(gw.url)).status, 200);
  });
});

describe('gateway limits behind a TLS front', () => {
  let gw: StubGateway;
  let address = '198.51.100.1';
  before(async () => {
    gw = await startStubGateway({ peerAddress: () => address, limits: { maxHeaderSize: 16 * 1024, rateLimitPerSecond: 1, rateLimitBurst: 1 } });
  });
  after(() => { gw.close(); });

  it('limits each real client address, not the front the connections come through', async () => {
    assert.equal((await post(gw.url)).status, 200);
    assert.equal((await post(gw.url)).status, 429);
    assert.equal(gw.audit.at(-1)?.client, '198.51.100.1');
    address = '198.51.100.2';
    assert.equal((await post(gw.url)).status, 200);
  });
});

