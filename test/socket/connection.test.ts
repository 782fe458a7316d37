/**
 * A KMIP socket connection's message loop, driven directly with a fake clock, a scripted socket
 * and a handler whose answers the test releases: order, one at a time, backpressure both ways,
 * idle closing, refused streams, draining and wiping (byte and time limits: connection-limits).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS, flush, message, setup } from './connection-harness.js';
import { decodeResponse, itemResult } from './kmip-messages.js';

describe('KmipConnection', () => {
  it('runs one message at a time and answers in arrival order', async () => {
    const { socket, handler, conn } = setup();
    conn.data(Buffer.concat([message(1), message(2), message(3)]));
    await flush();
    assert.deepEqual(handler.calls, [message(1)]);
    for (const n of [1, 2, 3]) {
      handler.answer(10 + n);
      await flush();
    }
    assert.deepEqual(handler.calls, [message(1), message(2), message(3)]);
    assert.deepEqual(socket.written, [message(11), message(12), message(13)]);
    assert.equal(conn.pending, 0);
  });

  it('stops reading while too many messages wait, and reads again once they are answered', async () => {
    const { socket, handler, conn } = setup();
    conn.data(Buffer.concat([message(1), message(2), message(3), message(4)]));
    await flush();
    assert.equal(socket.paused, true);
    handler.answer(1);
    await flush();
    assert.equal(socket.paused, true, 'two still wait');
    handler.answer(2);
    await flush();
    assert.equal(socket.paused, false, 'one waits');
    for (const n of [3, 4]) {
      handler.answer(n);
      await flush();
    }
    assert.equal(socket.written.length, 4);
  });

  it('starts no message while the client is not reading its answers', async () => {
    const { socket, handler, conn } = setup();
    socket.accepting = false;
    conn.data(Buffer.concat([message(1), message(2)]));
    await flush();
    handler.answer(1);
    await flush();
    assert.equal(handler.calls.length, 1);
    socket.drain();
    await flush();
    assert.equal(handler.calls.length, 2);
  });

  it('closes a silent connection after the idle timeout', () => {
    const { socket, clock } = setup();
    clock.advance(999);
    assert.equal(socket.destroyed, false);
    clock.advance(1);
    assert.equal(socket.destroyed, true);
  });

  it('counts complete messages as activity, not stray bytes, and never closes while a message runs', async () => {
    const { socket, handler, clock, conn } = setup({ ...LIMITS, messageTimeoutMs: 10_000 });
    clock.advance(800);
    conn.data(message(1));
    await flush();
    handler.answer(1);
    await flush();
    clock.advance(800);
    assert.equal(socket.destroyed, false, 'a message 800 ms ago');
    conn.data(message(2).subarray(0, 4));
    clock.advance(199);
    assert.equal(socket.destroyed, false);
    clock.advance(1);
    assert.equal(socket.destroyed, true, 'part of a message is not activity');
  });

  it('never closes while a message runs', async () => {
    const { socket, handler, clock, conn } = setup();
    conn.data(message(1));
    await flush();
    clock.advance(5000);
    assert.equal(socket.destroyed, false, 'a message is running');
    handler.answer(1);
    await flush();
    clock.advance(999);
    assert.equal(socket.destroyed, false);
    clock.advance(1);
    assert.equal(socket.destroyed, true);
  });

  it('answers what came before a refused stream, then one failure, then ends', async () => {
    const { socket, handler, conn } = setup();
    conn.data(Buffer.concat([message(1), Buffer.from('not ttlv')]));
    await flush();
    assert.equal(socket.ended, false);
    handler.answer(1);
    await flush();
    assert.equal(socket.written.length, 2);
    assert.deepEqual(socket.written[0], message(1));
    const failure = itemResult(decodeResponse(socket.written[1] ?? new Uint8Array(0)));
    assert.equal(failure.status, 'OperationFailed');
    assert.equal(failure.reason, 'Invalid_Message');
    assert.equal(socket.ended, true);
    assert.equal(handler.calls.length, 1);
  });

  it('drains: answers every message received, then ends', async () => {
    const { socket, handler, conn } = setup();
    conn.data(Buffer.concat([message(1), message(2)]));
    conn.drain();
    await flush();
    handler.answer(1);
    await flush();
    assert.equal(socket.ended, false);
    handler.answer(2);
    await flush();
    assert.equal(socket.written.length, 2);
    assert.equal(socket.ended, true);
  });

  it('ends at once when drained with nothing to answer', () => {
    const { socket, conn } = setup();
    conn.drain();
    assert.equal(socket.ended, true);
  });

  it('writes nothing more once the socket closed', async () => {
    const { socket, handler, conn } = setup();
    conn.data(Buffer.concat([message(1), message(2)]));
    await flush();
    conn.closed();
    handler.answer(1);
    await flush();
    assert.deepEqual(socket.written, []);
    assert.equal(handler.calls.length, 1);
  });
  it('wipes each message once answered, and the waiting ones when the socket closes', async () => {
    const { handler, conn } = setup();
    conn.data(Buffer.concat([message(1), message(2)]));
    await flush();
    const [first] = handler.given;
    assert.deepEqual(first, message(1));
    handler.answer(1);
    await flush();
    assert.ok(first?.every((b) => b === 0), 'the answered message is zeroed');
    const second = handler.given[1];
    assert.deepEqual(second, message(2));
    conn.closed();
    handler.answer(2);
    await flush();
    assert.ok(second?.every((b) => b === 0), 'the running message is zeroed once it settles');
  });

  it('wipes the received chunks a message was cut from', () => {
    const { conn } = setup();
    const chunk = Buffer.from(Buffer.concat([message(7), message(8).subarray(0, 4)]));
    conn.data(chunk);
    assert.ok(chunk.subarray(0, 16).every((b) => b === 0));
    assert.deepEqual(chunk.subarray(16), Buffer.from(message(8).subarray(0, 4)), 'the next message is left alone');
  });

  it('stops reading while draining, and does not start again as the queue empties', async () => {
    const { socket, handler, conn } = setup({ ...LIMITS, maxQueuedMessages: 32 });
    conn.data(Buffer.concat([message(1), message(2)]));
    assert.equal(socket.paused, false);
    conn.drain();
    assert.equal(socket.paused, true);
    await flush();
    handler.answer(1);
    await flush();
    assert.equal(socket.paused, true);
    handler.answer(2);
    await flush();
    assert.equal(socket.ended, true);
    assert.equal(socket.paused, true);
  });
});
