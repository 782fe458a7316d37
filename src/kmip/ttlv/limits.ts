/**
 * Bounds every TTLV decoder enforces, so hostile input cannot exhaust the stack or memory.
 * @module
 */

/** Decoder bounds: nesting depth (root = 1), total node count, and characters per string. */
export interface TtlvLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxStringLength: number;
}

/** Defaults: 64 levels, 100 000 nodes, 16 MiB characters per string (a 8 MiB ByteString). */
export const DEFAULT_TTLV_LIMITS: TtlvLimits = Object.freeze({
  maxDepth: 64,
  maxNodes: 100_000,
  maxStringLength: 16 * 1024 * 1024,
});

/** Occurrences of ch in text (native search, no allocation). */
function occurrences(text: string, ch: string, stopAfter: number): number {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1 && n <= stopAfter; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * An upper bound on the JSON values in a text, found before JSON.parse builds them: every TTLV
 * node takes at most a handful of `{`, `[` and `,`, so far more than that means far too many nodes
 * (a 64 MiB body of `[{},{},...]` would otherwise cost seconds and gigabytes to parse).
 */
export function tooManyValues(text: string, limits: TtlvLimits): boolean {
  const budget = limits.maxNodes * 6;
  let seen = 0;
  for (const ch of ['{', '[', ',']) {
    seen += occurrences(text, ch, budget - seen);
    if (seen > budget) return true;
  }
  return false;
}
