/**
 * The crypto ceiling: the same node:crypto AES-256-GCM encryption of 64 bytes with a fresh
 * 12-byte nonce (from the server's nonce pool) that an Encrypt performs, in a tight loop on one
 * core, with no KMIP around it.
 * @module
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { randomNonce } from '../../src/crypto/random.js';
import { logFigure, toFigure, type BenchContext, type Run } from '../measure.js';
import type { Figure } from '../result.js';

function loop(seconds: number): Run {
  const key = randomBytes(32);
  const data = new Uint8Array(64).fill(0x61);
  let n = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) {
      const c = createCipheriv('aes-256-gcm', key, randomNonce(12), { authTagLength: 16 });
      c.update(data);
      c.final();
      c.getAuthTag();
    }
    n += 1000;
    now = performance.now();
  }
  return { rate: n / ((now - start) / 1000), errors: 0 };
}

/** `crypto.aes-gcm`: encryptions per second on one core. */
export function cryptoCeiling(ctx: BenchContext): Figure {
  ctx.log('node:crypto AES-256-GCM loop');
  loop(ctx.cfg.warmupSeconds);
  const runs = Array.from({ length: ctx.cfg.runs }, () => loop(ctx.cfg.seconds));
  return logFigure(ctx, toFigure({ id: 'crypto.aes-gcm', scenario: 'Ceilings', name: 'node:crypto AES-256-GCM 64 B, one core', unit: 'ops/s' }, runs));
}
