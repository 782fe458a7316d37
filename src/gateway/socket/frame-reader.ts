/**
 * Cuts a TLS byte stream into whole TTLV messages. A KMIP message is one Structure: an 8-byte
 * header (3-byte tag, type 0x01, 4-byte big-endian length) then exactly `length` bytes, however
 * TCP splits or joins them. Only the header is read here; the message itself is the actor's.
 * @module
 */

/** Bytes of a TTLV item header: tag (3), type (1), length (4). */
export const TTLV_HEADER_BYTES = 8;

/** The item type of a Structure, the only thing a KMIP message can be. */
const STRUCTURE = 0x01;

/** Why the stream cannot go on: it does not start a Structure, or announces one over the limit. */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly problem: 'not-structure' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Accumulates chunks and hands out complete messages (header included), in order. The bytes of a
 * message handed out are wiped from the chunks it was cut from: they may hold a database secret.
 */
export class FrameReader {
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  /** The total size of the message being read, once its header is complete. */
  #expected: number | null = null;
  #failed = false;

  /** `maxMessageBytes`: the largest message accepted, header included. */
  constructor(private readonly maxMessageBytes: number) {}

  /** Bytes received and not yet handed out. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Whether a message has begun and is not complete yet. */
  get partial(): boolean {
    return this.#buffered > 0;
  }

  /** Adds received bytes; the reader keeps (and later wipes) `chunk`, so the caller must not reuse it. */
  push(chunk: Uint8Array): void {
    if (this.#failed || chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /** The next complete message (a fresh copy), or null until more bytes arrive; throws FrameError once, then returns null. */
  next(): Uint8Array | null {
    if (this.#failed) return null;
    if (this.#expected === null) {
      if (this.#buffered < TTLV_HEADER_BYTES) return null;
      const header = this.#peek(TTLV_HEADER_BYTES);
      if (header[3] !== STRUCTURE) {
        this.#fail();
        throw new FrameError('not-structure', 'a KMIP message must be a TTLV Structure');
      }
      const length = new DataView(header.buffer, header.byteOffset, TTLV_HEADER_BYTES).getUint32(4);
      const total = TTLV_HEADER_BYTES + length;
      if (total > this.maxMessageBytes) {
        this.#fail();
        throw new FrameError('too-large', `messages are limited to ${this.maxMessageBytes} bytes; this one announces ${total}`);
      }
      this.#expected = total;
    }
    if (this.#buffered < this.#expected) return null;
    const message = this.#take(this.#expected);
    this.#expected = null;
    return message;
  }

  /** Wipes and drops what is buffered, and ignores every byte from now on. */
  discard(): void {
    this.#fail();
  }

  #fail(): void {
    this.#failed = true;
    for (const c of this.#chunks) c.fill(0);
    this.#chunks = [];
    this.#buffered = 0;
    this.#expected = null;
  }

  /** The first n buffered bytes (n <= buffered), copied only when they span chunks. */
  #peek(n: number): Uint8Array {
    const first = this.#chunks[0];
    if (first !== undefined && first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(n);
    let at = 0;
    for (const c of this.#chunks) {
      const part = c.subarray(0, n - at);
      out.set(part, at);
      at += part.length;
      if (at === n) break;
    }
    return out;
  }

  /** Removes and returns the first n buffered bytes (n <= buffered) as a new array, wiping them where they were. */
  #take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      const c = this.#chunks[0];
      if (c === undefined) throw new Error('internal: frame reader ran out of bytes');
      const want = n - at;
      if (c.length <= want) {
        out.set(c, at);
        c.fill(0);
        at += c.length;
        this.#chunks.shift();
      } else {
        out.set(c.subarray(0, want), at);
        c.fill(0, 0, want);
        at += want;
        this.#chunks[0] = c.subarray(want);
      }
    }
    this.#buffered -= n;
    return out;
  }
}
