/**
 * A stored certificate used as its subject's public key (Encrypt and SignatureVerify, as Cosmian
 * allows): the key out of its SubjectPublicKeyInfo, and the keyUsage extension standing in for
 * the CryptographicUsageMask a certificate does not carry. A certificate with no keyUsage
 * extension restricts nothing (RFC 5280 4.2.1.3).
 * @module
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, id_ce_keyUsage, KeyUsage, KeyUsageFlags } from '@peculiar/asn1-x509';
import { KmipError } from '../kmip/kmip-error.js';
import { guardCrypto } from './crypto-failures.js';
import { storedCertificateDer } from './stored-certificate.js';
import type { ObjectRecord } from '../storage/object-record.js';

/** What a certificate's key is used for. */
export type CertificateUse = 'Encrypt' | 'Verify';

/** The parsed parts of a stored certificate this module reads. */
interface ParsedCertificate {
  readonly publicKey: KeyObject;
  /** KeyUsageFlags bits, or undefined without a keyUsage extension. */
  readonly keyUsage: number | undefined;
}

function parse(rec: ObjectRecord): ParsedCertificate {
  const der = storedCertificateDer(rec);
  // The bytes were checked when stored; a failure here is a damaged record, not a client error.
  return guardCrypto('certificate', () => {
    const cert = AsnConvert.parse(der, Certificate);
    const spki = Buffer.from(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo));
    const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_keyUsage);
    return {
      publicKey: createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      keyUsage: ext === undefined ? undefined : AsnConvert.parse(ext.extnValue, KeyUsage).toNumber(),
    };
  });
}

/** The public key a Certificate record certifies. */
export function certificatePublicKey(rec: ObjectRecord): KeyObject {
  return parse(rec).publicKey;
}

// ECIES is a key agreement with an ephemeral key, so keyAgreement permits it on curve keys.
function allowedBits(use: CertificateUse, key: KeyObject): number {
  if (use === 'Verify') return KeyUsageFlags.digitalSignature | KeyUsageFlags.nonRepudiation;
  const agrees = key.asymmetricKeyType === 'ec' || key.asymmetricKeyType === 'x25519';
  return KeyUsageFlags.keyEncipherment | KeyUsageFlags.dataEncipherment | (agrees ? KeyUsageFlags.keyAgreement : 0);
}

const NEEDED: Readonly<Record<CertificateUse, string>> = {
  Encrypt: 'keyEncipherment or dataEncipherment (or keyAgreement for an EC or X25519 key)',
  Verify: 'digitalSignature or nonRepudiation',
};

/**
 * Throws Incompatible_Cryptographic_Usage_Mask unless the certificate's keyUsage extension (if
 * it has one) allows the use; returns the certificate's public key.
 */
export function requireCertificateUsage(rec: ObjectRecord, use: CertificateUse): KeyObject {
  const { publicKey, keyUsage } = parse(rec);
  if (keyUsage !== undefined && (keyUsage & allowedBits(use, publicKey)) === 0) {
    throw new KmipError('Incompatible_Cryptographic_Usage_Mask', `the keyUsage extension of certificate ${rec.id} does not allow ${use}: it needs ${NEEDED[use]}`);
  }
  return publicKey;
}
