/**
 * MACVerify: checks an HMAC under a symmetric key that is Active, or revoked (Deactivated or
 * Compromised): MACs made before the revocation must stay checkable.
 * @module
 */
import { macVerify as verifyMac } from '../../crypto/mac.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { macAlgorithmFor, macFailure } from './mac.js';
import type { MacVerifyRequest, MacVerifyResponse } from '../../kmip/operations/mac-verify.js';
import type { OperationContext } from '../context.js';

/** Verifies the request's MACData over its data; a mismatch is an answer (Invalid), not an error. */
export function macVerify(ctx: OperationContext, req: MacVerifyRequest): MacVerifyResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active', 'Deactivated', 'Compromised'], 'macverify');
  requireUsage(storedAttributes(rec), 'MACVerify', rec.id);
  const alg = macAlgorithmFor(rec, req.parameters);
  const key = symmetricKeyOf(ctx, rec);
  try {
    return { uniqueIdentifier: rec.id, validity: verifyMac(alg, key, req.data, req.macData) ? 'Valid' : 'Invalid' };
  } catch (err) {
    return macFailure('MACVerify', err);
  } finally {
    key.fill(0);
  }
}
