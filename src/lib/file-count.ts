/**
 * Counting the files of a directory whose names match a pattern, for a gauge: listed off the
 * main thread, at most once per `maxAgeMs`, and one listing shared by concurrent scrapes, so
 * frequent scrapes of a directory with many databases cost nothing extra.
 * @module
 */
import { readdir } from 'node:fs/promises';
import type { Clock } from './clock.js';

/** Returns the count, refreshed when older than maxAgeMs; a directory that cannot be read counts 0. */
export function cachedFileCount(dir: string, pattern: RegExp, maxAgeMs: number, clock: Clock): () => Promise<number> {
  let value = 0;
  let readAt = -Infinity;
  let running: Promise<number> | null = null;
  return () => {
    if (clock.now() - readAt < maxAgeMs) return Promise.resolve(value);
    running ??= readdir(dir).then(
      (names) => names.filter((n) => pattern.test(n)).length,
      () => 0,
    ).then((n) => {
      value = n;
      readAt = clock.now();
      running = null;
      return n;
    });
    return running;
  };
}
