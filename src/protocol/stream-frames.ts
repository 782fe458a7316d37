/**
 * Frames on a byte stream (the pipe to an actor host process): each behind its length, so the
 * reader can cut the stream back into the frames codec.ts encodes.
 * @module
 */
import { ProtocolError } from './protocol-error.js';

/** Bytes before each frame on a stream: its length, unsigned 32-bit little-endian. */
export const STREAM_HEADER_BYTES = 4;

/** The header to write before a frame on a stream. */
export function streamHeader(frame: Uint8Array): Buffer {
  if (frame.length === 0 || frame.length > 0xffff_ffff) throw new ProtocolError('frame size out of range');
  const header = Buffer.allocUnsafe(STREAM_HEADER_BYTES);
  header.writeUInt32LE(frame.length, 0);
  return header;
}

/** The part of a stream socket writeFramed uses. */
export interface FrameSink {
  cork(): void;
  uncork(): void;
  write(chunk: Uint8Array, callback?: () => void): boolean;
}

/** Writes one frame behind its length, in one write to the stream; `written` runs once it is sent. */
export function writeFramed(sink: FrameSink, frame: Uint8Array, written?: () => void): void {
  sink.cork();
  sink.write(streamHeader(frame));
  sink.write(frame, written);
  sink.uncork();
}

/**
 * Cuts a byte stream back into the frames written behind streamHeader. A frame inside one chunk
 * is handed on as a view of it; one spread over chunks is copied out, and the pieces it came from
 * are wiped (they may hold a key).
 */
export class FrameSplitter {
  readonly #header = Buffer.alloc(STREAM_HEADER_BYTES);
  #headerBytes = 0;
  /** Length of the frame being read, or -1 while reading a header. */
  #expected = -1;
  #pieces: Uint8Array[] = [];
  #have = 0;

  constructor(private readonly onFrame: (frame: Uint8Array) => void) {}

  /** Feeds the next chunk; calls onFrame for each frame it completes, in order. */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#expected < 0) {
        const take = Math.min(STREAM_HEADER_BYTES - this.#headerBytes, chunk.length - at);
        this.#header.set(chunk.subarray(at, at + take), this.#headerBytes);
        this.#headerBytes += take;
        at += take;
        if (this.#headerBytes < STREAM_HEADER_BYTES) return;
        this.#headerBytes = 0;
        this.#expected = this.#header.readUInt32LE(0);
        if (this.#expected === 0) throw new ProtocolError('empty frame on the stream');
        continue;
      }
      const take = Math.min(this.#expected - this.#have, chunk.length - at);
      const piece = chunk.subarray(at, at + take);
      at += take;
      if (this.#have === 0 && take === this.#expected) {
        this.#expected = -1;
        this.onFrame(piece);
        continue;
      }
      this.#pieces.push(piece);
      this.#have += take;
      if (this.#have === this.#expected) this.onFrame(this.#join());
    }
  }

  #join(): Uint8Array {
    // Not from the shared pool: the frame may hold a key, wiped where it lies.
    const frame = new Uint8Array(this.#expected);
    let at = 0;
    for (const p of this.#pieces) {
      frame.set(p, at);
      at += p.length;
      p.fill(0);
    }
    this.#pieces = [];
    this.#have = 0;
    this.#expected = -1;
    return frame;
  }
}

/** The descriptor of the frame pipe in an actor host process (its place in the fork's stdio list). */
export const HOST_PIPE_FD = 4;
