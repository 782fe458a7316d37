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
