/**
 * Encrypt: AEAD under an Active symmetric key; a random 12-byte nonce unless the client sends one.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { AeadError, AEAD_NONCE_LENGTH, type Sealed } from '../../crypto/aead.js';
import { randomNonce } from '../../crypto/random.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { aeadFor } from '../symmetric-algorithms.js';
import { requireUsage } from '../usage.js';
import type { MaybePromise } from '../../lib/maybe-async.js';
import type { EncryptRequest, EncryptResponse } from '../../kmip/operations/encrypt.js';
import type { OperationContext } from '../context.js';

function cipherFailure(err: unknown): never {
  if (err instanceof AeadError) throw new KmipError('Bad_Cryptographic_Parameters', `Encrypt: ${err.message}`);
  throw err;
}

/** Encrypts the request's data. */
export function encrypt(ctx: OperationContext, req: EncryptRequest): MaybePromise<EncryptResponse> {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active']);
  requireUsage(storedAttributes(rec), 'Encrypt', rec.id);
  const alg = aeadFor(rec.cryptographicAlgorithm, req.parameters);
  const nonce = req.nonce ?? randomNonce(AEAD_NONCE_LENGTH);
  const respond = (s: Sealed): EncryptResponse => ({ uniqueIdentifier: rec.id, data: s.ciphertext, nonce, tag: s.tag, correlationValue: req.correlationValue });
  const key = symmetricKeyOf(ctx, rec);
  try {
    const sealed = ctx.aead.seal(alg, key, nonce, req.data, req.aad);
    return sealed instanceof Promise ? sealed.then(respond, cipherFailure) : respond(sealed);
  } catch (err) {
    return cipherFailure(err);
  } finally {
    key.fill(0);
  }
}
