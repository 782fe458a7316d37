/**
 * Cuts a byte stream into fixed-size segments, holding the latest full segment back until
 * more bytes arrive: only the end of the input decides which segment is the final one.
 * @module
 */

/** One reusable segment-sized buffer; wipe() when done, since it may hold plaintext. */
export class SegmentBuffer {
  readonly #buf: Buffer;
  #filled = 0;

  constructor(readonly size: number) {
    this.#buf = Buffer.alloc(size);
  }

  /**
   * Copies the chunk in. Each time a full segment is followed by more bytes, calls onFull with
   * it (a view on the internal buffer, valid only during the call), then starts the next one.
   */
  push(chunk: Uint8Array, onFull: (segment: Buffer) => void): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.#filled === this.size) {
        onFull(this.#buf);
        this.#filled = 0;
      }
      const n = Math.min(this.size - this.#filled, chunk.length - off);
      this.#buf.set(chunk.subarray(off, off + n), this.#filled);
      this.#filled += n;
      off += n;
    }
  }

  /** The held-back bytes: the final segment once the input has ended (0..size bytes). */
  rest(): Buffer {
    return this.#buf.subarray(0, this.#filled);
  }

  /** Zeroes the buffer. */
  wipe(): void {
    this.#buf.fill(0);
    this.#filled = 0;
  }
}
