/**
 * CSPRNG helpers.
 * @module
 */
import { randomBytes, randomFillSync, randomUUID } from 'node:crypto';

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

/** A random UUID v4 string. */
export function randomUuid(): string {
  return randomUUID();
}
