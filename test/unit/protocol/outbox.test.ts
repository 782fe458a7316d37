/**
 * The outbox between threads: one frame per event-loop turn, and a frame of its own as soon as a
 * burst fills one, so the receiving thread starts while the rest of the burst is read.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommands } from '../../../src/protocol/codec.js';
import { FRAME_MESSAGES, Outbox } from '../../../src/protocol/outbox.js';
import { PROTOCOL_VERSION, type WorkerCommand } from '../../../src/protocol/messages.js';

const shutdown = (id: number): WorkerCommand => ({ type: 'shutdown', v: PROTOCOL_VERSION, id });

/** An outbox whose frames are decoded into the ids they carry, frame by frame. */
function recording(): { outbox: Outbox<WorkerCommand>; frames: number[][] } {
  const frames: number[][] = [];
  const outbox = new Outbox<WorkerCommand>((frame) => { frames.push(decodeCommands(frame.bytes).map((c) => c.id)); });
  return { outbox, frames };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

describe('Outbox', () => {
  it('sends the messages of one turn together, after the turn', async () => {
    const { outbox, frames } = recording();
    outbox.push(shutdown(1));
    outbox.push(shutdown(2));
    assert.deepEqual(frames, [], 'nothing leaves while the turn is still queuing');
    await nextTurn();
    assert.deepEqual(frames, [[1, 2]]);
  });

  it('sends a full frame at once and the rest of the burst after the turn', async () => {
    const { outbox, frames } = recording();
    const burst = 2 * FRAME_MESSAGES + 3;
    for (let id = 1; id <= burst; id++) outbox.push(shutdown(id));
    const ids = Array.from({ length: burst }, (_, i) => i + 1);
    assert.deepEqual(frames, [ids.slice(0, FRAME_MESSAGES), ids.slice(FRAME_MESSAGES, 2 * FRAME_MESSAGES)]);
    await nextTurn();
    assert.deepEqual(frames.at(-1), ids.slice(2 * FRAME_MESSAGES), 'the remainder leaves with the turn, in order');
    assert.equal(frames.length, 3);
  });

  it('sends on demand and drops what is cleared', async () => {
    const { outbox, frames } = recording();
    outbox.push(shutdown(1));
    outbox.flush();
    outbox.push(shutdown(2));
    outbox.clear();
    await nextTurn();
    assert.deepEqual(frames, [[1]]);
  });
});
