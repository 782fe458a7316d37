/**
 * Turns Locate's Attributes into what the store can filter on (visibility to the caller, state,
 * type, algorithm, length, format, tags) and checks run over each candidate record for the
 * rest: Name, ObjectGroup, usage-mask bits, links, text and flag attributes, certificate
 * attributes, and dates.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { boolAttribute, attributeValues, enumAttribute, getAttribute, intAttribute, sameValue, tagsOf, type AttributeList } from '../kmip/attributes.js';
import { OBJECT_STATES } from '../kmip/enums.js';
import { linksOf } from '../kmip/links.js';
import { nameValueOf } from './attribute-rules.js';
import { dateAttribute, dateOf } from './lifecycle.js';
import type { ObjectFilter, ObjectRecord, ObjectState } from '../storage/object-record.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';

/** A check on one candidate record and its stored attributes. */
export type RecordCheck = (rec: ObjectRecord, attrs: AttributeList) => boolean;

/** The store filter (without paging) and the checks the store cannot do. */
export interface LocateCriteria {
  readonly filter: ObjectFilter;
  readonly checks: readonly RecordCheck[];
}

/** The date attributes Locate matches: one instance means that exact time, two an inclusive range. */
const LOCATE_DATES = ['InitialDate', 'ActivationDate', 'DeactivationDate', 'LastChangeDate', 'DestroyDate', 'CompromiseOccurrenceDate', 'CompromiseDate'];

// Matched by equality; the flags take KMIP's defaults when the object does not carry them.
const PLAIN = ['Comment', 'ContactInformation', 'Description'];
const FLAG_DEFAULTS: Readonly<Record<string, boolean>> = { Sensitive: false, Extractable: true };

// Certificate attributes (certificate-record.ts); a structure matches when each field given matches,
// so the serial alone finds a certificate by its X509CertificateIdentifier.
const CERTIFICATE = ['CertificateType', 'CertificateLength', 'X509CertificateIdentifier', 'X509CertificateSubject', 'X509CertificateIssuer', 'Digest'];

function covers(want: TtlvNode, have: TtlvNode): boolean {
  if (want.type !== 'Structure') return sameValue(want, have);
  return have.type === 'Structure' && want.value.every((w) => have.value.some((h) => h.tag === w.tag && sameValue(w, h)));
}

function statesOf(attrs: AttributeList, unfiltered: readonly ObjectState[]): ObjectState[] {
  const given = attrs.filter((a) => a.tag === 'State');
  if (given.length === 0) return [...unfiltered];
  return given.map((a) => {
    const name = a.type === 'Enumeration' && typeof a.value === 'string' ? a.value : undefined;
    const state = OBJECT_STATES.find((s) => s === name);
    if (state === undefined) throw new KmipError('Invalid_Field', `Locate: State must be one of ${OBJECT_STATES.join(', ')}`);
    return state;
  });
}

// Records written before the server stamped these dates still have the times the store keeps.
function recordDate(rec: ObjectRecord, attrs: AttributeList, tag: string): number | undefined {
  const stored = dateAttribute(attrs, tag);
  if (stored !== undefined) return stored;
  if (tag === 'InitialDate') return rec.createdAt;
  if (tag === 'LastChangeDate') return rec.updatedAt;
  return undefined;
}

function dateCheck(attrs: AttributeList, tag: string): RecordCheck | undefined {
  const given = attrs.filter((a) => a.tag === tag).map((a) => dateOf(a));
  if (given.length === 0) return undefined;
  if (given.length > 2) throw new KmipError('Invalid_Field', `Locate: give ${tag} once for an exact time or twice for a range`);
  const from = given[0] ?? 0;
  const to = given[1] ?? from;
  return (rec, a) => {
    const at = recordDate(rec, a, tag);
    return at !== undefined && at >= from && at <= to;
  };
}

function multiValueChecks(attrs: AttributeList): RecordCheck[] {
  const checks: RecordCheck[] = [];
  const names = attributeValues(attrs, 'Name').map((n) => {
    const v = nameValueOf(n);
    if (v === undefined) throw new KmipError('Invalid_Field', 'Locate: a Name must carry a NameValue TextString');
    return v;
  });
  if (names.length > 0) {
    checks.push((_rec, a) => {
      const have = new Set(attributeValues(a, 'Name').map(nameValueOf));
      return names.every((n) => have.has(n));
    });
  }
  const groups = attributeValues(attrs, 'ObjectGroup');
  if (groups.length > 0) checks.push((_rec, a) => groups.every((g) => attributeValues(a, 'ObjectGroup').some((h) => sameValue(g, h))));
  const links = linksOf(attrs);
  if (links.length > 0) checks.push((_rec, a) => links.every((l) => linksOf(a).some((h) => h.type === l.type && h.id === l.id)));
  return checks;
}

function valueChecks(attrs: AttributeList): RecordCheck[] {
  const checks: RecordCheck[] = [];
  const mask = intAttribute(attrs, 'CryptographicUsageMask');
  if (mask !== undefined) checks.push((_rec, a) => ((intAttribute(a, 'CryptographicUsageMask') ?? 0) & mask) === mask);
  for (const tag of PLAIN) {
    const want = getAttribute(attrs, tag);
    if (want !== undefined) checks.push((_rec, a) => attributeValues(a, tag).some((h) => sameValue(want, h)));
  }
  for (const tag of CERTIFICATE) {
    const want = getAttribute(attrs, tag);
    if (want !== undefined) checks.push((_rec, a) => attributeValues(a, tag).some((h) => covers(want, h)));
  }
  for (const [tag, absent] of Object.entries(FLAG_DEFAULTS)) {
    const want = getAttribute(attrs, tag);
    if (want?.type !== 'Boolean') continue;
    checks.push((_rec, a) => (boolAttribute(a, tag) ?? absent) === want.value);
  }
  for (const tag of LOCATE_DATES) {
    const check = dateCheck(attrs, tag);
    if (check !== undefined) checks.push(check);
  }
  return checks;
}

/**
 * Splits Locate's Attributes into the store filter for what `user` owns or was granted, and the
 * per-record checks; `unfiltered` are the states matched when the request names none.
 */
export function locateCriteria(attrs: AttributeList, user: string, unfiltered: readonly ObjectState[] = ['Active']): LocateCriteria {
  const tags = tagsOf(attrs);
  const objectType = enumAttribute(attrs, 'ObjectType');
  const cryptographicAlgorithm = enumAttribute(attrs, 'CryptographicAlgorithm');
  const cryptographicLength = intAttribute(attrs, 'CryptographicLength');
  const keyFormatType = enumAttribute(attrs, 'KeyFormatType');
  const filter: ObjectFilter = {
    visibleTo: user,
    states: [...new Set(statesOf(attrs, unfiltered))],
    ...(tags !== undefined && tags.length > 0 ? { tags } : {}),
    ...(objectType !== undefined ? { objectType } : {}),
    ...(cryptographicAlgorithm !== undefined ? { cryptographicAlgorithm } : {}),
    ...(cryptographicLength !== undefined ? { cryptographicLength } : {}),
    ...(keyFormatType !== undefined ? { keyFormatType } : {}),
  };
  return { filter, checks: [...multiValueChecks(attrs), ...valueChecks(attrs)] };
}
