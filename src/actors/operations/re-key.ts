/**
 * ReKey: a new symmetric key of the same algorithm and length under a new identifier, taking
 * over the old key's attributes, tags, owner and grants; the two are linked as replaced and replacement. The
 * old key's algorithm and length are checked as Create checks a request's, since a key
 * registered wrapped carries whatever length its client claimed.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, tagsOf } from '../../kmip/attributes.js';
import { randomKeyBytes, randomUuid } from '../../crypto/random.js';
import { resolveObject } from '../object-access.js';
import { symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSymmetricKey } from '../symmetric-algorithms.js';
import { isStoredWrapped } from '../asymmetric-keys.js';
import { carriedAttributes, checkNotReplaced, insertReplacement, linkReplacement } from '../replacement.js';
import { splitTags } from '../attribute-update.js';
import type { ReKeyRequest } from '../../kmip/operations/re-key.js';
import type { OperationContext } from '../context.js';

/** Re-keys and returns the new key's identifier. */
export function reKey(ctx: OperationContext, req: ReKeyRequest): string {
  const old = resolveObject(ctx, req.uniqueIdentifier, ['Active', 'PreActive', 'Deactivated'], 'rekey');
  if (old.objectType !== 'SymmetricKey') {
    throw new KmipError('Invalid_Object_Type', `ReKey renews symmetric keys; use ReKeyKeyPair for ${old.objectType} objects`);
  }
  checkNotReplaced(old);
  // A key stored wrapped has only the algorithm and length its client claimed, never checked against its bytes.
  if (isStoredWrapped(old)) throw new KmipError('Invalid_Object_Type', `object ${old.id} is stored wrapped and cannot be re-keyed until it is imported unwrapped`);
  const bits = old.cryptographicLength;
  if (old.cryptographicAlgorithm === null || bits === null) throw new KmipError('Invalid_Object_Type', `object ${old.id} does not say what key it holds`);
  const algorithm = checkSymmetricKey(old.cryptographicAlgorithm, bits);
  const uid = randomUuid();
  const attributes = carriedAttributes(old, req.attributes, req.offsetMs, ctx.now());
  const requestedTags = tagsOf(req.attributes);
  const userTags = requestedTags === undefined ? splitTags(old.tags).user : checkUserTags(requestedTags);
  const key = randomKeyBytes(bits / 8);
  try {
    const record = symmetricKeyRecord(ctx, { uid, key, algorithm, attributes, userTags, generated: true });
    ctx.store.transaction(() => {
      insertReplacement(ctx, record, old);
      linkReplacement(ctx, old, uid);
    });
  } finally {
    key.fill(0);
  }
  return uid;
}
