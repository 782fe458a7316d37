/**
 * Per-client token buckets: each address may spend `burst` requests at once and regains
 * `perSecond` of them every second. Buckets live in a bounded map; when it is full the least
 * recently seen client is forgotten first (its bucket has usually refilled anyway).
 * @module
 */
import type { Clock } from '../../lib/clock.js';

/** Rate limit settings; perSecond 0 turns the limit off. */
export interface RateLimitSettings {
  readonly perSecond: number;
  readonly burst: number;
}

/** The answer for one request: allowed, or refused with the whole seconds to wait. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

const ALLOWED: RateDecision = { allowed: true };

/** Token buckets keyed by client address. */
export class RateLimiter {
  // Insertion order is recency order: a touched bucket is re-inserted at the end.
  readonly #buckets = new Map<string, Bucket>();
  readonly #capacity: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly clock: Clock,
    private readonly maxClients = 100_000,
  ) {
    this.#capacity = Math.max(1, settings.burst);
  }

  /** Whether the limit is on. */
  get enabled(): boolean {
    return this.settings.perSecond > 0;
  }

  /** Spends one request of the client's allowance. */
  take(client: string): RateDecision {
    if (!this.enabled) return ALLOWED;
    const now = this.clock.now();
    const b = this.#refilled(client, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return ALLOWED;
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / this.settings.perSecond)) };
  }

  /** Clients tracked (tests, stats). */
  get size(): number {
    return this.#buckets.size;
  }

  #refilled(client: string, now: number): Bucket {
    let b = this.#buckets.get(client);
    if (b === undefined) {
      b = { tokens: this.#capacity, at: now };
      this.#evictFor();
    } else {
      this.#buckets.delete(client);
      b.tokens = Math.min(this.#capacity, b.tokens + ((now - b.at) / 1000) * this.settings.perSecond);
      b.at = now;
    }
    this.#buckets.set(client, b);
    return b;
  }

  /** Makes room for one more client: drops full buckets among the oldest, else the least recently seen. */
  #evictFor(): void {
    if (this.#buckets.size < this.maxClients) return;
    const now = this.clock.now();
    // A bounded scan keeps each admission O(1) even when many addresses are in play.
    let scanned = 0;
    for (const [client, b] of this.#buckets) {
      if (++scanned > 64) break;
      if (b.tokens + ((now - b.at) / 1000) * this.settings.perSecond >= this.#capacity) this.#buckets.delete(client);
    }
    while (this.#buckets.size >= this.maxClients) {
      const oldest = this.#buckets.keys().next();
      if (oldest.done === true) break;
      this.#buckets.delete(oldest.value);
    }
  }
}
