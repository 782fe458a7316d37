/**
 * Values that are usually ready now and sometimes later. The hot path stays synchronous (no
 * promise per request); only work sent to another thread makes a request asynchronous.
 * @module
 */

/** A value now, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** Applies fn now if the value is ready, else when it is. */
export function mapMaybe<T, R>(value: MaybePromise<T>, fn: (v: T) => R): MaybePromise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** Runs step over the items one after another, going asynchronous only if a step does. */
export function sequence<T, R>(items: readonly T[], step: (item: T) => MaybePromise<R>): MaybePromise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = step(items[i] as T);
    if (r instanceof Promise) {
      const rest = items.slice(i + 1);
      return (async () => {
        out.push(await r);
        for (const item of rest) out.push(await step(item));
        return out;
      })();
    }
    out.push(r);
  }
  return out;
}
