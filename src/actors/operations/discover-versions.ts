/**
 * DiscoverVersions: the protocol versions both sides speak, in the server's order of preference.
 * @module
 */
import type { DiscoverVersionsRequest, ProtocolVersion } from '../../kmip/operations/discover-versions.js';

/** The versions the server speaks, newest (preferred) first. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly ProtocolVersion[] = [
  { major: 2, minor: 1 },
  { major: 2, minor: 0 },
];

/** The supported versions the client also listed, or all of them when it listed none (KMIP 2.1). */
export function discoverVersions(req: DiscoverVersionsRequest): ProtocolVersion[] {
  if (req.versions.length === 0) return [...SUPPORTED_PROTOCOL_VERSIONS];
  return SUPPORTED_PROTOCOL_VERSIONS.filter((v) => req.versions.some((c) => c.major === v.major && c.minor === v.minor));
}
