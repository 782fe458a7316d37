/**
 * CSPRNG helpers.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';

/** n random bytes from the CSPRNG, in a buffer of their own (never a pooled slice). */
export function randomKeyBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  const src = randomBytes(n);
  out.set(src);
  src.fill(0);
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
