/**
 * CSPRNG helpers.
 * @module
 */
import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * Random bytes drawn from a buffer the CSPRNG fills a few kilobytes at a time: one call (and its
 * fork-safety getpid syscall) serves many draws. Each draw is copied into a buffer of its own and
 * its bytes are wiped from the pool at once, so no value is handed out twice or kept once drawn.
 */
class CsprngPool {
  readonly #pool: Uint8Array;
  #offset: number;

  constructor(size: number) {
    this.#pool = new Uint8Array(size);
    this.#offset = size;
  }

  take(n: number): Uint8Array {
    // A bad length must fail this call, not leave the pool's offset broken for every later one.
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('a random byte count must be a non-negative integer');
    if (n > this.#pool.length) return randomFillSync(new Uint8Array(n));
    if (this.#offset + n > this.#pool.length) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    const out = this.#pool.slice(this.#offset, this.#offset + n);
    this.#pool.fill(0, this.#offset, this.#offset + n);
    this.#offset += n;
    return out;
  }
}

// Key material never shares a pool with public values. The undrawn bytes of the key pool sit in
// memory as the keys themselves do once made; a reader of the server's memory is outside what
// the server protects against.
const keyPool = new CsprngPool(1024);
const noncePool = new CsprngPool(4096);

/** n random bytes from the CSPRNG for secret material, in a buffer of their own. */
export function randomKeyBytes(n: number): Uint8Array {
  return keyPool.take(n);
}

/** n random bytes for a public value (a nonce or IV), in a buffer of their own; never reused. */
export function randomNonce(n: number): Uint8Array {
  return noncePool.take(n);
}

/** A random unsigned 128-bit integer. */
export function randomU128(): bigint {
  const b = randomBytes(16);
  return BigInt('0x' + b.toString('hex'));
}

/**
 * A new object identifier: a UUID version 7 (RFC 9562), the creation millisecond then 74 random
 * bits. Identifiers that grow with time land at the end of the primary-key index, so a batch of
 * creates dirties a handful of pages instead of one random page each; each commit then writes,
 * encrypts and syncs far fewer pages. The creation time it reveals is the object's InitialDate.
 */
export function randomUuid(): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(Date.now(), 0, 6);
  b.set(randomNonce(10), 6);
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
