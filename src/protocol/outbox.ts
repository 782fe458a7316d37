/**
 * Coalesces messages bound for another thread: what is queued during one turn of the event loop
 * leaves in one frame, so a burst of requests costs one postMessage instead of one each. A frame
 * leaves early once it holds FRAME_MESSAGES: the receiver starts on it while this thread reads the
 * rest of the burst, instead of the two threads taking turns on the whole of it.
 * @module
 */
import { encodeFrame, type Frame } from './codec.js';
import type { WorkerCommand, WorkerEvent } from './messages.js';

/** Messages in one frame at most (measured: 8-32 keep both threads busy; a turn's whole burst leaves them taking turns). */
export const FRAME_MESSAGES = 16;

/** A queue flushed once per event-loop turn, when it holds FRAME_MESSAGES, or on demand. */
export class Outbox<T extends WorkerCommand | WorkerEvent> {
  #queue: T[] = [];
  #scheduled = false;

  constructor(private readonly post: (frame: Frame) => void) {}

  /** Queues a message for the next flush. */
  push(msg: T): void {
    this.#queue.push(msg);
    if (this.#queue.length >= FRAME_MESSAGES) {
      this.#send(); // the turn's flush stays scheduled for what follows
      return;
    }
    if (!this.#scheduled) {
      this.#scheduled = true;
      // After I/O callbacks: all requests read in this turn share the frame.
      setImmediate(() => { this.flush(); });
    }
  }

  /** Sends whatever is queued now. */
  flush(): void {
    this.#scheduled = false;
    this.#send();
  }

  #send(): void {
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
