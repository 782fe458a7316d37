/**
 * Reading a request body while its caller is being authenticated: little is held until the caller
 * is admitted, nothing once it is refused.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PENDING_BODY_BYTES, readBody, type BodyStream } from '../../../src/gateway/http/read-body.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import type { ResponseState } from '../../../src/gateway/http/respond.js';

/** A uWS response stand-in: the test delivers chunks; pause and resume are counted. */
class FakeStream implements BodyStream {
  #handler: ((chunk: ArrayBuffer, isLast: boolean) => void) | null = null;
  pauses = 0;
  resumes = 0;
  onData(handler: (chunk: ArrayBuffer, isLast: boolean) => void): this {
    this.#handler = handler;
    return this;
  }
  pause(): void { this.pauses++; }
  resume(): void { this.resumes++; }
  /** Delivers a chunk of `size` bytes of `fill`, then neuters it as uWS does (a copy must have been kept). */
  deliver(size: number, fill: number, isLast = false): void {
    const chunk = new Uint8Array(size).fill(fill);
    this.#handler?.(chunk.buffer, isLast);
    chunk.fill(0);
  }
}

const freshState = (): ResponseState => ({ aborted: false, onAbort: null });
const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    return err instanceof KmsError ? err.code : 'other';
  }
};

describe('readBody', () => {
  it('holds at most 64 KiB by default before admission', () => {
    assert.equal(PENDING_BODY_BYTES, 64 * 1024);
  });

  it('pauses the read once the pending cap is reached and resumes it when the caller is admitted', async () => {
    const s = new FakeStream();
    const body = readBody(s, freshState(), '4096', 1 << 20, 1024);
    s.deliver(512, 1);
    assert.equal(s.pauses, 0);
    s.deliver(512, 2);
    assert.equal(s.pauses, 1);
    assert.equal(body.paused, true);
    assert.equal(body.heldBytes, 1024);
    const admitted = body.admit();
    assert.equal(s.resumes, 1);
    assert.equal(body.paused, false);
    s.deliver(2048, 3);
    assert.equal(s.pauses, 1, 'an admitted caller is read at full speed');
    s.deliver(1024, 4, true);
    const bytes = await admitted;
    assert.equal(bytes.length, 4096);
    assert.deepEqual([bytes[0], bytes[512], bytes[1024], bytes[4095]], [1, 2, 3, 4]);
  });

  it('never pauses for a caller admitted before its body arrives', async () => {
    const s = new FakeStream();
    const body = readBody(s, freshState(), '', 1 << 20, 1024);
    const admitted = body.admit();
    for (let i = 0; i < 8; i++) s.deliver(1024, i);
    s.deliver(0, 0, true);
    assert.equal(s.pauses, 0);
    assert.equal((await admitted).length, 8192);
  });

  it('drops what it holds as soon as the caller is refused and ignores the rest of the body', async () => {
    const s = new FakeStream();
    const body = readBody(s, freshState(), '', 1 << 20, 1 << 20);
    s.deliver(4096, 1);
    s.deliver(4096, 2);
    assert.equal(body.heldBytes, 8192);
    body.discard();
    assert.equal(body.heldBytes, 0);
    s.deliver(4096, 3);
    s.deliver(4096, 4, true);
    assert.equal(body.heldBytes, 0, 'later chunks are not kept');
    assert.equal(await codeOf(body.admit()), 'UNAUTHORIZED');
  });

  it('keeps a paused read paused when the caller is refused (the connection is closed instead)', () => {
    const s = new FakeStream();
    const body = readBody(s, freshState(), '', 1 << 20, 1024);
    s.deliver(2048, 1);
    body.discard();
    assert.deepEqual({ pauses: s.pauses, resumes: s.resumes, held: body.heldBytes }, { pauses: 1, resumes: 0, held: 0 });
  });

  it('refuses a body over the size cap, declared or streamed, and keeps none of it', async () => {
    const declared = readBody(new FakeStream(), freshState(), '5000', 4096);
    assert.equal(await codeOf(declared.admit()), 'BODY_TOO_LARGE');
    const s = new FakeStream();
    const streamed = readBody(s, freshState(), '', 4096, 1 << 20);
    s.deliver(4000, 1);
    s.deliver(200, 2);
    assert.equal(streamed.heldBytes, 0);
    assert.equal(await codeOf(streamed.admit()), 'BODY_TOO_LARGE');
  });

  it('settles when the client goes away mid-body', async () => {
    const s = new FakeStream();
    const state = freshState();
    const body = readBody(s, state, '', 4096, 1024);
    s.deliver(100, 1);
    state.aborted = true;
    state.onAbort?.();
    assert.equal(body.heldBytes, 0);
    assert.equal(await codeOf(body.admit()), 'INTERNAL');
  });
});
