/**
 * Every authentication failure is answered at the same moment after the request started, so an
 * attacker cannot tell an unknown issuer or key id (no signature check) from a bad signature, or
 * an unknown API token from a near miss, by timing the 401.
 * @module
 */
import type { Clock } from '../../lib/clock.js';

/** Default time between a request's arrival and its 401. */
export const DEFAULT_FAILURE_DELAY_MS = 100;

/** Resolves once `minMs` have passed on the clock since `startedAt` (at once if they already have). */
export function untilFailureDelay(clock: Clock, startedAt: number, minMs: number): Promise<void> {
  const remaining = startedAt + minMs - clock.now();
  if (remaining <= 0) return Promise.resolve();
  return new Promise((resolve) => { clock.setTimer(remaining, resolve); });
}
