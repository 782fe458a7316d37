/**
 * Validate: checks a certificate chain, given as bytes and/or identifiers of held certificates,
 * at the request's ValidityTime or now: dates, signatures, CA constraints and key usage; a held
 * certificate that was revoked fails. Valid when the chain ends at a self-signed root (one the
 * request supplies: whether to trust it is the caller's decision); Unknown when it checks out but
 * its root is missing.
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
  const records = req.uniqueIdentifiers.map((id) => resolveObject(ctx, id, ['PreActive', 'Active', 'Deactivated', 'Compromised'], 'validate'));
  // A held certificate that was revoked (or has passed its deactivation date) is no longer good.
  if (records.some((r) => r.state === 'Deactivated' || r.state === 'Compromised')) return 'Invalid';
  const all: CertificateContent[] = records.map((r) => parsedCertificate(r).content);
  for (const der of req.certificates) {
    try {
      all.push(readCertificateContent(der));
    } catch {
      // Bytes that are not a certificate cannot be part of a valid chain.
      return 'Invalid';
    }
  }
  // The same certificate sent twice (as bytes and by identifier) is one link of the chain.
  const unique = all.filter((c, i) => all.findIndex((o) => Buffer.from(o.der).equals(c.der)) === i);
  return validateCertificates(unique, req.validityTime ?? new Date(ctx.now())).indicator;
}
