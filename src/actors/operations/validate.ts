/**
 * Validate: checks a certificate chain, given as bytes and/or identifiers of held certificates,
 * at the request's ValidityTime or now: dates, signatures, CA constraints and key usage. Valid
 * when the chain ends at a self-signed root; Unknown when it checks out but its root is missing.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { validateChain } from '../../crypto/x509/chain-validation.js';
import { resolveObject } from '../object-access.js';
import { storedCertificateDer } from '../stored-certificate.js';
import { x509Failure } from '../certify-attributes.js';
import type { ValidityIndicator } from '../../kmip/enums.js';
import type { ValidateRequest } from '../../kmip/operations/validate.js';
import type { OperationContext } from '../context.js';

// A chain longer than this is a mistake or an attack on the path search, not a PKI.
const MAX_CHAIN = 32;

/** The verdict on the chain. */
export function validate(ctx: OperationContext, req: ValidateRequest): ValidityIndicator {
  const held = req.uniqueIdentifiers.map((id) => storedCertificateDer(resolveObject(ctx, id, ['PreActive', 'Active', 'Deactivated', 'Compromised'], 'validate')));
  const all = [...req.certificates, ...held];
  if (all.length === 0) throw new KmipError('Missing_Data', 'Validate: give at least one certificate (Certificate bytes or UniqueIdentifier)');
  if (all.length > MAX_CHAIN) throw new KmipError('Invalid_Field', `Validate: a chain may hold at most ${MAX_CHAIN} certificates`);
  try {
    return validateChain(all, req.validityTime ?? new Date(ctx.now())).indicator;
  } catch (e) {
    return x509Failure(e);
  }
}
