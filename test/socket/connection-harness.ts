/**
 * The harness of the connection tests: a scripted socket that records what the connection does to
 * it, a handler whose answers the test releases, and a connection built on a fake clock.
 * @module
 */
import assert from 'node:assert/strict';
import { KmipConnection, type ConnectionLimits, type ConnectionSocket } from '../../src/gateway/socket/connection.js';
import { silentLogger } from '../../src/lib/logger.js';
import { BINARY_KMIP } from '../../src/binary-kmip.js';
import { FakeClock } from '../helpers/fake-clock.js';

/** A Structure message whose body is `bodyBytes` bytes of `n`. */
export function message(n: number, bodyBytes = 8): Uint8Array {
  const m = new Uint8Array(8 + bodyBytes).fill(n);
  m.set([0x42, 0x00, 0x78, 0x01], 0);
  new DataView(m.buffer).setUint32(4, bodyBytes);
  return m;
}

/** A socket that records what the connection does to it. */
export class ScriptedSocket implements ConnectionSocket {
  readonly written: Uint8Array[] = [];
  ended = false;
  destroyed = false;
  paused = false;
  /** What write answers (false: "wait for drain"). */
  accepting = true;
  #drained: (() => void) | null = null;

  write(bytes: Uint8Array): boolean {
    this.written.push(bytes);
    return this.accepting;
  }
  drained(): Promise<void> {
    return new Promise((resolve) => { this.#drained = resolve; });
  }
  /** The reader caught up. */
  drain(): void {
    this.accepting = true;
    this.#drained?.();
    this.#drained = null;
  }
  end(): void { this.ended = true; }
  destroy(): void { this.destroyed = true; }
  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; }
}

/** A handler whose answers wait until the test releases them, in any order. */
export class HeldHandler {
  /** Copies of the messages as they were handed over. */
  readonly calls: Uint8Array[] = [];
  /** The messages themselves, which the connection wipes once answered. */
  readonly given: Uint8Array[] = [];
  readonly #release: ((answer: Uint8Array) => void)[] = [];

  readonly handle = (_caller: unknown, msg: Uint8Array): Promise<Uint8Array> => {
    this.calls.push(Uint8Array.from(msg));
    this.given.push(msg);
    return new Promise((resolve) => { this.#release.push(resolve); });
  };

  /** Answers the oldest call still waiting with a message tagged `n`. */
  answer(n: number): void {
    const r = this.#release.shift();
    assert.ok(r !== undefined, 'no call is waiting');
    r(message(n));
  }
}

export const flush = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

export const LIMITS: ConnectionLimits = { maxMessageBytes: 1024, idleTimeoutMs: 1000, messageTimeoutMs: 500, maxQueuedMessages: 2, maxBufferedBytes: 2048 };

export function setup(limits: ConnectionLimits = LIMITS): { socket: ScriptedSocket; handler: HeldHandler; clock: FakeClock; conn: KmipConnection } {
  const socket = new ScriptedSocket();
  const handler = new HeldHandler();
  const clock = new FakeClock();
  const conn = new KmipConnection(socket, {
    caller: { user: 'alice', client: '127.0.0.1' },
    handler: handler.handle,
    kmip: BINARY_KMIP,
    clock,
    limits,
    logger: silentLogger,
  });
  return { socket, handler, clock, conn };
}
