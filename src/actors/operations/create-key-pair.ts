/**
 * CreateKeyPair: a new RSA, EC, Ed25519 or X25519 key pair, generated off the actor's thread,
 * stored as two objects linked to each other.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, getAttribute, tagsOf, withAttribute, type AttributeList } from '../../kmip/attributes.js';
import { keyPairSpecOf } from '../asymmetric-keys.js';
import { generatedPairRecords } from '../key-pair-records.js';
import { newIdentifier } from '../new-object.js';
import type { CreateKeyPairRequest, CreateKeyPairResponse } from '../../kmip/operations/create-key-pair.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { OperationContext } from '../context.js';

/** Common attributes overridden, attribute by attribute, by the key's own. */
export function mergeAttributes(common: AttributeList, own: AttributeList): TtlvNode[] {
  return own.reduce<TtlvNode[]>((acc, a) => (a.tag === 'VendorAttributes' || a.tag === 'VendorAttribute' ? acc : withAttribute(acc, a)), [...common]);
}

/** Generates and stores the pair; the private key links to the public key and back. */
export async function createKeyPair(ctx: OperationContext, req: CreateKeyPairRequest): Promise<CreateKeyPairResponse> {
  const privAttrs = mergeAttributes(req.common, req.privateKey);
  const pubAttrs = mergeAttributes(req.common, req.publicKey);
  const { spec, algorithm } = keyPairSpecOf(privAttrs);
  const commonTags = tagsOf(req.common) ?? [];
  const privTags = checkUserTags([...commonTags, ...(tagsOf(req.privateKey) ?? [])]);
  const pubTags = checkUserTags([...commonTags, ...(tagsOf(req.publicKey) ?? [])]);
  const privUid = newIdentifier(ctx, getAttribute(req.privateKey, 'UniqueIdentifier') ?? getAttribute(req.common, 'UniqueIdentifier'));
  const pubUid = newIdentifier(ctx, getAttribute(req.publicKey, 'UniqueIdentifier'));
  if (privUid === pubUid) throw new KmipError('Invalid_Field', 'the private and public keys need different identifiers');

  const { privateRecord, publicRecord } = await generatedPairRecords(
    ctx,
    spec,
    algorithm,
    { uid: privUid, attributes: privAttrs, tags: privTags },
    { uid: pubUid, attributes: pubAttrs, tags: pubTags },
  );
  ctx.store.transaction(() => {
    ctx.store.insert(privateRecord);
    ctx.store.insert(publicRecord);
  });
  return { privateKeyUniqueIdentifier: privUid, publicKeyUniqueIdentifier: pubUid };
}
