/**
 * Reads what chain checks and KMIP attributes need from a DER certificate: names as their exact
 * DER bytes, validity, public key and the common extensions. Extensions come from
 * @peculiar/asn1-x509; the key and signature checks from node:crypto's X509Certificate.
 * @module
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  KeyUsage,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
} from '@peculiar/asn1-x509';
import { X509Error, type CertificateExtension } from './x509-error.js';

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

/** KeyUsage bit names in bit order (RFC 5280 4.2.1.3). */
const KEY_USAGE_BITS: readonly KeyUsageName[] = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement',
  'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
];

/** The parts of a certificate the KMS looks at. */
export interface CertificateContent {
  readonly der: Uint8Array;
  /** DER Name, exactly as in the certificate. */
  readonly subject: Uint8Array;
  /** DER Name, exactly as in the certificate. */
  readonly issuer: Uint8Array;
  readonly publicKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly CertificateExtension[];
  readonly basicConstraints: { readonly ca: boolean; readonly pathLength: number | undefined } | undefined;
  readonly keyUsage: ReadonlySet<KeyUsageName> | undefined;
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  readonly authorityKeyIdentifier: Uint8Array | undefined;
}

/** node's view of each content we read, kept for signature checks and names without reparsing. */
const nodeViews = new WeakMap<CertificateContent, X509Certificate>();

function bad(): X509Error {
  return new X509Error('X509_BAD_CERTIFICATE', 'the certificate is not a well-formed DER X.509 certificate');
}

interface Tlv {
  readonly tag: number;
  /** Offset of the tag byte. */
  readonly start: number;
  readonly contentStart: number;
  readonly end: number;
}

/** One DER TLV at `at` within `limit`; only what certificates need (single-byte tags, definite lengths). */
function tlvAt(der: Uint8Array, at: number, limit: number): Tlv {
  const tag = der[at];
  const first = der[at + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) throw bad();
  let length = first;
  let contentStart = at + 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw bad();
    length = 0;
    for (let i = 0; i < count; i++) {
      const b = der[contentStart + i];
      if (b === undefined) throw bad();
      length = length * 256 + b;
    }
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw bad();
  return { tag, start: at, contentStart, end };
}

/** The exact issuer and subject Name bytes, found by walking the TBSCertificate. */
function rawNames(der: Uint8Array): { issuer: Uint8Array; subject: Uint8Array } {
  const cert = tlvAt(der, 0, der.length);
  if (cert.tag !== 0x30 || cert.end !== der.length) throw bad();
  const tbs = tlvAt(der, cert.contentStart, cert.end);
  if (tbs.tag !== 0x30) throw bad();
  const fields: Tlv[] = [];
  for (let at = tbs.contentStart; at < tbs.end && fields.length < 6; ) {
    const f = tlvAt(der, at, tbs.end);
    fields.push(f);
    at = f.end;
  }
  // Without the optional [0] version, serial comes first.
  const base = fields[0]?.tag === 0xa0 ? 1 : 0;
  const issuer = fields[base + 2];
  const subject = fields[base + 4];
  if (issuer?.tag !== 0x30 || subject?.tag !== 0x30) throw bad();
  return { issuer: der.slice(issuer.start, issuer.end), subject: der.slice(subject.start, subject.end) };
}

function keyUsageNames(value: Uint8Array): Set<KeyUsageName> {
  const bits = new Uint8Array(AsnConvert.parse(value, KeyUsage).value);
  return new Set(KEY_USAGE_BITS.filter((_, i) => (((bits[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) === 1));
}

/** Parses a DER certificate; anything unparsable (or trailing bytes) is X509_BAD_CERTIFICATE. */
export function readCertificateContent(der: Uint8Array): CertificateContent {
  try {
    const bytes = Uint8Array.from(der);
    const { issuer, subject } = rawNames(bytes);
    const node = new X509Certificate(bytes);
    const tbs = AsnConvert.parse(bytes, Certificate).tbsCertificate;
    // Array.from, not .map: asn1-schema's array subclass would otherwise leak out as the result type.
    const extensions: CertificateExtension[] = tbs.extensions === undefined ? [] : Array.from(tbs.extensions, (e) => ({
      oid: e.extnID,
      critical: e.critical,
      value: new Uint8Array(e.extnValue.buffer.slice(0)),
    }));
    // RFC 5280 4.2: an extension appears at most once; two differing copies would be ambiguous.
    if (new Set(extensions.map((e) => e.oid)).size !== extensions.length) throw bad();
    const ext = (oid: string): Uint8Array | undefined => extensions.find((e) => e.oid === oid)?.value;
    const bcValue = ext(id_ce_basicConstraints);
    const bc = bcValue === undefined ? undefined : AsnConvert.parse(bcValue, BasicConstraints);
    const kuValue = ext(id_ce_keyUsage);
    const skiValue = ext(id_ce_subjectKeyIdentifier);
    const akiValue = ext(id_ce_authorityKeyIdentifier);
    const akid = akiValue === undefined ? undefined : AsnConvert.parse(akiValue, AuthorityKeyIdentifier).keyIdentifier;
    const content: CertificateContent = {
      der: bytes,
      subject,
      issuer,
      publicKey: node.publicKey,
      notBefore: tbs.validity.notBefore.getTime(),
      notAfter: tbs.validity.notAfter.getTime(),
      extensions,
      basicConstraints: bc === undefined ? undefined : { ca: bc.cA, pathLength: bc.pathLenConstraint },
      keyUsage: kuValue === undefined ? undefined : keyUsageNames(kuValue),
      subjectKeyIdentifier: skiValue === undefined ? undefined : new Uint8Array(AsnConvert.parse(skiValue, SubjectKeyIdentifier).buffer.slice(0)),
      authorityKeyIdentifier: akid === undefined ? undefined : new Uint8Array(akid.buffer.slice(0)),
    };
    nodeViews.set(content, node);
    return content;
  } catch (err) {
    if (err instanceof X509Error) throw err;
    throw bad();
  }
}

function nodeView(content: CertificateContent): X509Certificate {
  let node = nodeViews.get(content);
  if (node === undefined) {
    node = new X509Certificate(content.der);
    nodeViews.set(content, node);
  }
  return node;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/**
 * True when `child` names `parent` as its issuer: the DER Names are equal, or equal as OpenSSL
 * compares them (canonical form, so a PrintableString and a UTF8String spelling still match).
 */
export function namesIssuer(child: CertificateContent, parent: CertificateContent): boolean {
  if (sameBytes(child.issuer, parent.subject)) return true;
  const c = nodeView(child);
  const p = nodeView(parent);
  return c.issuer === p.subject || c.checkIssued(p);
}

/** True when `child`'s signature verifies with `parent`'s key. */
export function signatureVerifiesWith(child: CertificateContent, parent: CertificateContent): boolean {
  try {
    return nodeView(child).verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** Name match AND a signature that verifies with the parent's key. */
export function isIssuedBy(child: CertificateContent, parent: CertificateContent): boolean {
  return namesIssuer(child, parent) && signatureVerifiesWith(child, parent);
}

/** The subject as RFC 4514-style text on one line ("CN=Acme CA, O=Acme"), for messages. */
export function subjectText(content: CertificateContent): string {
  return nodeView(content).subject.replace(/\n/g, ', ');
}
