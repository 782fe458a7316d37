/**
 * Injected time: everything that waits (idle eviction, restart windows) goes through a Clock so
 * tests can drive it with a fake one instead of sleeping.
 * @module
 */

/** A cancellable timer handle. */
export interface TimerHandle {
  cancel(): void;
}

/** Time source and timer factory. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls fn once after ms; the timer never keeps the process alive. */
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => { clearTimeout(t); } };
  },
};
