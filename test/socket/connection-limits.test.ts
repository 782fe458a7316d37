/**
 * A KMIP socket connection's limits on what a client may make it hold: the bytes read ahead (the
 * message being read included) and the time one message may take to arrive, on a fake clock.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS, flush, message, setup } from './connection-harness.js';
import { decodeResponse, itemResult } from './kmip-messages.js';

describe('KmipConnection limits', () => {
  it('stops reading once the bytes held pass twice the largest message, however few the messages', async () => {
    // A handler that never answers: nothing held is ever released.
    const { socket, conn } = setup({ ...LIMITS, maxQueuedMessages: 32 });
    const big = (n: number): Uint8Array => message(n, 1000);
    let sent = 0;
    while (!socket.paused && sent < 32) conn.data(big(++sent));
    await flush();
    assert.equal(socket.paused, true);
    assert.equal(sent, 3, 'paused by bytes, far below the message cap');
    assert.ok(conn.bufferedBytes > 2048 && conn.bufferedBytes <= 2048 + 1008, `${conn.bufferedBytes} bytes held`);
  });

  it('counts the part of a message still arriving, and reads again below half the budget', async () => {
    const { socket, handler, conn } = setup({ ...LIMITS, maxQueuedMessages: 32 });
    conn.data(Buffer.concat([message(1, 1000), message(2, 1000), message(3, 1000).subarray(0, 100)]));
    await flush();
    assert.equal(conn.bufferedBytes, 2016 + 100);
    assert.equal(socket.paused, true);
    handler.answer(1);
    await flush();
    assert.equal(conn.bufferedBytes, 1008 + 100);
    assert.equal(socket.paused, true, 'still at least half the budget');
    handler.answer(2);
    await flush();
    assert.equal(conn.bufferedBytes, 100);
    assert.equal(socket.paused, false);
  });

  it('refuses a message not complete within the message timeout of its first byte, however steady the trickle', async () => {
    const { socket, clock, conn } = setup({ ...LIMITS, idleTimeoutMs: 60_000 });
    const m = message(1);
    for (let i = 0; i < 10; i++) {
      conn.data(m.subarray(i, i + 1));
      clock.advance(50);
    }
    await flush();
    assert.equal(socket.ended, true);
    assert.equal(socket.written.length, 1);
    const failure = itemResult(decodeResponse(socket.written[0] ?? new Uint8Array(0)));
    assert.equal(failure.reason, 'Invalid_Message');
    assert.match(failure.message, /500 ms/);
  });

  it('gives each message its own deadline, from its first byte', async () => {
    const { socket, handler, clock, conn } = setup({ ...LIMITS, idleTimeoutMs: 60_000 });
    conn.data(message(1).subarray(0, 8));
    clock.advance(400);
    // The end of the first message and the start of the second.
    conn.data(Buffer.concat([message(1).subarray(8), message(2).subarray(0, 4)]));
    await flush();
    handler.answer(1);
    await flush();
    clock.advance(499);
    conn.data(message(2).subarray(4));
    await flush();
    handler.answer(2);
    await flush();
    clock.advance(10_000);
    assert.equal(socket.ended, false);
    assert.equal(socket.written.length, 2);
    conn.data(message(3).subarray(0, 1));
    clock.advance(500);
    await flush();
    assert.equal(socket.ended, true);
  });

  it('does not hold the sender to the deadline while reading is paused, and restarts it on resume', async () => {
    const { socket, handler, clock, conn } = setup({ ...LIMITS, maxQueuedMessages: 32, idleTimeoutMs: 60_000 });
    conn.data(Buffer.concat([message(1, 1000), message(2, 1000), message(3, 1000).subarray(0, 100)]));
    await flush();
    assert.equal(socket.paused, true);
    clock.advance(5000);
    assert.equal(socket.ended, false, 'the third message waits on us, not on the sender');
    handler.answer(1);
    await flush();
    handler.answer(2);
    await flush();
    assert.equal(socket.paused, false);
    clock.advance(499);
    assert.equal(socket.ended, false);
    clock.advance(1);
    await flush();
    assert.equal(socket.ended, true, 'once reading again, the sender has the usual time');
  });
});
