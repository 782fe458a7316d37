/**
 * Coalesces messages bound for another thread: everything queued during one turn of the event
 * loop leaves in one frame, so a burst of requests costs one postMessage instead of one each.
 * @module
 */
import { encodeFrame, type Frame } from './codec.js';
import type { WorkerCommand, WorkerEvent } from './messages.js';

/** A queue flushed once per event-loop turn (or on demand). */
export class Outbox<T extends WorkerCommand | WorkerEvent> {
  #queue: T[] = [];
  #scheduled = false;

  constructor(private readonly post: (frame: Frame) => void) {}

  /** Queues a message for the next flush. */
  push(msg: T): void {
    this.#queue.push(msg);
    if (!this.#scheduled) {
      this.#scheduled = true;
      // After I/O callbacks: all requests read in this turn share the frame.
      setImmediate(() => { this.flush(); });
    }
  }

  /** Sends whatever is queued now. */
  flush(): void {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const msgs = this.#queue;
    this.#queue = [];
    this.post(encodeFrame(msgs));
  }

  /** Drops what is queued (the receiver is gone). */
  clear(): void {
    this.#queue = [];
  }
}
