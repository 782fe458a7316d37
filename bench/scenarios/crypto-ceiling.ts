/**
 * The crypto ceiling: the same node:crypto AES-256-GCM encryption of 64 bytes with a fresh
 * 12-byte nonce (from the server's nonce pool) that an Encrypt performs, in a tight loop on one
 * core, with no KMIP around it.
 * @module
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { randomNonce } from '../../src/crypto/random.js';
import { logFigure, loopRuns, toFigure, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** `count` encryptions, each with its own cipher and fresh nonce, as an Encrypt makes them; returns the bytes made. */
export function encryptions(key: Uint8Array, data: Uint8Array, count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const c = createCipheriv('aes-256-gcm', key, randomNonce(12), { authTagLength: 16 });
    bytes += c.update(data).length + c.final().length + c.getAuthTag().length;
  }
  return bytes;
}

/** `crypto.aes-gcm`: encryptions per second on one core. */
export function cryptoCeiling(ctx: BenchContext): Figure {
  ctx.log('node:crypto AES-256-GCM loop');
  const key = randomBytes(32);
  const data = new Uint8Array(64).fill(0x61);
  const runs = loopRuns(ctx, () => { encryptions(key, data, 1000); return 1000; });
  return logFigure(ctx, toFigure({ id: 'crypto.aes-gcm', scenario: 'Ceilings', name: 'node:crypto AES-256-GCM 64 B, one core', unit: 'ops/s' }, runs));
}
