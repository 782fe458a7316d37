/**
 * ReKeyKeyPair: a new key pair like the old one (same algorithm and size or curve), under new
 * identifiers, taking over both keys' attributes, owner and grants; old and new are linked as
 * replaced/replacement. The public key is carried over only when the caller may re-key it too.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, tagsOf } from '../../kmip/attributes.js';
import { randomUuid } from '../../crypto/random.js';
import { describeKey } from '../../crypto/key-formats.js';
import { generateAsymmetricKeyPair, type KeyPairSpec } from '../../crypto/key-pair.js';
import { resolveObject } from '../object-access.js';
import { keyFailure } from '../asymmetric-formats.js';
import { defaultUsageMasks, privateKeyOfRecord } from '../asymmetric-keys.js';
import { keyPairRecords, withDefaultMask } from '../key-pair-records.js';
import { carriedAttributes, checkNotReplaced, insertReplacement, linkReplacement } from '../replacement.js';
import { splitTags } from '../attribute-update.js';
import { checkCarriedAttribute, isVendorNode } from '../attribute-rules.js';
import { pairedRecord } from '../state-change.js';
import { mergeAttributes } from './create-key-pair.js';
import type { KeyObject } from 'node:crypto';
import type { ReKeyKeyPairRequest } from '../../kmip/operations/re-key.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

function specOf(key: KeyObject): KeyPairSpec {
  const info = describeKey(key);
  if (info.kind === 'rsa') return { kind: 'rsa', bits: info.bits };
  if (info.kind === 'ec' && info.curve !== undefined) return { kind: 'ec', curve: info.curve };
  if (info.kind === 'ed25519') return { kind: 'ed25519' };
  return { kind: 'x25519' };
}

function tagsFor(old: ObjectRecord, requested: string[] | undefined): string[] {
  return requested === undefined ? splitTags(old.tags).user : checkUserTags(requested);
}

// A public key made anew, with nothing to carry: still no server-owned attribute or link from the client.
function freshPublic(requested: TtlvNode[]): TtlvNode[] {
  for (const n of requested) if (!isVendorNode(n)) checkCarriedAttribute(undefined, n);
  return requested;
}

/** Re-keys the pair and returns the new private and public identifiers. */
export async function reKeyKeyPair(ctx: OperationContext, req: ReKeyKeyPairRequest): Promise<{ privateId: string; publicId: string }> {
  const oldPrivate = resolveObject(ctx, req.privateKeyUniqueIdentifier, ['Active', 'PreActive', 'Deactivated'], 'rekey');
  if (oldPrivate.objectType !== 'PrivateKey') throw new KmipError('Invalid_Object_Type', 'ReKeyKeyPair takes the private key of the pair');
  checkNotReplaced(oldPrivate);
  const oldPublic = pairedRecord(ctx, oldPrivate, 'rekey');
  const algorithm = oldPrivate.cryptographicAlgorithm ?? 'RSA';
  const spec = specOf(privateKeyOfRecord(oldPrivate));

  // The request is checked before any key generation is spent on it.
  const now = ctx.now();
  const privAttrs = carriedAttributes(oldPrivate, mergeAttributes(req.common, req.privateKey), req.offsetMs, now);
  const pubCarried = oldPublic === undefined ? freshPublic(mergeAttributes(req.common, req.publicKey)) : carriedAttributes(oldPublic, mergeAttributes(req.common, req.publicKey), req.offsetMs, now);
  const pair = await generateAsymmetricKeyPair(spec).catch(keyFailure);
  const privId = randomUuid();
  const pubId = randomUuid();
  const privateHalf = { uid: privId, attributes: privAttrs, tags: tagsFor(oldPrivate, tagsOf(req.privateKey) ?? tagsOf(req.common)) };
  const publicHalf = {
    uid: pubId,
    attributes: withDefaultMask(pubCarried, defaultUsageMasks(algorithm).publicMask),
    tags: oldPublic === undefined ? [] : tagsFor(oldPublic, tagsOf(req.publicKey) ?? tagsOf(req.common)),
  };
  const { privateRecord, publicRecord } = keyPairRecords(ctx, pair, algorithm, privateHalf, publicHalf);
  ctx.store.transaction(() => {
    insertReplacement(ctx, privateRecord, oldPrivate);
    if (oldPublic === undefined) ctx.store.insert({ ...publicRecord, owner: oldPrivate.owner });
    else insertReplacement(ctx, publicRecord, oldPublic);
    linkReplacement(ctx, oldPrivate, privId);
    if (oldPublic !== undefined) linkReplacement(ctx, oldPublic, pubId);
  });
  return { privateId: privId, publicId: pubId };
}
