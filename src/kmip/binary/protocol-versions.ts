/**
 * The KMIP protocol versions this server speaks, and how the binary front door compares them:
 * one number per version (major * 10 + minor), so "this field exists since 1.3" reads as `level >= 13`.
 * @module
 */
import type { ProtocolVersion } from '../operations/discover-versions.js';

export type { ProtocolVersion };

/**
 * Every version the server speaks, newest (preferred) first. Binary TTLV takes them all (1.x
 * payloads are reshaped to 2.1 by src/kmip/binary); JSON TTLV, as Cosmian 4.19, only the 2.x ones.
 */
export const SPOKEN_VERSIONS: readonly ProtocolVersion[] = [
  { major: 2, minor: 1 },
  { major: 2, minor: 0 },
  { major: 1, minor: 4 },
  { major: 1, minor: 3 },
  { major: 1, minor: 2 },
  { major: 1, minor: 1 },
  { major: 1, minor: 0 },
];

/** The versions JSON TTLV (Cosmian 4.19) speaks, newest first. */
export const JSON_TTLV_VERSIONS: readonly ProtocolVersion[] = SPOKEN_VERSIONS.filter((v) => v.major >= 2);

/** A version's comparable level: 1.2 -> 12, 2.0 -> 20. */
export function levelOf(v: ProtocolVersion): number {
  return v.major * 10 + v.minor;
}

/** True when the server speaks this version in binary TTLV (see SPOKEN_VERSIONS). */
export function isSpokenVersion(v: ProtocolVersion): boolean {
  return SPOKEN_VERSIONS.some((s) => s.major === v.major && s.minor === v.minor);
}
