/**
 * OTP-style restart intensity: more than `intensity` failures of one key within `periodMs` opens
 * a circuit for that key for `periodMs`, so a poisoned database cannot crash-loop its worker.
 * @module
 */
import type { Clock } from '../lib/clock.js';

/** Intensity limits. */
export interface RestartLimits {
  readonly intensity: number;
  readonly periodMs: number;
}

/** Failure history per key (a database id or a worker slot). */
export class RestartPolicy {
  readonly #failures = new Map<string, number[]>();
  readonly #openUntil = new Map<string, number>();

  constructor(
    private readonly limits: RestartLimits,
    private readonly clock: Clock,
  ) {}

  /** Records one failure; returns true when this failure exceeded the intensity. */
  recordFailure(key: string): boolean {
    const now = this.clock.now();
    const recent = (this.#failures.get(key) ?? []).filter((t) => now - t < this.limits.periodMs);
    recent.push(now);
    this.#failures.set(key, recent);
    if (recent.length > this.limits.intensity) {
      this.#openUntil.set(key, now + this.limits.periodMs);
      this.#failures.delete(key);
      return true;
    }
    return false;
  }

  /** True while the key's circuit is open. */
  isOpen(key: string): boolean {
    const until = this.#openUntil.get(key);
    if (until === undefined) return false;
    if (this.clock.now() >= until) {
      this.#openUntil.delete(key);
      return false;
    }
    return true;
  }
}
