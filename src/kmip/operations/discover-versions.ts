/**
 * DiscoverVersions: request and response codecs, server and client halves.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { int, struct } from '../ttlv/build.js';
import { asStructure, expectTag, listItems, optInt } from '../ttlv/read.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** A KMIP protocol version. */
export interface ProtocolVersion {
  readonly major: number;
  readonly minor: number;
}

/** A decoded DiscoverVersions request: the versions the client speaks (possibly none). */
export interface DiscoverVersionsRequest {
  readonly versions: readonly ProtocolVersion[];
}

function readVersion(node: TtlvNode): ProtocolVersion {
  const v = asStructure(node, 'DiscoverVersions');
  const major = optInt(v, 'ProtocolVersionMajor');
  const minor = optInt(v, 'ProtocolVersionMinor');
  if (major === undefined || minor === undefined) {
    throw new KmipError('Invalid_Message', 'DiscoverVersions: each ProtocolVersion needs ProtocolVersionMajor and ProtocolVersionMinor');
  }
  return { major, minor };
}

function versionNode(v: ProtocolVersion): TtlvNode {
  return struct('ProtocolVersion', [int('ProtocolVersionMajor', v.major), int('ProtocolVersionMinor', v.minor)]);
}

/** Reads a DiscoverVersions request payload (ProtocolVersion items as a Cosmian list or repeated children). */
export function decodeDiscoverVersions(s: TtlvStructure): DiscoverVersionsRequest {
  return { versions: listItems(s, 'ProtocolVersion').map(readVersion) };
}

/** Writes a DiscoverVersionsResponse: one ProtocolVersion child per version, in the given order. */
export function encodeDiscoverVersionsResponse(versions: readonly ProtocolVersion[]): TtlvNode {
  return struct('DiscoverVersionsResponse', versions.map(versionNode));
}

/** Writes a DiscoverVersions request payload: one ProtocolVersion child per version the client speaks. */
export function encodeDiscoverVersionsRequest(r: DiscoverVersionsRequest): TtlvStructure {
  return struct('DiscoverVersions', r.versions.map(versionNode));
}

/** A DiscoverVersions response: the versions the server speaks, preferred first. */
export interface DiscoverVersionsResponse {
  readonly versions: readonly ProtocolVersion[];
}

/** Reads a DiscoverVersionsResponse. */
export function decodeDiscoverVersionsResponse(s: TtlvStructure): DiscoverVersionsResponse {
  expectTag(s, 'DiscoverVersionsResponse');
  return { versions: listItems(s, 'ProtocolVersion').map(readVersion) };
}
