/**
 * A manual clock: timers fire only when a test advances time.
 * @module
 */
import type { Clock, TimerHandle } from '../../src/lib/clock.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/** A Clock driven by `advance`. */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const t: Timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn, cancelled: false };
    this.#timers.push(t);
    return { cancel: () => { t.cancelled = true; } };
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.#now + ms;
    // A timer that keeps re-arming itself at "now" would spin forever: fail loudly instead.
    for (let fired = 0; ; fired++) {
      if (fired > 100_000) throw new Error('FakeClock: timers keep firing without time passing');
      const due = this.#timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = target;
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }
}
