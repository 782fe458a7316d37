/**
 * The decrypting side of the envelope: a Transform that reads the header, asks for the data
 * key, then emits each segment's plaintext only after that segment's tag has verified.
 * @module
 */
import { createDecipheriv } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { EnvelopeError } from './envelope-error.js';
import {
  DATA_KEY_LENGTH,
  MAX_SEGMENT_INDEX,
  parseEnvelopeHeader,
  SEGMENT_TAG_LENGTH,
  segmentNonce,
  type ParsedEnvelopeHeader,
} from './format.js';
import { SegmentBuffer } from './segment-buffer.js';

/**
 * Returns the data key for a header (typically by asking the server to unwrap
 * `header.wrappedKey` with `header.keyId`). The stream takes the returned array and zeroes it.
 */
export type UnwrapDataKey = (header: ParsedEnvelopeHeader) => Promise<Uint8Array>;

/** Options of decryptEnvelope. */
export interface DecryptEnvelopeOptions {
  readonly unwrap: UnwrapDataKey;
  /** Called with the envelope bytes consumed so far, after each input chunk and once at the end. */
  readonly onProgress?: (bytesDone: number) => void;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error('envelope decryption failed');
}

interface Body {
  readonly header: ParsedEnvelopeHeader;
  /** The raw header bytes: every segment's additional data. */
  readonly aad: Buffer;
  readonly dataKey: Buffer;
  readonly segments: SegmentBuffer;
}

/** Envelope in, plaintext out; fails with EnvelopeError on anything not exactly as written. */
export class EnvelopeDecryptStream extends Transform {
  readonly #unwrap: UnwrapDataKey;
  readonly #onProgress: ((bytesDone: number) => void) | undefined;
  #headerBytes: Buffer = Buffer.alloc(0);
  #body: Body | undefined;
  #index = 0;
  #bytesIn = 0;

  constructor(opts: DecryptEnvelopeOptions) {
    super();
    this.#unwrap = opts.unwrap;
    this.#onProgress = opts.onProgress;
  }

  override _transform(chunk: unknown, _enc: BufferEncoding, cb: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    this.#consume(bytes).then(() => { cb(); }, (e: unknown) => { cb(asError(e)); });
  }

  override _flush(cb: TransformCallback): void {
    try {
      this.#finish();
      cb();
    } catch (e) {
      cb(asError(e));
    }
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.#wipe();
    cb(err);
  }

  async #consume(bytes: Uint8Array): Promise<void> {
    this.#bytesIn += bytes.length;
    let body = this.#body;
    if (body === undefined) {
      // Still inside the header: parse what has arrived; a bad field fails here, before unwrap.
      this.#headerBytes = Buffer.concat([this.#headerBytes, bytes]);
      const header = parseEnvelopeHeader(this.#headerBytes);
      if (header === undefined) {
        this.#onProgress?.(this.#bytesIn);
        return;
      }
      const rest = this.#headerBytes.subarray(header.headerLength);
      body = await this.#open(header, Buffer.from(this.#headerBytes.subarray(0, header.headerLength)));
      this.#headerBytes = Buffer.alloc(0);
      bytes = rest;
    }
    const b = body;
    b.segments.push(bytes, (segment) => { this.#openSegment(b, segment, false); });
    this.#onProgress?.(this.#bytesIn);
  }

  async #open(header: ParsedEnvelopeHeader, aad: Buffer): Promise<Body> {
    const key = await this.#unwrap(header);
    const dataKey = Buffer.alloc(DATA_KEY_LENGTH);
    const ok = key.length === DATA_KEY_LENGTH;
    if (ok) dataKey.set(key);
    key.fill(0);
    if (!ok) throw new EnvelopeError('bad_key', `the unwrapped data key must be ${DATA_KEY_LENGTH} bytes, got ${key.length}`);
    const body: Body = { header, aad, dataKey, segments: new SegmentBuffer(header.segmentSize + SEGMENT_TAG_LENGTH) };
    this.#body = body;
    return body;
  }

  #finish(): void {
    const body = this.#body;
    if (body === undefined) {
      if (this.#bytesIn === 0) throw new EnvelopeError('not_envelope', 'the input is empty, not an envelope file');
      throw new EnvelopeError('truncated', 'the input ends inside the envelope header');
    }
    const last = body.segments.rest();
    if (last.length < SEGMENT_TAG_LENGTH) throw new EnvelopeError('truncated', `the input ends inside segment ${this.#index}`);
    this.#openSegment(body, last, true);
    this.#wipe();
    this.#onProgress?.(this.#bytesIn);
  }

  /** Verifies one sealed segment and pushes its plaintext; nothing is pushed unless the tag verifies. */
  #openSegment(body: Body, sealed: Buffer, last: boolean): void {
    if (this.#index > MAX_SEGMENT_INDEX) throw new EnvelopeError('corrupt', 'the input has more segments than the format allows');
    const plaintext = this.#tryOpen(body, sealed, this.#index, last);
    if (plaintext === undefined) {
      // A full segment that fails as the final one but verifies as a middle one: the rest was cut off.
      const full = sealed.length === body.segments.size;
      const cut = last && full ? this.#tryOpen(body, sealed, this.#index, false) : undefined;
      if (cut !== undefined) {
        cut.fill(0);
        throw new EnvelopeError('truncated', `the input ends after segment ${this.#index}, before the final segment`);
      }
      throw new EnvelopeError('corrupt', `segment ${this.#index} failed authentication: the file was altered, truncated or extended, or the data key is wrong`);
    }
    this.#index += 1;
    if (plaintext.length > 0) this.push(plaintext);
  }

  #tryOpen(body: Body, sealed: Buffer, index: number, last: boolean): Buffer | undefined {
    const split = sealed.length - SEGMENT_TAG_LENGTH;
    const d = createDecipheriv('aes-256-gcm', body.dataKey, segmentNonce(body.header.noncePrefix, index, last), { authTagLength: SEGMENT_TAG_LENGTH });
    d.setAAD(body.aad);
    d.setAuthTag(sealed.subarray(split));
    const head = d.update(sealed.subarray(0, split));
    try {
      const tail = d.final();
      return tail.length === 0 ? head : Buffer.concat([head, tail]);
    } catch {
      head.fill(0);
      return undefined;
    }
  }

  #wipe(): void {
    this.#body?.dataKey.fill(0);
    this.#body?.segments.wipe();
  }
}

/** A Transform that decrypts an envelope (use with stream.pipeline). */
export function decryptEnvelope(opts: DecryptEnvelopeOptions): EnvelopeDecryptStream {
  return new EnvelopeDecryptStream(opts);
}
