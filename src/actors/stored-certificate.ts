/**
 * The DER of a stored certificate and the keys linked to it, as Certify, Validate, Export to
 * PKCS#12 and the certificate-key operations read them.
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { readCertificateContent, type CertificateContent } from '../crypto/x509/certificate-content.js';
import { decodeCertificate } from '../kmip/certificate.js';
import { linkedId } from '../kmip/links.js';
import { asStructure } from '../kmip/ttlv/read.js';
import { parseJsonTtlv } from '../kmip/ttlv/json.js';
import { storedAttributes } from './stored-object.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** The DER bytes of a Certificate record. */
export function storedCertificateDer(rec: ObjectRecord): Uint8Array {
  if (rec.objectType !== 'Certificate') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}, not a Certificate`);
  return decodeCertificate(asStructure(parseJsonTtlv(rec.object), 'stored certificate'));
}

/** A stored certificate parsed, both ways the server reads it. */
export interface ParsedCertificate {
  readonly content: CertificateContent;
  readonly x509: X509Certificate;
}

// A CA issues many certificates and a chain is validated again and again: parsed certificates are
// kept per stored record version (the store hands back the same record object until the row
// changes, and a changed row is a new object). Public material only.
const PARSED = new WeakMap<ObjectRecord, ParsedCertificate>();

/** The parsed certificate of a Certificate record (checked when stored; damage is a server fault). */
export function parsedCertificate(rec: ObjectRecord): ParsedCertificate {
  const hit = PARSED.get(rec);
  if (hit !== undefined) return hit;
  const der = storedCertificateDer(rec);
  let content: CertificateContent;
  try {
    content = readCertificateContent(der);
  } catch {
    throw new KmipError('General_Failure', `the stored certificate ${rec.id} cannot be read`);
  }
  const parsed = { content, x509: new X509Certificate(der) };
  PARSED.set(rec, parsed);
  return parsed;
}

/**
 * The identifier of the private key that belongs with a certificate (or a public key): its own
 * PrivateKeyLink, else that of its linked public key. Reads links only, never the keys.
 */
export function linkedPrivateKeyId(ctx: OperationContext, rec: ObjectRecord): string | undefined {
  const attrs = storedAttributes(rec);
  const direct = linkedId(attrs, 'PrivateKeyLink');
  if (direct !== undefined) return direct;
  const publicId = linkedId(attrs, 'PublicKeyLink');
  const pub = publicId === undefined ? undefined : ctx.store.get(publicId);
  return pub === undefined ? undefined : linkedId(storedAttributes(pub), 'PrivateKeyLink');
}

/** The identifier of the certificate of a private (or public) key: its CertificateLink, else its other half's. */
export function linkedCertificateId(ctx: OperationContext, rec: ObjectRecord): string | undefined {
  const attrs = storedAttributes(rec);
  const direct = linkedId(attrs, 'CertificateLink');
  if (direct !== undefined) return direct;
  const otherId = linkedId(attrs, rec.objectType === 'PrivateKey' ? 'PublicKeyLink' : 'PrivateKeyLink');
  const other = otherId === undefined ? undefined : ctx.store.get(otherId);
  return other === undefined ? undefined : linkedId(storedAttributes(other), 'CertificateLink');
}
