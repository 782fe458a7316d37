/**
 * A WebSocket session authenticated by a JWT lives no longer than the token: once the clock
 * reaches its expiry the session runs nothing more and closes with 4401, busy or idle.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { endCode, req, SECRET, settle, setup } from './ws-session-fakes.js';
import type { Clock, TimerHandle } from '../../../src/lib/clock.js';

const T0 = 1_700_000_000_000;

/** A clock whose timers never fire: only the checks made on requests can end the session. */
class FrozenTimersClock implements Clock {
  constructor(public at: number) {}
  now(): number { return this.at; }
  setTimer(): TimerHandle { return { cancel: () => undefined }; }
}

const answerIds = (sent: readonly string[]): number[] => sent.slice(1).map((f) => (JSON.parse(f) as { id: number }).id);

describe('KmipSession credential expiry', () => {
  it('closes an idle session with 4401 when its token expires, without waiting for the idle timer', async () => {
    const { s, sock, clock } = setup('sqlite-enc', {}, { expiresAt: T0 + 10_000 });
    s.open(SECRET);
    await settle();
    clock.advance(9_999);
    assert.equal(endCode(sock), undefined);
    clock.advance(1);
    assert.equal(endCode(sock), 4401);
    assert.match(sock.ended?.reason ?? '', /expired/);
  });

  it('closes a busy session at the expiry even with requests running, and sends no answer after it', async () => {
    const { s, sock, be, clock } = setup('sqlite-enc', {}, { expiresAt: T0 + 10_000 });
    s.open(SECRET);
    await settle();
    s.message(req(1), false);
    await settle();
    assert.deepEqual(answerIds(sock.sent), [1]);
    be.hold = true;
    s.message(req(2), false);
    clock.advance(10_000);
    assert.equal(endCode(sock), 4401);
    be.release();
    await settle();
    assert.deepEqual(answerIds(sock.sent), [1], 'the running request is not answered');
  });

  it('runs no request that arrives once the token has expired, even before any timer fires', async () => {
    const clock = new FrozenTimersClock(T0);
    const { s, sock, be } = setup('sqlite-enc', {}, { expiresAt: T0 + 10_000, clock });
    s.open(SECRET);
    await settle();
    s.message(req(1), false);
    await settle();
    clock.at = T0 + 10_000;
    s.message(req(2), false);
    await settle();
    assert.equal(endCode(sock), 4401);
    assert.equal(be.dispatched.length, 1);
    assert.deepEqual(answerIds(sock.sent), [1]);
  });

  it('starts no queued request once the token has expired', async () => {
    const clock = new FrozenTimersClock(T0);
    const { s, sock, be } = setup('sqlite-enc', { maxInFlight: 1 }, { expiresAt: T0 + 10_000, clock });
    s.open(SECRET);
    await settle();
    be.hold = true;
    s.message(req(1), false);
    s.message(req(2), false);
    assert.equal(be.dispatched.length, 1);
    clock.at = T0 + 10_000;
    be.release();
    await settle();
    assert.equal(endCode(sock), 4401);
    assert.equal(be.dispatched.length, 1, 'request 2 never ran');
  });

  it('closes at once a session whose token expired while it was binding', async () => {
    const clock = new FrozenTimersClock(T0 + 10_000);
    const { s, sock, be } = setup('sqlite-enc', {}, { expiresAt: T0 + 10_000, clock });
    s.open(SECRET);
    await settle();
    assert.equal(endCode(sock), 4401);
    assert.deepEqual(sock.sent, [], 'never ready');
    assert.deepEqual(be.detached, ['77']);
  });

  it('keeps a session without an expiry (API token, certificate, default user) open while its client answers', async () => {
    const { s, sock, clock } = setup('sqlite-enc', {}, { expiresAt: null });
    s.open(SECRET);
    await settle();
    for (let i = 0; i < 10; i++) {
      clock.advance(30_000);
      s.pong();
    }
    assert.equal(sock.ended, null);
  });
});
