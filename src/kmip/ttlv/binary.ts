/**
 * Binary TTLV, the KMIP wire encoding over TLS (port 5696): a strict reader and a one-buffer writer
 * over the same tree as JSON TTLV, with tag and enumeration names from the tag and enum tables.
 * @module
 */

export { decodeBinaryTtlv } from './binary-read.js';
export { encodeBinaryTtlv } from './binary-write.js';
export { DEFAULT_TTLV_LIMITS } from './limits.js';
export type { TtlvLimits } from './limits.js';
