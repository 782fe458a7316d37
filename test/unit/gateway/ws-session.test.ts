import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KmipSession } from '../../../src/gateway/ws/session.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { endCode, FakeBackend, FakeSocket, frame, KEY, LIMITS, req, SECRET, settle, setup } from './ws-session-fakes.js';
import type { ActorTarget } from '../../../src/supervisor/supervisor.js';

describe('KmipSession', () => {
  it('binds from the upgrade header and says ready', async () => {
    const { s, sock, be } = setup();
    s.open(SECRET);
    await settle();
    assert.deepEqual(be.attached, ['77']);
    assert.deepEqual(sock.sent, ['{"type":"ready"}']);
  });

  it('binds from a hello when there was no header, and closes 4408 when no hello comes in time', async () => {
    const a = setup();
    a.s.open('');
    a.s.message(frame({ type: 'hello', database_secret: SECRET }), false);
    await settle();
    assert.deepEqual(a.be.attached, ['77']);
    const b = setup();
    b.s.open('');
    b.clock.advance(4_999);
    assert.equal(b.sock.ended, null);
    b.clock.advance(1);
    assert.equal(endCode(b.sock), 4408);
    assert.deepEqual(b.be.attached, []);
  });

  it('needs no secret in plain mode', async () => {
    const { s, sock, be } = setup('sqlite');
    s.open('');
    await settle();
    assert.deepEqual(be.attached, ['kms']);
    assert.deepEqual(sock.sent, ['{"type":"ready"}']);
  });

  it('refuses a request before the hello with 4401', () => {
    const { s, sock } = setup();
    s.open('');
    s.message(req(1), false);
    assert.equal(sock.ended?.code, 4401);
  });

  it('closes with 4400 on a malformed secret and 4401 on a wrong one, never echoing it', async () => {
    const bad = setup();
    bad.s.open('not base64!');
    assert.equal(bad.sock.ended?.code, 4400);
    assert.deepEqual(bad.be.attached, []);
    const wrong = setup();
    wrong.be.attachError = new KmsError('SECRET_MISMATCH', 'Database secret is wrong');
    wrong.s.open(SECRET);
    await settle();
    assert.equal(wrong.sock.ended?.code, 4401);
    assert.match(wrong.sock.ended?.reason ?? '', /Database secret is wrong/);
    assert.ok(!(wrong.sock.ended?.reason ?? '').includes(SECRET));
    const busy = setup();
    busy.be.attachError = new KmsError('ACTOR_UNAVAILABLE', 'this database is temporarily unavailable after repeated failures');
    busy.s.open(SECRET);
    await settle();
    assert.equal(endCode(busy.sock), 1013);
  });

  it('hashes its key once and sends each request with the verifier and no key, a key copy only on demand', async () => {
    const targets: ActorTarget[] = [];
    let hashed = 0;
    const be = new (class extends FakeBackend {
      verifierFor(actorId: string, key: Uint8Array): Buffer {
        hashed++;
        return Buffer.from(`${actorId}:${Buffer.from(key).toString('hex')}`);
      }
      override dispatch(t: ActorTarget, k: string, u: string, body: Uint8Array): Promise<Uint8Array> {
        targets.push(t);
        return super.dispatch(t, k, u, body);
      }
    })();
    const sock = new FakeSocket();
    const s = new KmipSession(sock, { backend: be, databaseType: 'sqlite-enc', user: 'admin', clock: new FakeClock(), limits: LIMITS });
    s.open(SECRET);
    await settle();
    s.message(req(1), false);
    s.message(req(2), false);
    await settle();
    assert.equal(hashed, 1);
    assert.equal(targets.length, 2);
    for (const t of targets) {
      assert.equal(t.key, null);
      assert.equal(t.verifier?.toString(), `77:${Buffer.from(KEY).toString('hex')}`);
      assert.deepEqual(t.unlock?.(), KEY);
    }
    s.closed();
    assert.deepEqual(targets[0]?.unlock?.(), new Uint8Array(0), 'a closed session has no key left to give');
  });

  it('keeps at most maxInFlight requests running and starts the rest in order as answers come', async () => {
    const { s, sock, be } = setup();
    s.open(SECRET);
    await settle();
    be.hold = true;
    for (let i = 1; i <= 5; i++) s.message(req(i), false);
    assert.equal(be.dispatched.length, 2);
    assert.equal(s.queued, 3);
    be.release();
    await settle();
    assert.equal(be.dispatched.length, 5);
    const ids = sock.sent.slice(1).map((f) => (JSON.parse(f) as { id: number }).id);
    assert.deepEqual(ids, [1, 2, 3, 4, 5]);
  });

  it('stops starting requests while the client is not reading, and resumes on drain', async () => {
    const { s, be, sock } = setup();
    s.open(SECRET);
    await settle();
    sock.buffered = 1000;
    s.message(req(1), false);
    assert.equal(be.dispatched.length, 0);
    sock.buffered = 0;
    s.drain();
    assert.equal(be.dispatched.length, 1);
  });

  it('closes with 1008 when a client keeps sending without reading, so memory stays bounded', async () => {
    const { s, sock } = setup();
    s.open(SECRET);
    await settle();
    sock.buffered = 10_000;
    for (let i = 1; i <= 100 && sock.ended === null; i++) s.message(req(i), false);
    assert.equal(sock.ended?.code, 1008);
    assert.equal(s.queued, 0);
  });

  it('closes with 1009 on a message over the size cap and 1007 on an unreadable frame', async () => {
    const big = setup();
    big.s.open(SECRET);
    await settle();
    big.s.message(new Uint8Array(1025).buffer, false);
    assert.equal(big.sock.ended?.code, 1009);
    const garbled = setup();
    garbled.s.open(SECRET);
    await settle();
    garbled.s.message(new TextEncoder().encode('{nope').buffer, false);
    assert.equal(garbled.sock.ended?.code, 1007);
  });

  it('answers a request without a request node with an error frame and goes on', async () => {
    const { s, sock } = setup();
    s.open(SECRET);
    await settle();
    s.message(frame({ id: 9 }), false);
    await settle();
    assert.deepEqual(JSON.parse(sock.sent[1] ?? '{}'), { id: 9, error: { status: 422, reason: 'Invalid_Message', message: 'a request needs a "request" JSON TTLV node' } });
    assert.equal(sock.ended, null);
  });

  it('pings a quiet session, keeps it while it answers, and closes it with 4408 once it stops', async () => {
    const { s, sock, clock } = setup();
    s.open(SECRET);
    await settle();
    for (let i = 0; i < 5; i++) {
      clock.advance(30_000);
      s.pong(); // a live client answers every ping
    }
    assert.equal(sock.ended, null);
    assert.ok(sock.pings >= 4, `pinged ${sock.pings} times`);
    clock.advance(90_000);
    assert.equal(endCode(sock), 4408);
  });

  it('never closes a session for silence while its requests run', async () => {
    const { s, sock, be, clock } = setup();
    s.open(SECRET);
    await settle();
    be.hold = true;
    s.message(req(1), false);
    clock.advance(600_000);
    assert.equal(sock.ended, null);
    be.release();
    await settle();
    clock.advance(59_999);
    assert.equal(sock.ended, null);
    clock.advance(30_001);
    assert.equal(endCode(sock), 4408);
  });

  it('answers in arrival order even when a later request fails at once', async () => {
    const { s, sock, be } = setup();
    s.open(SECRET);
    await settle();
    be.hold = true;
    s.message(req(1), false);
    s.message(frame({ id: 2 }), false); // refused without running: it must still wait for 1
    await settle();
    assert.equal(sock.sent.length, 1, 'nothing but ready yet');
    be.release();
    await settle();
    assert.deepEqual(sock.sent.slice(1).map((f) => (JSON.parse(f) as { id: number }).id), [1, 2]);
  });

  it('holds answers while the client is behind on reading, sends them on drain, and drops a client that never reads again', async () => {
    const { s, sock, be, clock } = setup();
    s.open(SECRET);
    await settle();
    s.message(req(1), false);
    sock.buffered = 5_000; // the client stopped reading before the answer was written
    await settle();
    assert.equal(be.dispatched.length, 1);
    assert.equal(sock.sent.length, 1, 'the answer waits');
    sock.buffered = 0;
    s.drain();
    assert.equal(sock.sent.length, 2, 'drain sends it');
    sock.buffered = 5_000;
    s.message(req(2), false); // cannot start: the client is not reading
    clock.advance(60_000);
    assert.equal(endCode(sock), 4408);
  });

  it('answers a request over the rate limit with a 429 error frame, in order, without running it', async () => {
    const sock = new FakeSocket();
    const be = new FakeBackend();
    let allowance = 1;
    const s = new KmipSession(sock, {
      backend: be, databaseType: 'sqlite', user: 'erin', clock: new FakeClock(), limits: LIMITS,
      admitRequest: () => (allowance-- > 0 ? null : new KmsError('RATE_LIMITED', 'rate limit exceeded')),
    });
    s.open('');
    await settle();
    s.message(req(1), false);
    s.message(req(2), false);
    await settle();
    assert.equal(be.dispatched.length, 1);
    assert.equal((JSON.parse(sock.sent[1] ?? '{}') as { id: number }).id, 1);
    assert.deepEqual(JSON.parse(sock.sent[2] ?? '{}'), { id: 2, error: { status: 429, reason: 'Too Many Requests', message: 'rate limit exceeded' } });
    assert.equal(sock.ended, null);
  });

  it('releases its database when it closes, and closes with 1001 on shutdown', async () => {
    const { s, sock, be } = setup();
    s.open(SECRET);
    await settle();
    s.shutdown();
    assert.equal(sock.ended?.code, 1001);
    assert.deepEqual(be.detached, ['77']);
  });
});
