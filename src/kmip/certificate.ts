/**
 * The KMIP Certificate object as Cosmian writes it: `CertificateType` (X509) and
 * `CertificateValue`, the DER bytes. Only X.509 is served; PGP certificates are refused.
 * @module
 */
import { KmipError } from './kmip-error.js';
import { bytes, enumeration, struct } from './ttlv/build.js';
import { child, optEnum } from './ttlv/read.js';
import type { TtlvStructure } from './ttlv/node.js';

/** CertificateType names. */
export const CERTIFICATE_TYPES = ['X509', 'PGP'] as const;

/** Reads the DER bytes of a Certificate object (`Object`, or the object under its type's name). */
export function decodeCertificate(objectNode: TtlvStructure): Uint8Array {
  const type = optEnum(objectNode, 'CertificateType', CERTIFICATE_TYPES);
  // Absent is read as X509, the only type most clients send; PGP is named so it can be refused clearly.
  if (type === 'PGP') throw new KmipError('Feature_Not_Supported', 'only X509 certificates are supported, not PGP');
  const value = child(objectNode, 'CertificateValue');
  if (value?.type !== 'ByteString') throw new KmipError('Invalid_Message', 'Certificate: CertificateValue must be a ByteString');
  return value.value;
}

/** Builds a Certificate object's content under `tag` (`Object`, or `Certificate` for storage). */
export function encodeCertificate(der: Uint8Array, tag = 'Certificate'): TtlvStructure {
  return struct(tag, [enumeration('CertificateType', 'X509'), bytes('CertificateValue', der)]);
}
