/**
 * What clients may write, shared by SetAttribute, AddAttribute, ModifyAttribute and
 * DeleteAttribute (and what a ReKey request may lay over the old key's attributes): the attributes
 * and link types the server owns, the life-cycle dates that may only move while
 * the object's state allows it, the Sensitive/Extractable flags and the CryptographicUsageMask that
 * only ever tighten, and the shape of the values themselves.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { boolAttribute, attributeValues, intAttribute, MULTI_VALUED_ATTRIBUTES, sameValue, type AttributeList } from '../kmip/attributes.js';
import { USAGE } from '../kmip/enums.js';
import { linksOf } from '../kmip/links.js';
import { DATE_ATTRIBUTES, dateAttribute, dateOf } from './lifecycle.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';

// Changing these would make the record lie about its key material, its identity or its history.
const READ_ONLY: ReadonlySet<string> = new Set([
  'UniqueIdentifier', 'ObjectType', 'CryptographicAlgorithm', 'CryptographicLength', 'KeyFormatType', 'State',
  'InitialDate', 'LastChangeDate', 'DestroyDate', 'CompromiseDate', 'Fresh', 'AlwaysSensitive', 'NeverExtractable',
  // Read from a certificate itself: Locate finds certificates by them.
  'CertificateType', 'CertificateLength', 'X509CertificateIdentifier', 'X509CertificateSubject', 'X509CertificateIssuer', 'Digest',
]);

// The server writes these links for what it did (paired, replaced, derived) and trusts them:
// Revoke and Destroy follow a pair's links, so a client repointing one could reach another key.
const SERVER_LINKS: ReadonlySet<string> = new Set(['PublicKeyLink', 'PrivateKeyLink', 'ReplacementObjectLink', 'ReplacedObjectLink', 'DerivationBaseObjectLink']);

const DATES: ReadonlySet<string> = new Set(DATE_ATTRIBUTES);

/** The NameType values KMIP 2.1 defines. */
export const NAME_TYPES: readonly string[] = ['UninterpretedTextString', 'URI'];

/** Throws Attribute_Read_Only for attributes the server owns. */
export function checkWritable(tag: string): void {
  if (READ_ONLY.has(tag)) throw new KmipError('Attribute_Read_Only', `${tag} cannot be changed`);
}

/** Throws Attribute_Read_Only when a Link value is of a type the server maintains (other values pass). */
export function checkClientLink(value: TtlvNode): void {
  if (value.tag !== 'Link') return;
  for (const l of linksOf([value])) if (SERVER_LINKS.has(l.type)) throw new KmipError('Attribute_Read_Only', `${l.type} links are kept by the server and cannot be changed`);
}

/** Throws Attribute_Read_Only when replacing or removing every value of `tag` would drop a link the server maintains. */
export function checkLinksKept(attrs: AttributeList, tag: string): void {
  if (tag !== 'Link') return;
  const kept = linksOf(attrs).find((l) => SERVER_LINKS.has(l.type));
  if (kept !== undefined) throw new KmipError('Attribute_Read_Only', `the object's ${kept.type} is kept by the server; change the other links one at a time`);
}

/** True for the standard attributes that may hold several values. */
export function isMultiValued(tag: string): boolean {
  return MULTI_VALUED_ATTRIBUTES.has(tag);
}

/** True for the node that carries vendor attributes (tags included), in either spelling. */
export function isVendorNode(node: TtlvNode): boolean {
  return node.tag === 'VendorAttributes' || node.tag === 'VendorAttribute';
}

/** Checks one Name value: a Structure with a non-empty NameValue TextString and, if given, a known NameType. */
export function checkName(node: TtlvNode): void {
  const bad = (why: string): never => {
    throw new KmipError('Invalid_Attribute_Value', `Name ${why}`);
  };
  if (node.type !== 'Structure') return bad('must be a Structure of NameValue and NameType');
  const value = node.value.find((c) => c.tag === 'NameValue');
  if (value?.type !== 'TextString' || value.value === '') bad('needs a non-empty NameValue TextString');
  const type = node.value.find((c) => c.tag === 'NameType');
  if (type !== undefined && (type.type !== 'Enumeration' || typeof type.value !== 'string' || !NAME_TYPES.includes(type.value))) {
    bad(`NameType must be an Enumeration, one of ${NAME_TYPES.join(', ')}`);
  }
}

/** The NameValue of a Name, if it has one. */
export function nameValueOf(node: TtlvNode): string | undefined {
  if (node.type !== 'Structure') return undefined;
  const value = node.value.find((c) => c.tag === 'NameValue');
  return value?.type === 'TextString' ? value.value : undefined;
}

/** The values a request's attribute node carries (several only for multi-valued attributes), each checked (no server link). */
export function valuesOf(node: TtlvNode): TtlvNode[] {
  const values = isMultiValued(node.tag) ? attributeValues([node], node.tag) : [node];
  if (values.length === 0) throw new KmipError('Invalid_Attribute_Value', `${node.tag} holds no value`);
  for (const v of values) {
    if (v.tag === 'Name') checkName(v);
    else if (v.tag === 'Link') checkClientLink(v);
    else if (DATES.has(v.tag)) dateOf(v);
  }
  return values;
}

/** True when a stored value is the one a request names (a Name without NameType matches on its NameValue). */
export function sameAttributeValue(stored: TtlvNode, given: TtlvNode): boolean {
  if (given.tag === 'Name') {
    const type = (n: TtlvNode): TtlvNode | undefined => (n.type === 'Structure' ? n.value.find((c) => c.tag === 'NameType') : undefined);
    const givenType = type(given);
    const storedType = type(stored);
    return nameValueOf(stored) === nameValueOf(given) && (givenType === undefined || (storedType !== undefined && sameValue(storedType, givenType)));
  }
  if (given.tag === 'Link') {
    const [a] = linksOf([stored]);
    const [b] = linksOf([given]);
    return a !== undefined && b !== undefined && a.type === b.type && a.id === b.id;
  }
  if (DATES.has(given.tag)) return dateOf(stored) === dateOf(given);
  return sameValue(stored, given);
}

function flag(attrs: AttributeList, tag: string, absent: boolean): boolean {
  return boolAttribute(attrs, tag) ?? absent;
}

function refuse(message: string): never {
  throw new KmipError('Attribute_Read_Only', message);
}

// The mask is what every usage check trusts: letting a client add a use (or Unrestricted) would
// turn a WrapKey-only key into one that unwraps, so it may only lose bits. An object without a
// mask allows nothing, so nothing may be added to it either; one marked Unrestricted already
// allows everything, so any mask narrows it.
function checkMaskNarrows(attrs: AttributeList, node: TtlvNode): void {
  // attributeListOf has already refused a mask that is not an Integer.
  if (node.type !== 'Integer') return;
  const old = intAttribute(attrs, 'CryptographicUsageMask') ?? 0;
  if ((old & USAGE.Unrestricted) !== 0) return;
  if ((node.value & ~old) !== 0) refuse('the usage mask can only be narrowed');
}

/**
 * Checks a new value of a single-valued attribute against the object's state and current
 * attributes: ActivationDate moves only before activation, DeactivationDate only before
 * deactivation, Sensitive never goes back to false, Extractable never back to true, and
 * CryptographicUsageMask never gains a bit it lacked.
 */
export function checkChange(rec: ObjectRecord, attrs: AttributeList, node: TtlvNode, now: number): void {
  // Writing back the value a date already has changes nothing, whatever the state.
  if (DATES.has(node.tag) && dateAttribute(attrs, node.tag) === dateOf(node)) return;
  switch (node.tag) {
    case 'ActivationDate': {
      if (rec.state === 'PreActive') return;
      // An Active object stored without its ActivationDate may be given the date it already passed.
      const recordsThePast = rec.state === 'Active' && dateAttribute(attrs, 'ActivationDate') === undefined && (dateOf(node) ?? now) <= now;
      if (!recordsThePast) refuse(`ActivationDate can only change while the object is PreActive; it is ${rec.state}`);
      return;
    }
    case 'DeactivationDate':
      if (rec.state !== 'PreActive' && rec.state !== 'Active') refuse(`DeactivationDate can only change while the object is PreActive or Active; it is ${rec.state}`);
      return;
    case 'Sensitive':
      if (node.type === 'Boolean' && !node.value && flag(attrs, 'Sensitive', false)) refuse('Sensitive cannot go back from true to false');
      return;
    case 'Extractable':
      if (node.type === 'Boolean' && node.value && !flag(attrs, 'Extractable', true)) refuse('Extractable cannot go back from false to true');
      return;
    case 'CryptographicUsageMask':
      checkMaskNarrows(attrs, node);
      return;
    default:
      return;
  }
}

/** Checks that deleting the attribute would not loosen the object (the same rules as changing it). */
export function checkRemovable(rec: ObjectRecord, attrs: AttributeList, tag: string): void {
  checkWritable(tag);
  if (tag === 'ActivationDate' && rec.state !== 'PreActive') refuse(`ActivationDate can only be removed while the object is PreActive; it is ${rec.state}`);
  if (tag === 'DeactivationDate' && rec.state !== 'PreActive' && rec.state !== 'Active') {
    refuse(`DeactivationDate can only be removed while the object is PreActive or Active; it is ${rec.state}`);
  }
  if (tag === 'Sensitive' && flag(attrs, 'Sensitive', false)) refuse('Sensitive cannot be removed once true');
  if (tag === 'Extractable' && !flag(attrs, 'Extractable', true)) refuse('Extractable cannot be removed once false');
}

/** Checks a client's new attribute as a whole and returns its values. */
export function checkNewAttribute(rec: ObjectRecord, attrs: AttributeList, node: TtlvNode, now: number): TtlvNode[] {
  checkWritable(node.tag);
  const values = valuesOf(node);
  if (!isMultiValued(node.tag)) checkChange(rec, attrs, node, now);
  return values;
}

/**
 * Checks an attribute a ReKey or ReKeyKeyPair request lays over the old object's: SetAttribute's
 * rules against the old record (none but the read-only ones without one), except the date rules,
 * since the replacement has its own life cycle. A grantee holding only `rekey` must not get a
 * looser replacement than the owner's key.
 */
export function checkCarriedAttribute(old: { readonly rec: ObjectRecord; readonly attrs: AttributeList } | undefined, node: TtlvNode): void {
  checkWritable(node.tag);
  valuesOf(node);
  if (old !== undefined && !isMultiValued(node.tag) && !DATES.has(node.tag)) checkChange(old.rec, old.attrs, node, 0);
}
