/**
 * Validate: checks a certificate chain, given as bytes and/or identifiers of held certificates,
 * at the request's ValidityTime or now: dates, signatures, CA constraints and key usage. Valid
 * when the chain ends at a self-signed root; Unknown when it checks out but its root is missing.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { validateCertificates } from '../../crypto/x509/chain-validation.js';
import { readCertificateContent, type CertificateContent } from '../../crypto/x509/certificate-content.js';
import { resolveObject } from '../object-access.js';
import { parsedCertificate } from '../stored-certificate.js';
import type { ValidityIndicator } from '../../kmip/enums.js';
import type { ValidateRequest } from '../../kmip/operations/validate.js';
import type { OperationContext } from '../context.js';

// A chain longer than this is a mistake or an attack on the path search, not a PKI.
const MAX_CHAIN = 32;

/** The verdict on the chain. */
export function validate(ctx: OperationContext, req: ValidateRequest): ValidityIndicator {
  const count = req.certificates.length + req.uniqueIdentifiers.length;
  if (count === 0) throw new KmipError('Missing_Data', 'Validate: give at least one certificate (Certificate bytes or UniqueIdentifier)');
  if (count > MAX_CHAIN) throw new KmipError('Invalid_Field', `Validate: a chain may hold at most ${MAX_CHAIN} certificates`);
  const held = req.uniqueIdentifiers.map((id) => parsedCertificate(resolveObject(ctx, id, ['PreActive', 'Active', 'Deactivated', 'Compromised'], 'validate')).content);
  const sent: CertificateContent[] = [];
  for (const der of req.certificates) {
    try {
      sent.push(readCertificateContent(der));
    } catch {
      // Bytes that are not a certificate cannot be part of a valid chain.
      return 'Invalid';
    }
  }
  return validateCertificates([...sent, ...held], req.validityTime ?? new Date(ctx.now())).indicator;
}
