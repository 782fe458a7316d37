/**
 * CSPRNG helpers.
 * @module
 */
import { randomBytes, randomFillSync } from 'node:crypto';

/** n random bytes from the CSPRNG, in a buffer of their own (never a pooled slice). */
export function randomKeyBytes(n: number): Uint8Array {
  return randomFillSync(new Uint8Array(n));
}

// Nonces are public, so they may come from a pool: one CSPRNG call serves hundreds of requests.
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

/** n random bytes for a public value (a nonce or IV), drawn from a CSPRNG pool; never reused. */
export function randomNonce(n: number): Uint8Array {
  if (n > POOL_SIZE) return randomKeyBytes(n);
  if (poolOffset + n > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = pool.slice(poolOffset, poolOffset + n);
  pool.fill(0, poolOffset, poolOffset + n);
  poolOffset += n;
  return out;
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
