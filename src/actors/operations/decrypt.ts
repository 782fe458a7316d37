/**
 * Decrypt: under a symmetric or RSA private key that is Active, or revoked (Deactivated or
 * Compromised): old data must stay readable so it can be re-encrypted under a new key. BulkData
 * input is decrypted item by item.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { decodeBulkData, encodeBulkData, isBulkData } from '../../crypto/bulk-data.js';
import { mapMaybe, sequence, type MaybePromise } from '../../lib/maybe-async.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { cipherFor, withCipher, type KeyCipher } from '../ciphers.js';
import type { DecryptRequest } from '../../kmip/operations/decrypt.js';
import type { OperationContext } from '../context.js';

function tooShort(cipher: KeyCipher, item: Uint8Array): void {
  if (item.length < cipher.nonceLength + cipher.tagLength) throw new KmipError('Invalid_Message', 'Decrypt: a BulkData item is too short');
}

/** The framed plaintexts; the separate item buffers are wiped once copied into the frame. */
function wipedAfterEncoding(items: readonly Uint8Array[]): Uint8Array {
  const framed = encodeBulkData(items);
  for (const item of items) item.fill(0);
  return framed;
}

function openItem(cipher: KeyCipher, item: Uint8Array, aad: Uint8Array | undefined): MaybePromise<Uint8Array> {
  tooShort(cipher, item);
  const nonce = cipher.nonceLength === 0 ? undefined : item.subarray(0, cipher.nonceLength);
  const tag = cipher.tagLength === 0 ? undefined : item.subarray(item.length - cipher.tagLength);
  return cipher.decrypt(item.subarray(cipher.nonceLength, item.length - cipher.tagLength), nonce, tag, aad);
}

/** Decrypts (and, for AEAD, authenticates) the request's data. */
export function decrypt(ctx: OperationContext, req: DecryptRequest): MaybePromise<{ uniqueIdentifier: string; data: Uint8Array }> {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active', 'Deactivated', 'Compromised'], 'decrypt');
  requireUsage(storedAttributes(rec), 'Decrypt', rec.id);
  // BulkData items carry their own nonces and tags (Encrypt refuses a client nonce with them), so a
  // request that sends either holds one ciphertext, even one that happens to parse as BulkData.
  const single = req.nonce !== undefined || req.tag !== undefined;
  const items = !single && isBulkData(req.data) ? decodeBulkData(req.data, false) : undefined;
  const respond = (data: Uint8Array): { uniqueIdentifier: string; data: Uint8Array } => ({ uniqueIdentifier: rec.id, data });
  return withCipher(cipherFor(ctx, rec, req.parameters), 'Decrypt', (cipher) => {
    if (items === undefined) return mapMaybe(cipher.decrypt(req.data, req.nonce, req.tag, req.aad), respond);
    if (cipher.decryptItems !== undefined) {
      for (const item of items) tooShort(cipher, item);
      return mapMaybe(cipher.decryptItems(items, req.aad), (out) => respond(wipedAfterEncoding(out)));
    }
    return mapMaybe(sequence(items, (item) => openItem(cipher, item, req.aad)), (out) => respond(wipedAfterEncoding(out)));
  });
}
