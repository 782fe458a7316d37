/**
 * Reads an attribute list into the typed attribute view of attribute-fields.ts: only the fields
 * present are set, and every attribute it does not model is kept in `other`.
 * @module
 */
import { KmipError } from './kmip-error.js';
import { attributeValues, tagsOf, TAG_ATTRIBUTE_NAME, TAG_VENDOR, vendorAttributes, type AttributeList } from './attributes.js';
import { linksOf } from './links.js';
import { decodeCryptographicParameters } from './operations/cryptographic-parameters.js';
import { CRYPTOGRAPHIC_ALGORITHMS, KEY_FORMAT_TYPES, OBJECT_STATES, OBJECT_TYPES, RECOMMENDED_CURVES } from './enums.js';
import { child, optBool, optEnum, optInt, optStruct, optText } from './ttlv/read.js';
import { DATE_FIELDS, FLAG_FIELDS, TEXT_FIELDS, fieldEntries } from './attribute-field-tags.js';
import type { DecodedAttributeFields, DomainParameters } from './attribute-fields.js';
import type { TtlvNode, TtlvStructure } from './ttlv/node.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const MODELLED: ReadonlySet<string> = new Set([
  'ObjectType', 'CryptographicAlgorithm', 'CryptographicLength', 'CryptographicUsageMask', 'KeyFormatType',
  'CryptographicDomainParameters', 'CryptographicParameters', 'State', 'ObjectGroup', 'Link', 'VendorAttributes', 'VendorAttribute',
  ...Object.values(DATE_FIELDS), ...Object.values(FLAG_FIELDS), ...Object.values(TEXT_FIELDS),
]);

// The server writes LongInteger milliseconds; KMIP's DateTime and whole seconds are read too.
function dateOf(n: TtlvNode): Date {
  if (n.type === 'DateTime') return n.value;
  if (n.type === 'LongInteger') return new Date(Number(n.value));
  if (n.type === 'Integer') return new Date(n.value * 1000);
  throw new KmipError('Invalid_Message', `Attributes: ${n.tag} must be a DateTime or a LongInteger of milliseconds`);
}

function domainParameters(p: TtlvStructure): DomainParameters {
  const qLength = optInt(p, 'QLength');
  const recommendedCurve = optEnum(p, 'RecommendedCurve', RECOMMENDED_CURVES);
  return { ...(qLength === undefined ? {} : { qLength }), ...(recommendedCurve === undefined ? {} : { recommendedCurve }) };
}

/** Splits the Name values into plain text names and the rest (URI names), which stay nodes. */
function names(attrs: AttributeList): { names: string[]; others: TtlvNode[] } {
  const out = { names: [] as string[], others: [] as TtlvNode[] };
  for (const n of attributeValues(attrs, 'Name')) {
    if (n.type !== 'Structure') throw new KmipError('Invalid_Message', 'Attributes: Name must be a Structure');
    const value = optText(n, 'NameValue');
    const type = optEnum(n, 'NameType', ['UninterpretedTextString', 'URI']);
    if (value !== undefined && (type === undefined || type === 'UninterpretedTextString')) out.names.push(value);
    else out.others.push(n);
  }
  return out;
}

/** The typed view of an attribute list (strict: a modelled attribute of the wrong type is refused). */
export function decodeAttributeFields(list: AttributeList): DecodedAttributeFields {
  const s: TtlvStructure = { tag: 'Attributes', type: 'Structure', value: [...list] };
  const out: Mutable<DecodedAttributeFields> = {};
  const set = <K extends keyof DecodedAttributeFields>(k: K, v: DecodedAttributeFields[K] | undefined): void => {
    if (v !== undefined) out[k] = v;
  };
  set('objectType', optEnum(s, 'ObjectType', OBJECT_TYPES));
  set('cryptographicAlgorithm', optEnum(s, 'CryptographicAlgorithm', CRYPTOGRAPHIC_ALGORITHMS));
  set('cryptographicLength', optInt(s, 'CryptographicLength'));
  set('cryptographicUsageMask', optInt(s, 'CryptographicUsageMask'));
  set('keyFormatType', optEnum(s, 'KeyFormatType', KEY_FORMAT_TYPES));
  const domain = optStruct(s, 'CryptographicDomainParameters');
  set('cryptographicDomainParameters', domain === undefined ? undefined : domainParameters(domain));
  const params = optStruct(s, 'CryptographicParameters');
  set('cryptographicParameters', params === undefined ? undefined : decodeCryptographicParameters(params));
  set('state', optEnum(s, 'State', OBJECT_STATES));
  for (const [k, tag] of fieldEntries(DATE_FIELDS)) {
    const n = child(s, tag);
    if (n !== undefined) out[k] = dateOf(n);
  }
  for (const [k, tag] of fieldEntries(FLAG_FIELDS)) set(k, optBool(s, tag));
  for (const [k, tag] of fieldEntries(TEXT_FIELDS)) set(k, optText(s, tag));
  const named = names(list);
  if (named.names.length > 0) out.names = named.names;
  const groups = attributeValues(list, 'ObjectGroup').map((g) => {
    if (g.type !== 'TextString') throw new KmipError('Invalid_Message', 'Attributes: ObjectGroup must be a TextString');
    return g.value;
  });
  if (groups.length > 0) out.objectGroups = groups;
  const links = linksOf(list);
  if (links.length > 0) out.links = links;
  set('tags', tagsOf(list));
  const vendors = vendorAttributes(list).filter((v) => !(v.vendor === TAG_VENDOR && v.name === TAG_ATTRIBUTE_NAME));
  if (vendors.length > 0) out.vendorAttributes = vendors;
  const other = [...list.filter((a) => a.tag !== 'Name' && !MODELLED.has(a.tag)), ...named.others];
  if (other.length > 0) out.other = other;
  return out;
}
