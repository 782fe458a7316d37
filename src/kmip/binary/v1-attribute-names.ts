/**
 * KMIP 1.x attribute names (the spec's strings, e.g. 'Cryptographic Usage Mask') and the tags
 * the same attributes carry in KMIP 2.x, with the version that introduced each one and whether
 * strict 1.x/2.0 clients can read it back in a response.
 * @module
 */
import { tagNameOf } from '../ttlv/tag-table.js';

/** One attribute of the 1.x name table. */
export interface V1Attribute {
  /** The internal (KMIP 2.x) tag name. */
  readonly tag: string;
  /** The 1.x Attribute Name. */
  readonly name: string;
  /** First version carrying it (major * 10 + minor). */
  readonly since: number;
  /**
   * Sent back in responses below 2.1. Off for attributes whose values strict clients cannot
   * parse (PyKMIP raises on Link, Digest, Revocation Reason, domain or cryptographic parameters
   * shapes it does not model), which would make the whole response unreadable.
   */
  readonly answered: boolean;
}

// [tag number, 1.x name, since, answered]
const TABLE: readonly (readonly [number, string, number, boolean])[] = [
  [0x420094, 'Unique Identifier', 10, true],
  [0x420053, 'Name', 10, true],
  [0x420057, 'Object Type', 10, true],
  [0x420028, 'Cryptographic Algorithm', 10, true],
  [0x42002a, 'Cryptographic Length', 10, true],
  [0x42002b, 'Cryptographic Parameters', 10, false],
  [0x420029, 'Cryptographic Domain Parameters', 10, false],
  [0x42001d, 'Certificate Type', 10, false],
  [0x4200ad, 'Certificate Length', 11, true],
  [0x4200ae, 'Digital Signature Algorithm', 11, false],
  [0x420034, 'Digest', 10, false],
  [0x42005d, 'Operation Policy Name', 10, true],
  [0x42002c, 'Cryptographic Usage Mask', 10, true],
  [0x420049, 'Lease Time', 10, true],
  [0x420095, 'Usage Limits', 10, false],
  [0x42008d, 'State', 10, true],
  [0x420039, 'Initial Date', 10, true],
  [0x420001, 'Activation Date', 10, true],
  [0x420067, 'Process Start Date', 10, true],
  [0x420068, 'Protect Stop Date', 10, true],
  [0x42002f, 'Deactivation Date', 10, true],
  [0x420033, 'Destroy Date', 10, true],
  [0x420021, 'Compromise Occurrence Date', 10, true],
  [0x420020, 'Compromise Date', 10, true],
  [0x420081, 'Revocation Reason', 10, false],
  [0x420005, 'Archive Date', 10, true],
  [0x420056, 'Object Group', 10, true],
  [0x4200a8, 'Fresh', 11, true],
  [0x42004a, 'Link', 10, false],
  [0x420004, 'Application Specific Information', 10, true],
  [0x420022, 'Contact Information', 10, true],
  [0x420048, 'Last Change Date', 10, true],
  [0x4200bf, 'Alternative Name', 12, false],
  [0x4200bb, 'Key Value Present', 12, false],
  [0x4200b8, 'Key Value Location', 12, false],
  [0x4200bc, 'Original Creation Date', 12, false],
  [0x4200de, 'Random Number Generator', 13, false],
  [0x4200fb, 'PKCS#12 Friendly Name', 14, false],
  [0x4200fc, 'Description', 14, false],
  [0x4200fd, 'Comment', 14, false],
  [0x420120, 'Sensitive', 14, true],
  [0x420121, 'Always Sensitive', 14, false],
  [0x420122, 'Extractable', 14, false],
  [0x420123, 'Never Extractable', 14, false],
];

const ENTRIES: readonly V1Attribute[] = TABLE.map(([n, name, since, answered]) => ({ tag: tagNameOf(n), name, since, answered }));
const BY_NAME = new Map(ENTRIES.map((e) => [e.name, e]));
const BY_TAG = new Map(ENTRIES.map((e) => [e.tag, e]));

/** The attribute a 1.x Attribute Name denotes, if the table knows it. */
export function v1AttributeByName(name: string): V1Attribute | undefined {
  return BY_NAME.get(name);
}

/** The table entry of an internal tag name, if any. */
export function v1AttributeByTag(tag: string): V1Attribute | undefined {
  return BY_TAG.get(tag);
}

/**
 * Whether a response for this version may carry the attribute: known, old enough, readable by
 * strict clients, and not withdrawn (2.0 dropped Operation Policy Name).
 */
export function answerable(tag: string, level: number): boolean {
  const e = BY_TAG.get(tag);
  if (e === undefined || !e.answered || e.since > level) return false;
  return !(level >= 20 && e.name === 'Operation Policy Name');
}
