/**
 * A small bounded map whose entries expire at a given time: remembers recent successful
 * authentications so steady traffic is not re-verified on every request.
 * @module
 */
import type { Clock } from '../../lib/clock.js';

interface Entry<V> {
  readonly value: V;
  readonly until: number;
}

/** A map of at most `capacity` entries, each dropped once the clock reaches its expiry. */
export class ExpiringCache<V> {
  // Map iteration follows insertion order, so the first key is the oldest entry.
  readonly #entries = new Map<string, Entry<V>>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
  ) {}

  /** The live value under key, or undefined (an expired entry is removed). */
  get(key: string): V | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (this.clock.now() >= e.until) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Stores value until the given time (ignored when already past); evicts the oldest when full. */
  set(key: string, value: V, until: number): void {
    if (until <= this.clock.now()) return;
    this.#entries.delete(key);
    while (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done === true) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, until });
  }

  /** Entries held (expired ones included until touched). */
  get size(): number {
    return this.#entries.size;
  }
}
