/**
 * Decrypt: AEAD under a symmetric key that is Active, or revoked (Deactivated or Compromised): old
 * data must stay readable so it can be re-encrypted under a new key.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { AeadError } from '../../crypto/aead.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { aeadFor } from '../symmetric-algorithms.js';
import { requireUsage } from '../usage.js';
import type { MaybePromise } from '../../lib/maybe-async.js';
import type { DecryptRequest } from '../../kmip/operations/decrypt.js';
import type { OperationContext } from '../context.js';

function cipherFailure(err: unknown): never {
  if (err instanceof AeadError) {
    const reason = err.code === 'AUTHENTICATION_FAILED' ? 'Cryptographic_Failure' : 'Bad_Cryptographic_Parameters';
    throw new KmipError(reason, `Decrypt: ${err.message}`);
  }
  throw err;
}

/** Decrypts and authenticates the request's data. */
export function decrypt(ctx: OperationContext, req: DecryptRequest): MaybePromise<{ uniqueIdentifier: string; data: Uint8Array }> {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active', 'Deactivated', 'Compromised']);
  requireUsage(storedAttributes(rec), 'Decrypt', rec.id);
  const alg = aeadFor(rec.cryptographicAlgorithm, req.parameters);
  if (req.nonce === undefined) throw new KmipError('Missing_Initialization_Vector', 'Decrypt: the nonce (IvCounterNonce) must be provided');
  if (req.tag === undefined) throw new KmipError('Missing_Data', 'Decrypt: the AuthenticatedEncryptionTag must be provided');
  const respond = (data: Uint8Array): { uniqueIdentifier: string; data: Uint8Array } => ({ uniqueIdentifier: rec.id, data });
  const key = symmetricKeyOf(ctx, rec);
  try {
    const opened = ctx.aead.open(alg, key, req.nonce, req.data, req.tag, req.aad);
    return opened instanceof Promise ? opened.then(respond, cipherFailure) : respond(opened);
  } catch (err) {
    return cipherFailure(err);
  } finally {
    key.fill(0);
  }
}
