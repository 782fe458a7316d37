/**
 * DiscoverVersions: the protocol versions both sides speak, in the server's order of preference.
 * @module
 */
import { JSON_TTLV_VERSIONS, SPOKEN_VERSIONS } from '../../kmip/binary/protocol-versions.js';
import { speaksKmip, type OperationContext } from '../context.js';
import type { DiscoverVersionsRequest, ProtocolVersion } from '../../kmip/operations/discover-versions.js';

/**
 * The versions the server speaks that the client also listed, or all of them when it listed none
 * (KMIP 2.1): 2.1 to 1.0 in the KMIP dialect (binary TTLV), 2.1 and 2.0 in Cosmian's (JSON TTLV).
 */
export function discoverVersions(ctx: OperationContext, req: DiscoverVersionsRequest): ProtocolVersion[] {
  const spoken = speaksKmip(ctx) ? SPOKEN_VERSIONS : JSON_TTLV_VERSIONS;
  if (req.versions.length === 0) return [...spoken];
  return spoken.filter((v) => req.versions.some((c) => c.major === v.major && c.minor === v.minor));
}
