/**
 * Encrypt: AEAD under an Active symmetric key; a random 12-byte nonce unless the client sends one.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { aeadSeal, AeadError, AEAD_NONCE_LENGTH } from '../../crypto/aead.js';
import { randomNonce } from '../../crypto/random.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { aeadFor } from '../symmetric-algorithms.js';
import { requireUsage } from '../usage.js';
import type { EncryptRequest, EncryptResponse } from '../../kmip/operations/encrypt.js';
import type { OperationContext } from '../context.js';

/** Encrypts the request's data. */
export function encrypt(ctx: OperationContext, req: EncryptRequest): EncryptResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active']);
  requireUsage(storedAttributes(rec), 'Encrypt', rec.id);
  const alg = aeadFor(rec.cryptographicAlgorithm, req.parameters);
  const nonce = req.nonce ?? randomNonce(AEAD_NONCE_LENGTH);
  const key = symmetricKeyOf(rec);
  try {
    const sealed = aeadSeal(alg, key, nonce, req.data, req.aad);
    return { uniqueIdentifier: rec.id, data: sealed.ciphertext, nonce, tag: sealed.tag, correlationValue: req.correlationValue };
  } catch (err) {
    if (err instanceof AeadError) throw new KmipError('Bad_Cryptographic_Parameters', `Encrypt: ${err.message}`);
    throw err;
  } finally {
    key.fill(0);
  }
}
