/**
 * KMIP Attributes kept as an ordered list of TTLV nodes, with the accessors the operations need.
 * Tags travel inside as Cosmian's `cosmian`/`tag` vendor attribute (hex of a JSON array of strings).
 * @module
 */
import { KmipError } from './kmip-error.js';
import { listItems, optText } from './ttlv/read.js';
import { bytes, list, struct, text } from './ttlv/build.js';
import type { TtlvNode, TtlvStructure, TtlvType } from './ttlv/node.js';

/** An attribute list, one node per attribute. */
export type AttributeList = readonly TtlvNode[];

// Cosmian writes Attributes fields in this order; anything else follows, in arrival order.
const ORDER = [
  'ActivationDate', 'CertificateAttributes', 'CertificateType', 'CertificateLength', 'CryptographicAlgorithm',
  'CryptographicLength', 'CryptographicDomainParameters', 'CryptographicParameters', 'CryptographicUsageMask',
  'KeyFormatType', 'Link', 'ObjectType', 'UniqueIdentifier', 'VendorAttributes',
];

// Dates come as DateTime or, in Cosmian's form, LongInteger milliseconds.
const DATE_TYPES: readonly TtlvType[] = ['LongInteger', 'DateTime'];

// Name is checked where it is written (its NameValue/NameType shape) rather than here: lists
// that merely carry a Name still pass through untouched.
const EXPECTED_TYPES: Readonly<Record<string, readonly TtlvType[]>> = {
  ActivationDate: DATE_TYPES,
  AlwaysSensitive: ['Boolean'],
  Comment: ['TextString'],
  CompromiseDate: DATE_TYPES,
  CompromiseOccurrenceDate: DATE_TYPES,
  ContactInformation: ['TextString'],
  CryptographicAlgorithm: ['Enumeration'],
  CryptographicDomainParameters: ['Structure'],
  CryptographicLength: ['Integer'],
  CryptographicParameters: ['Structure'],
  CryptographicUsageMask: ['Integer'],
  DeactivationDate: DATE_TYPES,
  Description: ['TextString'],
  DestroyDate: DATE_TYPES,
  Extractable: ['Boolean'],
  Fresh: ['Boolean'],
  InitialDate: DATE_TYPES,
  KeyFormatType: ['Enumeration'],
  LastChangeDate: DATE_TYPES,
  Link: ['Structure'],
  NeverExtractable: ['Boolean'],
  ObjectGroup: ['TextString'],
  ObjectType: ['Enumeration'],
  Sensitive: ['Boolean'],
  State: ['Enumeration'],
  UniqueIdentifier: ['TextString'],
  VendorAttributes: ['Structure'],
};

/** Vendor identification and name of the tag attribute. */
export const TAG_VENDOR = 'cosmian';
export const TAG_ATTRIBUTE_NAME = 'tag';

/** Reads an Attributes structure, checking the types of the attributes this server interprets. */
export function attributeListOf(s: TtlvStructure): TtlvNode[] {
  for (const a of s.value) {
    // Own members only: a tag such as "constructor" must not find Object.prototype's.
    const expected = Object.hasOwn(EXPECTED_TYPES, a.tag) ? EXPECTED_TYPES[a.tag] : undefined;
    if (expected !== undefined && !expected.includes(a.type)) {
      throw new KmipError('Invalid_Message', `Attributes: ${a.tag} must be of type ${expected.join(' or ')}, got ${a.type}`);
    }
  }
  return [...s.value];
}

/** The attribute with the tag, if present. */
export function getAttribute(attrs: AttributeList, tag: string): TtlvNode | undefined {
  return attrs.find((a) => a.tag === tag);
}

/** The Enumeration name of an attribute, if present. */
export function enumAttribute(attrs: AttributeList, tag: string): string | undefined {
  const a = getAttribute(attrs, tag);
  return a?.type === 'Enumeration' && typeof a.value === 'string' ? a.value : undefined;
}

/** The Integer value of an attribute, if present. */
export function intAttribute(attrs: AttributeList, tag: string): number | undefined {
  const a = getAttribute(attrs, tag);
  return a?.type === 'Integer' ? a.value : undefined;
}

/** The Boolean value of an attribute, if present. */
export function boolAttribute(attrs: AttributeList, tag: string): boolean | undefined {
  const a = getAttribute(attrs, tag);
  return a?.type === 'Boolean' ? a.value : undefined;
}

/** The list in Cosmian's order, with the attribute replaced or added. */
export function withAttribute(attrs: AttributeList, node: TtlvNode): TtlvNode[] {
  return orderAttributes([...attrs.filter((a) => a.tag !== node.tag), node]);
}

/** The list without any attribute of the tag. */
export function withoutAttribute(attrs: AttributeList, tag: string): TtlvNode[] {
  return attrs.filter((a) => a.tag !== tag);
}

/** Sorts into Cosmian's field order (stable for unknown attributes). */
export function orderAttributes(attrs: AttributeList): TtlvNode[] {
  const rank = (t: string): number => RANK.get(t) ?? UNKNOWN_RANK;
  return [...attrs].sort((a, b) => rank(a.tag) - rank(b.tag));
}

// Looked up for every attribute of every new or changed object, so a map rather than indexOf.
const RANK = new Map<string, number>(ORDER.map((tag, i) => [tag, i]));
const VENDOR_RANK = RANK.get('VendorAttributes') ?? ORDER.length;
RANK.set('VendorAttribute', VENDOR_RANK);
// Attributes Cosmian does not know go after its own but before the vendor attributes (tags last).
const UNKNOWN_RANK = VENDOR_RANK - 0.5;

/** One vendor attribute. */
export interface VendorAttribute {
  readonly vendor: string;
  readonly name: string;
  readonly value: TtlvNode | undefined;
}

/** The vendor attributes held in a list (both `VendorAttributes` and KMIP 2.1 `VendorAttribute` spellings). */
export function vendorAttributes(attrs: AttributeList): VendorAttribute[] {
  const holder: TtlvStructure = { tag: 'Attributes', type: 'Structure', value: [...attrs] };
  const out: VendorAttribute[] = [];
  for (const item of [...listItems(holder, 'VendorAttributes'), ...listItems(holder, 'VendorAttribute')]) {
    if (item.type !== 'Structure') throw new KmipError('Invalid_Message', 'VendorAttributes: each item must be a Structure');
    const vendor = optText(item, 'VendorIdentification') ?? '';
    const name = optText(item, 'AttributeName') ?? '';
    out.push({ vendor, name, value: item.value.find((c) => c.tag === 'AttributeValue') });
  }
  return out;
}

function vendorList(items: readonly VendorAttribute[]): TtlvNode[] {
  const nodes = items.map((v) =>
    struct('VendorAttributes', [text('VendorIdentification', v.vendor), text('AttributeName', v.name), v.value]),
  );
  const holder = list('VendorAttributes', nodes);
  return holder ? [holder] : [];
}

/** Replaces all vendor attributes with the given ones (written in Cosmian's nested list form). */
export function withVendorAttributes(attrs: AttributeList, items: readonly VendorAttribute[]): TtlvNode[] {
  const rest = attrs.filter((a) => a.tag !== 'VendorAttributes' && a.tag !== 'VendorAttribute');
  return orderAttributes([...rest, ...vendorList(items)]);
}

function isTagAttribute(v: VendorAttribute): boolean {
  return v.vendor === TAG_VENDOR && v.name === TAG_ATTRIBUTE_NAME;
}

/** The most tags one object, filter or selector may name. */
export const MAX_TAGS = 100;

/** Parses the JSON array carried by a tag attribute value. */
export function parseTagValue(value: Uint8Array): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value).toString('utf8'));
  } catch {
    throw new KmipError('Invalid_Attribute_Value', 'the tag attribute must hold a JSON array of strings');
  }
  if (!Array.isArray(parsed) || !parsed.every((t): t is string => typeof t === 'string')) {
    throw new KmipError('Invalid_Attribute_Value', 'the tag attribute must hold a JSON array of strings');
  }
  return parsed;
}

/** Tags named by the list's tag vendor attributes (undefined when there is none). */
export function tagsOf(attrs: AttributeList): string[] | undefined {
  let tags: string[] | undefined;
  for (const v of vendorAttributes(attrs)) {
    if (!isTagAttribute(v)) continue;
    const raw = v.value?.type === 'ByteString' ? v.value.value : undefined;
    if (raw === undefined) throw new KmipError('Invalid_Attribute_Value', 'the tag attribute value must be a ByteString');
    tags = [...(tags ?? []), ...parseTagValue(raw)];
    if (tags.length > MAX_TAGS) throw new KmipError('Invalid_Attribute_Value', `at most ${MAX_TAGS} tags may be given`);
  }
  return tags;
}

/** Checks tags a client supplies: non-empty and not in the `_` namespace the server reserves. */
export function checkUserTags(tags: readonly string[]): string[] {
  for (const t of tags) {
    if (t.length === 0) throw new KmipError('Invalid_Attribute_Value', 'tags must not be empty');
    if (t.startsWith('_')) throw new KmipError('Invalid_Attribute_Value', `tags starting with "_" are reserved: "${t}"`);
    if (t.length > 255) throw new KmipError('Invalid_Attribute_Value', 'tags are limited to 255 characters');
  }
  return [...new Set(tags)];
}

/** The list without tag vendor attributes (they live in the tag index, not in stored attributes). */
export function withoutTags(attrs: AttributeList): TtlvNode[] {
  return withVendorAttributes(attrs, vendorAttributes(attrs).filter((v) => !isTagAttribute(v)));
}

/** The list with one tag vendor attribute holding the tags (sorted, so output is stable). */
export function withTags(attrs: AttributeList, tags: readonly string[]): TtlvNode[] {
  const others = vendorAttributes(attrs).filter((v) => !isTagAttribute(v));
  if (tags.length === 0) return withVendorAttributes(attrs, others);
  const value = bytes('AttributeValue', Buffer.from(JSON.stringify([...tags].sort()), 'utf8'));
  return withVendorAttributes(attrs, [...others, { vendor: TAG_VENDOR, name: TAG_ATTRIBUTE_NAME, value }]);
}

/** Standard attributes that may hold several values (vendor attributes are keyed by vendor and name instead). */
export const MULTI_VALUED_ATTRIBUTES: ReadonlySet<string> = new Set(['Name', 'ObjectGroup', 'Link']);

// Cosmian keeps links as one list Structure; the others are repeated instances, as KMIP 2.1 writes them.
const LIST_FORM: ReadonlySet<string> = new Set(['Link']);

/** Every value of an attribute, whether held as repeated instances or in Cosmian's list form. */
export function attributeValues(attrs: AttributeList, tag: string): TtlvNode[] {
  return listItems({ tag: 'Attributes', type: 'Structure', value: [...attrs] }, tag);
}

/** The list with all values of the attribute replaced (an empty list removes it). */
export function withAttributeValues(attrs: AttributeList, tag: string, values: readonly TtlvNode[]): TtlvNode[] {
  const rest = withoutAttribute(attrs, tag);
  if (!LIST_FORM.has(tag)) return orderAttributes([...rest, ...values]);
  const holder = list(tag, values);
  return orderAttributes(holder === undefined ? rest : [...rest, holder]);
}

/** True when two nodes have the same type and value; Structures compare child by child, tags included. */
export function sameValue(a: TtlvNode, b: TtlvNode): boolean {
  if (a.type === 'Structure' || b.type === 'Structure') {
    if (a.type !== 'Structure' || b.type !== 'Structure' || a.value.length !== b.value.length) return false;
    return a.value.every((c, i) => {
      const d = b.value[i];
      return d !== undefined && c.tag === d.tag && sameValue(c, d);
    });
  }
  if (a.type !== b.type) return false;
  if (a.value instanceof Uint8Array) return b.value instanceof Uint8Array && Buffer.from(a.value).equals(b.value);
  if (a.value instanceof Date) return b.value instanceof Date && a.value.getTime() === b.value.getTime();
  return a.value === b.value;
}

