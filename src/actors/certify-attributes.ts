/**
 * What a Certify request says in its Attributes beyond ordinary attributes: the subject
 * (Cosmian's CertificateAttributes), the validity in days and the X.509 extensions (Cosmian's
 * `requested_validity_days` and `x509-extension` vendor attributes), and the issuer (a
 * CertificateLink and/or PrivateKeyLink). None of these is stored on the new certificate: the
 * certificate itself is their record.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { getAttribute, vendorAttributes, withVendorAttributes, withoutAttribute, type AttributeList } from '../kmip/attributes.js';
import { linksOf, withLinks } from '../kmip/links.js';
import { X509Error } from '../crypto/x509/x509-error.js';
import type { NameAttribute, NameAttributeType } from '../crypto/x509/distinguished-name.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';

const VENDOR = 'cosmian';
const VALIDITY_DAYS = 'requested_validity_days';
const EXTENSIONS = 'x509-extension';

/** The validity a certificate gets when the request names none (Cosmian's default). */
export const DEFAULT_VALIDITY_DAYS = 365;
// A hundred years: beyond it a date is more likely a typo than a wish.
const MAX_VALIDITY_DAYS = 36_500;

// Each subject field of CertificateAttributes, in the order the name is written (most general
// first, as openssl writes -subj). Cosmian spells the suffixes Cn, Ou, St..., KMIP CN, OU, ST...
const SUBJECT_FIELDS: readonly (readonly [string, NameAttributeType])[] = [
  ['C', 'C'], ['ST', 'ST'], ['L', 'L'], ['O', 'O'], ['OU', 'OU'], ['DC', 'DC'], ['Title', 'title'], ['CN', 'CN'],
  ['SerialNumber', 'serialNumber'], ['UID', 'UID'], ['DNQualifier', 'dnQualifier'], ['Email', 'E'],
];

function vendorBytes(attrs: AttributeList, name: string): Uint8Array | undefined {
  const found = vendorAttributes(attrs).filter((v) => v.vendor === VENDOR && v.name === name);
  if (found.length > 1) throw new KmipError('Invalid_Attribute_Value', `Certify: give ${name} once`);
  const value = found[0]?.value;
  if (found.length === 0) return undefined;
  if (value?.type === 'ByteString') return value.value;
  if (value?.type === 'TextString') return Buffer.from(value.value, 'utf8');
  throw new KmipError('Invalid_Attribute_Value', `Certify: the ${name} attribute value must be a ByteString`);
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new KmipError('Invalid_Attribute_Value', `Certify: ${what} must be UTF-8 text`);
  }
}

/** The validity asked for, in days (the default when none is asked). */
export function requestedValidityDays(attrs: AttributeList): number {
  const raw = vendorBytes(attrs, VALIDITY_DAYS);
  if (raw === undefined) return DEFAULT_VALIDITY_DAYS;
  const text = utf8(raw, VALIDITY_DAYS).trim();
  const days = /^[0-9]{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(days >= 1 && days <= MAX_VALIDITY_DAYS)) {
    throw new KmipError('Invalid_Attribute_Value', `Certify: ${VALIDITY_DAYS} must be a whole number of days from 1 to ${MAX_VALIDITY_DAYS}`);
  }
  return days;
}

/** The OpenSSL-style extension section the caller sent, if any. */
export function requestedExtensionText(attrs: AttributeList): string | undefined {
  const raw = vendorBytes(attrs, EXTENSIONS);
  return raw === undefined ? undefined : utf8(raw, EXTENSIONS);
}

function fieldType(tag: string): NameAttributeType | undefined {
  const prefix = 'CertificateSubject';
  if (!tag.startsWith(prefix)) return undefined;
  const suffix = tag.slice(prefix.length).toUpperCase();
  return SUBJECT_FIELDS.find(([name]) => name.toUpperCase() === suffix)?.[1];
}

/** The subject name fields of CertificateAttributes, general first; undefined when there is none. */
export function requestedSubject(attrs: AttributeList): NameAttribute[] | undefined {
  const node = getAttribute(attrs, 'CertificateAttributes');
  if (node === undefined) return undefined;
  if (node.type !== 'Structure') throw new KmipError('Invalid_Message', 'CertificateAttributes must be a Structure');
  const found: NameAttribute[] = [];
  for (const c of node.value) {
    const type = fieldType(c.tag);
    // Issuer fields describe the issuer, which the server takes from the issuer's certificate.
    if (type === undefined) continue;
    if (c.type !== 'TextString') throw new KmipError('Invalid_Message', `CertificateAttributes: ${c.tag} must be a TextString`);
    // Cosmian sends every field, unused ones empty.
    if (c.value !== '') found.push({ type, value: c.value });
  }
  const order = (t: NameAttributeType): number => SUBJECT_FIELDS.findIndex(([, x]) => x === t);
  return found.length === 0 ? undefined : found.sort((a, b) => order(a.type) - order(b.type));
}

/** The issuer the request names: a certificate and/or a private key. */
export interface RequestedIssuer {
  readonly certificateId: string | undefined;
  readonly privateKeyId: string | undefined;
}

/** The issuer links of the request (neither: self-signed). */
export function requestedIssuer(attrs: AttributeList): RequestedIssuer {
  const links = linksOf(attrs);
  return {
    certificateId: links.find((l) => l.type === 'CertificateLink')?.id,
    privateKeyId: links.find((l) => l.type === 'PrivateKeyLink')?.id,
  };
}

// Attributes that describe the request or a key, not the certificate the request makes.
const REQUEST_ONLY = [
  'UniqueIdentifier', 'CertificateAttributes', 'CryptographicAlgorithm', 'CryptographicLength', 'CryptographicParameters',
  'CryptographicDomainParameters', 'CryptographicUsageMask', 'KeyFormatType', 'ObjectType',
];

/** The request's attributes as the certificate keeps them: no issuer links, subject or Certify vendor attributes. */
export function certificateOwnAttributes(attrs: AttributeList): TtlvNode[] {
  let out = REQUEST_ONLY.reduce<TtlvNode[]>((a, tag) => withoutAttribute(a, tag), [...attrs]);
  out = withLinks(out, linksOf(out).filter((l) => l.type !== 'CertificateLink' && l.type !== 'PrivateKeyLink' && l.type !== 'PublicKeyLink'));
  return withVendorAttributes(out, vendorAttributes(out).filter((v) => !(v.vendor === VENDOR && (v.name === VALIDITY_DAYS || v.name === EXTENSIONS))));
}

/** The request's attributes as a generated key pair takes them: no certificate-only attributes or links. */
export function keyPairAttributes(attrs: AttributeList): TtlvNode[] {
  const out = withoutAttribute(withoutAttribute(attrs, 'CertificateAttributes'), 'UniqueIdentifier');
  const links = withLinks(out, []);
  return withVendorAttributes(links, vendorAttributes(links).filter((v) => !(v.vendor === VENDOR && (v.name === VALIDITY_DAYS || v.name === EXTENSIONS))));
}

/** Maps a certificate-layer refusal onto the KMIP reason a client sees. */
export function x509Failure(e: unknown): never {
  if (e instanceof X509Error) {
    const reason = e.code === 'X509_UNSUPPORTED_KEY' ? 'Feature_Not_Supported' : 'Invalid_Field';
    throw new KmipError(reason, e.message);
  }
  throw e;
}
