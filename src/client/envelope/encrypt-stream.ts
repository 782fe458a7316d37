/**
 * The encrypting side of the envelope: a Transform that takes plaintext and emits the header
 * then AES-256-GCM segments, in constant memory (one segment buffer).
 * @module
 */
import { createCipheriv, randomFillSync } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { EnvelopeError } from './envelope-error.js';
import {
  checkSegmentSize,
  DATA_KEY_LENGTH,
  DEFAULT_SEGMENT_SIZE,
  encodeEnvelopeHeader,
  MAX_SEGMENT_INDEX,
  NONCE_PREFIX_LENGTH,
  SEGMENT_TAG_LENGTH,
  segmentNonce,
} from './format.js';
import { SegmentBuffer } from './segment-buffer.js';

/** What the wrap callback returns: which server key wrapped the data key, how, and the result. */
export interface WrappedDataKey {
  readonly keyId: string;
  readonly scheme: string;
  readonly wrappedKey: Uint8Array;
}

/**
 * Wraps the fresh data key with a server-held key. The array is valid only until the returned
 * promise settles (it is zeroed when the stream ends): do not keep it.
 */
export type WrapDataKey = (dataKey: Uint8Array) => Promise<WrappedDataKey>;

/** Options of encryptEnvelope. */
export interface EncryptEnvelopeOptions {
  readonly wrap: WrapDataKey;
  /** Plaintext bytes per segment; DEFAULT_SEGMENT_SIZE (64 KiB) when omitted. */
  readonly segmentSize?: number;
  /** Called with the plaintext bytes consumed so far, after each input chunk and once at the end. */
  readonly onProgress?: (bytesDone: number) => void;
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error('envelope encryption failed');
}

/** Plaintext in, envelope out. The data key is generated inside and zeroed when the stream ends or fails. */
export class EnvelopeEncryptStream extends Transform {
  readonly #wrap: WrapDataKey;
  readonly #onProgress: ((bytesDone: number) => void) | undefined;
  readonly #segments: SegmentBuffer;
  readonly #dataKey = Buffer.alloc(DATA_KEY_LENGTH);
  readonly #noncePrefix = Buffer.alloc(NONCE_PREFIX_LENGTH);
  #header: Buffer | undefined;
  #index = 0;
  #bytesIn = 0;

  constructor(opts: EncryptEnvelopeOptions) {
    super();
    const size = opts.segmentSize ?? DEFAULT_SEGMENT_SIZE;
    checkSegmentSize(size);
    this.#wrap = opts.wrap;
    this.#onProgress = opts.onProgress;
    this.#segments = new SegmentBuffer(size);
  }

  override _transform(chunk: unknown, _enc: BufferEncoding, cb: TransformCallback): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    this.#consume(bytes).then(() => { cb(); }, (e: unknown) => { cb(asError(e)); });
  }

  override _flush(cb: TransformCallback): void {
    this.#finish().then(() => { cb(); }, (e: unknown) => { cb(asError(e)); });
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.#wipe();
    cb(err);
  }

  async #consume(bytes: Uint8Array): Promise<void> {
    await this.#ready();
    this.#segments.push(bytes, (segment) => { this.#seal(segment, false); });
    this.#bytesIn += bytes.length;
    this.#onProgress?.(this.#bytesIn);
  }

  async #finish(): Promise<void> {
    await this.#ready();
    // An empty plaintext still gets one (empty) final segment, so its end is authenticated too.
    this.#seal(this.#segments.rest(), true);
    this.#wipe();
    this.#onProgress?.(this.#bytesIn);
  }

  /** Generates the data key, has it wrapped, and emits the header (once). */
  async #ready(): Promise<void> {
    if (this.#header !== undefined) return;
    randomFillSync(this.#dataKey);
    randomFillSync(this.#noncePrefix);
    const wrapped = await this.#wrap(this.#dataKey);
    this.#header = encodeEnvelopeHeader({
      keyId: wrapped.keyId,
      scheme: wrapped.scheme,
      wrappedKey: wrapped.wrappedKey,
      segmentSize: this.#segments.size,
      noncePrefix: this.#noncePrefix,
    });
    this.push(this.#header);
  }

  #seal(plaintext: Buffer, last: boolean): void {
    const header = this.#header;
    if (header === undefined) throw new EnvelopeError('bad_header', 'internal: segment sealed before the header');
    if (this.#index > MAX_SEGMENT_INDEX) throw new EnvelopeError('too_large', 'the plaintext needs more segments than the format allows; use a larger segment size');
    const c = createCipheriv('aes-256-gcm', this.#dataKey, segmentNonce(this.#noncePrefix, this.#index, last), { authTagLength: SEGMENT_TAG_LENGTH });
    c.setAAD(header);
    // Body and tag go out as two chunks: joining them would copy every segment once more.
    this.push(c.update(plaintext));
    c.final(); // GCM emits nothing here: every byte came out of update()
    this.push(c.getAuthTag());
    this.#index += 1;
  }

  #wipe(): void {
    this.#dataKey.fill(0);
    this.#segments.wipe();
  }
}

/** A Transform that encrypts plaintext into an envelope (use with stream.pipeline). */
export function encryptEnvelope(opts: EncryptEnvelopeOptions): EnvelopeEncryptStream {
  return new EnvelopeEncryptStream(opts);
}
