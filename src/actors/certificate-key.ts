/**
 * A stored certificate used as its subject's public key (Encrypt and SignatureVerify, as Cosmian
 * allows): the key out of its SubjectPublicKeyInfo, and the keyUsage extension standing in for
 * the CryptographicUsageMask a certificate does not carry. A certificate with no keyUsage
 * extension restricts nothing (RFC 5280 4.2.1.3).
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import type { KeyUsageName } from '../crypto/x509/certificate-content.js';
import { parsedCertificate } from './stored-certificate.js';
import type { ObjectRecord } from '../storage/object-record.js';

/** What a certificate's key is used for. */
export type CertificateUse = 'Encrypt' | 'Verify';

/** The public key a Certificate record certifies. */
export function certificatePublicKey(rec: ObjectRecord): KeyObject {
  return parsedCertificate(rec).content.publicKey;
}

// ECIES is a key agreement with an ephemeral key, so keyAgreement permits it on curve keys.
function allowed(use: CertificateUse, key: KeyObject): readonly KeyUsageName[] {
  if (use === 'Verify') return ['digitalSignature', 'nonRepudiation'];
  const agrees = key.asymmetricKeyType === 'ec' || key.asymmetricKeyType === 'x25519';
  return ['keyEncipherment', 'dataEncipherment', ...(agrees ? (['keyAgreement'] as const) : [])];
}

const NEEDED: Readonly<Record<CertificateUse, string>> = {
  Encrypt: 'keyEncipherment or dataEncipherment (or keyAgreement for an EC or X25519 key)',
  Verify: 'digitalSignature or nonRepudiation',
};

/**
 * Throws Incompatible_Cryptographic_Usage_Mask unless the certificate's keyUsage extension (if
 * it has one) allows the use; returns the certificate's public key. Encrypting also needs the
 * certificate to be within its validity period (a signature made earlier still verifies later).
 */
export function requireCertificateUsage(rec: ObjectRecord, use: CertificateUse, now: number): KeyObject {
  const { publicKey, keyUsage, notBefore, notAfter } = parsedCertificate(rec).content;
  if (keyUsage !== undefined && !allowed(use, publicKey).some((u) => keyUsage.has(u))) {
    throw new KmipError('Incompatible_Cryptographic_Usage_Mask', `the keyUsage extension of certificate ${rec.id} does not allow ${use}: it needs ${NEEDED[use]}`);
  }
  if (use === 'Encrypt' && (now < notBefore.getTime() || now > notAfter.getTime())) {
    throw new KmipError('Wrong_Key_Lifecycle_State', `certificate ${rec.id} is not within its validity period (${notBefore.toISOString()} to ${notAfter.toISOString()})`);
  }
  return publicKey;
}
