/**
 * Encrypt: under an Active symmetric key (AES-GCM by default, or the mode the parameters name), an
 * RSA or curve key, or the public key of an Active certificate (its keyUsage extension standing in
 * for the usage mask); BulkData input is encrypted item by item, each item with its own nonce.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { decodeBulkData, encodeBulkData, isBulkData } from '../../crypto/bulk-data.js';
import { mapMaybe, sequence, type MaybePromise } from '../../lib/maybe-async.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { requireCertificateUsage } from '../certificate-key.js';
import { cipherFor, withCipher, type Encrypted } from '../ciphers.js';
import type { EncryptRequest, EncryptResponse } from '../../kmip/operations/encrypt.js';
import type { OperationContext } from '../context.js';

/** The BulkData item of one encryption: nonce, ciphertext and tag back to back. */
function packed(e: Encrypted): Uint8Array {
  return Buffer.concat([e.nonce ?? new Uint8Array(0), e.data, e.tag ?? new Uint8Array(0)]);
}

/** Encrypts the request's data. */
export function encrypt(ctx: OperationContext, req: EncryptRequest): MaybePromise<EncryptResponse> {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active'], 'encrypt');
  if (rec.objectType === 'Certificate') requireCertificateUsage(rec, 'Encrypt', ctx.now());
  else requireUsage(storedAttributes(rec), 'Encrypt', rec.id);
  // Views, not copies: the request outlives its encryption.
  const items = isBulkData(req.data) ? decodeBulkData(req.data, false) : undefined;
  if (items !== undefined && req.nonce !== undefined) {
    // One nonce for many items would repeat it under the same key, which breaks GCM outright.
    throw new KmipError('Bad_Cryptographic_Parameters', 'Encrypt: BulkData items get a fresh nonce each; send no IvCounterNonce');
  }
  if (req.parameters?.randomIv === true && req.nonce !== undefined) {
    throw new KmipError('Invalid_Field', 'Encrypt: RandomIV asks the server to choose the IV; send no IvCounterNonce with it');
  }
  return withCipher(cipherFor(ctx, rec, req.parameters), 'Encrypt', (cipher) => {
    if (items === undefined) {
      return mapMaybe(cipher.encrypt(req.data, req.nonce, req.aad), (e): EncryptResponse => ({ uniqueIdentifier: rec.id, data: e.data, nonce: e.nonce, tag: e.tag, correlationValue: req.correlationValue }));
    }
    const sealed = cipher.encryptItems?.(items, req.aad) ?? sequence(items, (item) => mapMaybe(cipher.encrypt(item, undefined, req.aad), packed));
    return mapMaybe(sealed, (out): EncryptResponse => ({ uniqueIdentifier: rec.id, data: encodeBulkData(out), nonce: undefined, tag: undefined, correlationValue: req.correlationValue }));
  });
}
