/**
 * X.509 certificates as managed objects: the DER (or one PEM block, stored as its DER) a client
 * registers or imports is parsed (node's X509Certificate) so that nothing but one well-formed
 * certificate is stored, and the attributes Locate searches on are derived from it. Distinguished
 * names are kept as RFC 4514 text (as `openssl x509 -nameopt RFC2253` prints them) rather than
 * KMIP's DER ByteString, so a client can search by the name it reads; the fingerprint is a KMIP
 * Digest (SHA-256 of the DER).
 * Certificates are not key material: they are never wrapped, Sensitive or unextractable.
 * @module
 */
import { createHash, X509Certificate } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { checkUserTags, tagsOf } from '../kmip/attributes.js';
import { decodeCertificate, encodeCertificate } from '../kmip/certificate.js';
import { bytes, enumeration, int, struct, text } from '../kmip/ttlv/build.js';
import { asStructure } from '../kmip/ttlv/read.js';
import { parseJsonTtlv } from '../kmip/ttlv/json.js';
import { newObjectRecord } from './new-object.js';
import type { KeyFormatType } from '../kmip/enums.js';
import type { KeyWrappingSpecification } from '../kmip/key-wrapping.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';
import type { SuppliedObject } from './imported-object.js';

/** What the server reads out of a certificate. */
export interface CertificateFacts {
  /** RFC 4514 form, most specific RDN first. */
  readonly subject: string;
  readonly issuer: string;
  /** Upper-case hex, as openssl prints it. */
  readonly serialNumber: string;
  readonly sha256: Uint8Array;
  readonly length: number;
}

// Node prints one RDN per line, least specific first, the values of a multi-valued RDN joined by
// " + ", with RFC 2253 escaping (a literal "+" is "\\+"); RFC 4514 order, like openssl's, reverses both.
function rfc4514(multiline: string): string {
  if (multiline === '') return '';
  return multiline.split('\n').reverse().map((rdn) => rdn.split(' + ').reverse().join('+')).join(',');
}

/** Parses exactly one DER X.509 certificate; Invalid_Field (never quoting the bytes) otherwise. */
export function certificateFacts(der: Uint8Array): CertificateFacts {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw new KmipError('Invalid_Field', 'CertificateValue is not a DER-encoded X.509 certificate');
  }
  // node also reads PEM and ignores trailing bytes; what is stored must be the one DER it parsed.
  if (!cert.raw.equals(der)) throw new KmipError('Invalid_Field', 'CertificateValue must be exactly one DER-encoded X.509 certificate');
  return {
    subject: rfc4514(cert.subject),
    issuer: rfc4514(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    sha256: createHash('sha256').update(der).digest(),
    length: der.length,
  };
}

// One PEM CERTIFICATE block (RFC 7468 strict: base64 lines, no headers), whitespace around it only.
const PEM_CERTIFICATE = /^-----BEGIN CERTIFICATE-----\r?\n([A-Za-z0-9+/=\r\n\t ]*)-----END CERTIFICATE-----$/;
const PEM_BEGIN = '-----BEGIN ';
const PEM_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// A DER certificate starts with 0x30 (SEQUENCE); anything else naming a PEM block is read as PEM,
// so junk around a block gets the PEM message rather than "not DER".
function looksLikePem(value: Uint8Array): boolean {
  return value[0] !== 0x30 && Buffer.from(value).includes(PEM_BEGIN, 0, 'latin1');
}

function pemToDer(value: Uint8Array): Uint8Array {
  const oneBlock = 'CertificateValue in PEM must be exactly one "-----BEGIN CERTIFICATE-----" block and nothing else but whitespace';
  if (value.some((b) => b > 0x7e)) throw new KmipError('Invalid_Field', oneBlock);
  const text = Buffer.from(value).toString('latin1').trim();
  const blocks = text.split(PEM_BEGIN).length - 1;
  if (blocks > 1) throw new KmipError('Invalid_Field', `CertificateValue holds ${blocks} PEM blocks; register or import one certificate at a time`);
  const body = PEM_CERTIFICATE.exec(text)?.[1]?.replace(/\s+/g, '');
  if (body === undefined) throw new KmipError('Invalid_Field', oneBlock);
  if (body.length === 0 || body.length % 4 !== 0 || !PEM_BASE64.test(body)) throw new KmipError('Invalid_Field', 'CertificateValue: the PEM block is not valid base64');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * The DER of a CertificateValue: the bytes as they are, or the DER inside one PEM CERTIFICATE
 * block; certificateFacts then checks it is exactly one certificate.
 */
export function certificateDer(value: Uint8Array): Uint8Array {
  return looksLikePem(value) ? pemToDer(value) : value;
}

/** The searchable attributes of a certificate, KMIP 2.1 tags with text distinguished names. */
export function certificateAttributes(f: CertificateFacts): TtlvNode[] {
  return [
    enumeration('CertificateType', 'X509'),
    int('CertificateLength', f.length),
    struct('X509CertificateIdentifier', [text('IssuerDistinguishedName', f.issuer), text('CertificateSerialNumber', f.serialNumber)]),
    struct('X509CertificateSubject', [text('SubjectDistinguishedName', f.subject)]),
    struct('X509CertificateIssuer', [text('IssuerDistinguishedName', f.issuer)]),
    struct('Digest', [enumeration('HashingAlgorithm', 'SHA256'), bytes('DigestValue', f.sha256)]),
  ];
}

/** Builds the record of a registered or imported certificate. */
export function certificateRecord(ctx: OperationContext, s: SuppliedObject): ObjectRecord {
  // Stored as DER whatever the client sent, so Get, Export and the derived attributes never differ.
  const der = certificateDer(decodeCertificate(s.object));
  return newObjectRecord(ctx, {
    uid: s.uid,
    objectType: 'Certificate',
    object: encodeCertificate(der),
    attributes: s.attributes,
    // Derived from the bytes, so a client's values for them are replaced, not trusted.
    fixed: certificateAttributes(certificateFacts(der)),
    userTags: checkUserTags(tagsOf(s.attributes) ?? []),
    generated: false,
    ...(s.createdAt === undefined ? {} : { createdAt: s.createdAt }),
  });
}

/** The Object content of a stored certificate for Get and Export: always its DER (X509). */
export function exportedCertificate(rec: ObjectRecord, requested: KeyFormatType | undefined, wrapping: KeyWrappingSpecification | undefined): readonly TtlvNode[] {
  if (requested !== undefined && requested !== 'X509') {
    throw new KmipError('Key_Format_Type_Not_Supported', `certificates are exported as X509 (DER), not ${requested}`);
  }
  if (wrapping !== undefined) throw new KmipError('Feature_Not_Supported', 'certificates are not key material and are never wrapped');
  if (rec.object === '') return encodeCertificate(new Uint8Array(0)).value;
  return encodeCertificate(decodeCertificate(asStructure(parseJsonTtlv(rec.object), 'stored certificate'))).value;
}
