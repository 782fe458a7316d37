/**
 * Shared helpers of the envelope tests: a real RFC 5649 key-encryption key standing in for
 * the server, and in-memory encrypt/decrypt that can feed the streams in any chunking.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encryptEnvelope, type EncryptEnvelopeOptions, type WrapDataKey } from '../../../../src/client/envelope/encrypt-stream.js';
import { decryptEnvelope, type UnwrapDataKey } from '../../../../src/client/envelope/decrypt-stream.js';

// RFC 5649's alternative initial value: AES key wrap with padding, as the server's wrap does.
const RFC5649_IV = Buffer.from('a65959a6', 'hex');

/** A local stand-in for a server-held AES key: wraps and unwraps data keys with RFC 5649. */
export class TestKek {
  readonly #kek = randomBytes(32);
  /** Data keys seen by wrap, so tests can check that the stream zeroed them. */
  readonly seen: Uint8Array[] = [];

  constructor(readonly keyId = 'kek-0001') {}

  readonly wrap: WrapDataKey = (dataKey) => {
    this.seen.push(dataKey);
    const c = createCipheriv('id-aes256-wrap-pad', this.#kek, RFC5649_IV);
    const wrappedKey = Buffer.concat([c.update(dataKey), c.final()]);
    return Promise.resolve({ keyId: this.keyId, scheme: 'rfc5649', wrappedKey });
  };

  readonly unwrap: UnwrapDataKey = (header) => {
    if (header.keyId !== this.keyId || header.scheme !== 'rfc5649') return Promise.reject(new Error('unknown key'));
    const d = createDecipheriv('id-aes256-wrap-pad', this.#kek, RFC5649_IV);
    return Promise.resolve(Buffer.concat([d.update(header.wrappedKey), d.final()]));
  };
}

/** Splits bytes into chunks of the given size (or random sizes up to -size when negative). */
export function chunked(bytes: Uint8Array, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < bytes.length;) {
    const n = size > 0 ? size : 1 + Math.floor(Math.random() * -size);
    out.push(Buffer.from(bytes.subarray(off, off + n)));
    off += n;
  }
  return out;
}

/** Encrypts in memory. */
export async function encryptBytes(plaintext: Uint8Array, opts: EncryptEnvelopeOptions, chunkSize = 65536): Promise<Buffer> {
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunked(plaintext, chunkSize)), encryptEnvelope(opts), collect(out));
  return Buffer.concat(out);
}

/** What a decryption produced: the plaintext it emitted, and the error it failed with, if any. */
export interface Decrypted {
  readonly emitted: Buffer;
  readonly error: unknown;
}

/** Decrypts in memory, keeping whatever was emitted before a failure. */
export async function decryptBytes(envelope: Uint8Array, unwrap: UnwrapDataKey, chunkSize = 65536): Promise<Decrypted> {
  const out: Buffer[] = [];
  try {
    await pipeline(Readable.from(chunked(envelope, chunkSize)), decryptEnvelope({ unwrap }), collect(out));
    return { emitted: Buffer.concat(out), error: undefined };
  } catch (error) {
    return { emitted: Buffer.concat(out), error };
  }
}

function collect(out: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(chunk);
      cb();
    },
  });
}
