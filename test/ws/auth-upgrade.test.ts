/**
 * WebSocket upgrades pass the same gate as HTTP requests: authentication decides the session's
 * user, cross-site upgrades are refused, and KMIP messages count against the client's rate limit.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { advancing, startStubGateway, type StubGateway, jwtGatewayHooks } from '../http/auth-fixture.js';
import type { FakeClock } from '../helpers/fake-clock.js';

const REQUEST = { tag: 'Query', type: 'Structure', value: [] };

/** The HTTP status of a refused upgrade, or 101 once the socket opened (then closed at once). */
function upgradeStatus(url: string, headers: Record<string, string>, clock: FakeClock, origin?: string): Promise<number> {
  const ws = new WebSocket(url, { headers, ...(origin === undefined ? {} : { origin }) });
  const outcome = new Promise<number>((resolve) => {
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); ws.terminate(); });
    ws.on('open', () => { resolve(101); ws.close(); });
    ws.on('error', () => { resolve(0); });
  });
  return advancing(clock, outcome);
}

/** Opens a session and returns it with a queue of the frames it receives. */
async function open(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket; next: () => Promise<unknown> }> {
  const ws = new WebSocket(url, { headers });
  const frames: unknown[] = [];
  const waiting: ((f: unknown) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const f: unknown = JSON.parse(data.toString('utf8'));
    const w = waiting.shift();
    if (w) w(f);
    else frames.push(f);
  });
  await new Promise<void>((resolve, reject) => { ws.once('open', () => { resolve(); }); ws.once('error', reject); });
  const next = (): Promise<unknown> => (frames.length > 0 ? Promise.resolve(frames.shift()) : new Promise((r) => { waiting.push(r); }));
  return { ws, next };
}

describe('WebSocket upgrade authentication', () => {
  const h = jwtGatewayHooks();

  it('runs the session as the user the upgrade token names', async () => {
    const token = await h.idp.mint({ now: h.gw.clock.now(), claims: { email: 'erin@example.com' } });
    const { ws, next } = await open(h.gw.wsUrl, { authorization: `Bearer ${token}` });
    assert.deepEqual(await next(), { type: 'ready' });
    ws.send(JSON.stringify({ id: 1, request: REQUEST }));
    assert.deepEqual(await next(), { id: 1, response: [] });
    assert.deepEqual(h.gw.backend.attached.at(-1), { actorId: 'kms', user: 'erin@example.com' });
    assert.equal(h.gw.backend.calls.at(-1)?.user, 'erin@example.com');
    ws.close();
  });

  it('closes the session with 4401 once its token expires, though it was open and answering', async () => {
    const token = await h.idp.mint({ now: h.gw.clock.now(), ttlMs: 60_000, claims: { email: 'erin@example.com' } });
    const { ws, next } = await open(h.gw.wsUrl, { authorization: `Bearer ${token}` });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => { resolve({ code, reason: reason.toString('utf8') }); });
    });
    assert.deepEqual(await next(), { type: 'ready' });
    ws.send(JSON.stringify({ id: 1, request: REQUEST }));
    assert.deepEqual(await next(), { id: 1, response: [] });
    const calls = h.gw.backend.calls.length;
    h.gw.clock.advance(60_000);
    ws.send(JSON.stringify({ id: 2, request: REQUEST }));
    const c = await Promise.race([closed, next()]); // an answer to 2 would come first without the expiry check
    assert.deepEqual(c, { code: 4401, reason: 'Access denied: the token expired' });
    assert.equal(h.gw.backend.calls.length, calls, 'nothing ran after the expiry');
  });

  it('refuses an upgrade without a valid token with 401, after the failure delay, and audits it as ws', async () => {
    assert.equal(await upgradeStatus(h.gw.wsUrl, {}, h.gw.clock), 401);
    assert.equal(await upgradeStatus(h.gw.wsUrl, { authorization: 'Bearer x.y.z' }, h.gw.clock), 401);
    assert.deepEqual(h.gw.audit.at(-1), { user: null, database: '-', operation: 'ws', objectId: null, result: 'Unauthorized', client: '127.0.0.1' });
  });

  it('refuses a cross-site upgrade with 403', async () => {
    const token = await h.idp.mint({ now: h.gw.clock.now() });
    assert.equal(await upgradeStatus(h.gw.wsUrl, { authorization: `Bearer ${token}` }, h.gw.clock, 'https://evil.example'), 403);
    assert.equal(await upgradeStatus(h.gw.wsUrl, { authorization: `Bearer ${token}` }, h.gw.clock, `http://${new URL(h.gw.url).host}`), 101);
  });
});

describe('WebSocket rate limit', () => {
  let gw: StubGateway;
  before(async () => { gw = await startStubGateway({ limits: { maxHeaderSize: 16 * 1024, rateLimitPerSecond: 1, rateLimitBurst: 2 } }); });
  after(() => { gw.close(); });

  it('answers a KMIP message over the limit with a 429 error frame and serves again once the bucket refills', async () => {
    const { ws, next } = await open(gw.wsUrl, {}); // the upgrade spends one request
    assert.deepEqual(await next(), { type: 'ready' });
    ws.send(JSON.stringify({ id: 1, request: REQUEST }));
    ws.send(JSON.stringify({ id: 2, request: REQUEST }));
    assert.deepEqual(await next(), { id: 1, response: [] });
    const refused = await next() as { id: number; error: { status: number; reason: string } };
    assert.equal(refused.id, 2);
    assert.equal(refused.error.status, 429);
    assert.equal(gw.audit.at(-1)?.result, 'Rate_Limited');
    assert.equal(gw.audit.at(-1)?.operation, 'ws');
    gw.clock.advance(1_000);
    ws.send(JSON.stringify({ id: 3, request: REQUEST }));
    assert.deepEqual(await next(), { id: 3, response: [] });
    ws.close();
  });
});
