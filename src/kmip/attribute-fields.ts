/**
 * A typed view of KMIP attributes for clients: camelCase fields in, the attribute list this server
 * reads (in Cosmian's wire forms) out, and back. Whatever is not modelled travels in `other`.
 * @module
 */
import { orderAttributes, withTags, withVendorAttributes, type VendorAttribute } from './attributes.js';
import { withLinks, type Link } from './links.js';
import { bool, enumeration, int, long, opt, struct, text } from './ttlv/build.js';
import { encodeCryptographicParameters, type CryptographicParameters } from './operations/cryptographic-parameters.js';
import { usageMaskOf, type CryptographicAlgorithm, type KeyFormatType, type ObjectState, type ObjectType, type RecommendedCurve, type Usage } from './enums.js';
import { DATE_FIELDS, FLAG_FIELDS, TEXT_FIELDS, fieldEntries } from './attribute-field-tags.js';
import type { TtlvNode } from './ttlv/node.js';

/** CryptographicDomainParameters: the curve of an EC key, or the size of its group. */
export interface DomainParameters {
  readonly qLength?: number;
  readonly recommendedCurve?: RecommendedCurve;
}

type Fields<T extends Readonly<Record<string, string>>, V> = { readonly [K in keyof T]?: V };

/** Attributes as a client writes them; every field is optional. */
export interface AttributeFields extends Fields<typeof DATE_FIELDS, Date>, Fields<typeof FLAG_FIELDS, boolean>, Fields<typeof TEXT_FIELDS, string> {
  readonly objectType?: ObjectType;
  readonly cryptographicAlgorithm?: CryptographicAlgorithm;
  readonly cryptographicLength?: number;
  /** A mask, or the usages it grants; decoded attributes always hold the mask. */
  readonly cryptographicUsageMask?: number | readonly Usage[];
  readonly keyFormatType?: KeyFormatType;
  readonly cryptographicDomainParameters?: DomainParameters;
  readonly cryptographicParameters?: Partial<CryptographicParameters>;
  /** Read from the server (GetAttributes by reference); the server sets it, never a client. */
  readonly state?: ObjectState;
  /** Cosmian's tags (the `cosmian`/`tag` vendor attribute); written sorted. */
  readonly tags?: readonly string[];
  /** Names of type UninterpretedTextString (other Names stay in `other`). */
  readonly names?: readonly string[];
  readonly objectGroups?: readonly string[];
  readonly links?: readonly Link[];
  /** Vendor attributes other than the tags. */
  readonly vendorAttributes?: readonly VendorAttribute[];
  /** Attribute nodes written as given (and, when decoding, every attribute not modelled above). */
  readonly other?: readonly TtlvNode[];
}

/** Attributes as decoded: the usage mask is always a number. */
export type DecodedAttributeFields = Omit<AttributeFields, 'cryptographicUsageMask'> & { readonly cryptographicUsageMask?: number };

function scalarNodes(f: AttributeFields): (TtlvNode | undefined)[] {
  const p = f.cryptographicDomainParameters;
  return [
    opt(f.objectType, (v) => enumeration('ObjectType', v)),
    opt(f.cryptographicAlgorithm, (v) => enumeration('CryptographicAlgorithm', v)),
    opt(f.cryptographicLength, (v) => int('CryptographicLength', v)),
    opt(f.cryptographicUsageMask, (v) => int('CryptographicUsageMask', usageMaskOf(v))),
    opt(f.keyFormatType, (v) => enumeration('KeyFormatType', v)),
    opt(p, (v) => struct('CryptographicDomainParameters', [opt(v.qLength, (q) => int('QLength', q)), opt(v.recommendedCurve, (c) => enumeration('RecommendedCurve', c))])),
    opt(f.cryptographicParameters, encodeCryptographicParameters),
    opt(f.state, (v) => enumeration('State', v)),
    // Dates go out as LongInteger milliseconds, the form this server (and Cosmian) writes.
    ...fieldEntries(DATE_FIELDS).map(([k, tag]) => opt(f[k], (d) => long(tag, BigInt(d.getTime())))),
    ...fieldEntries(FLAG_FIELDS).map(([k, tag]) => opt(f[k], (b) => bool(tag, b))),
    ...fieldEntries(TEXT_FIELDS).map(([k, tag]) => opt(f[k], (t) => text(tag, t))),
    ...(f.names ?? []).map((n) => struct('Name', [text('NameValue', n), enumeration('NameType', 'UninterpretedTextString')])),
    ...(f.objectGroups ?? []).map((g) => text('ObjectGroup', g)),
  ];
}

/** The attribute list for the fields, in Cosmian's order (links and vendor attributes in its list forms). */
export function encodeAttributeFields(f: AttributeFields): TtlvNode[] {
  let attrs = [...scalarNodes(f).filter((n): n is TtlvNode => n !== undefined), ...(f.other ?? [])];
  if (f.links !== undefined) attrs = withLinks(attrs, f.links);
  if (f.vendorAttributes !== undefined) attrs = withVendorAttributes(attrs, f.vendorAttributes);
  if (f.tags !== undefined) attrs = withTags(attrs, f.tags);
  return orderAttributes(attrs);
}

export { decodeAttributeFields } from './attribute-fields-decode.js';
