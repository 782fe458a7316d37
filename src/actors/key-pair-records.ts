/**
 * The two records of a newly generated key pair (CreateKeyPair, ReKeyKeyPair): each half stored
 * in PKCS#8 form, described from its own key, and linked to the other half.
 * @module
 */
import { intAttribute, withAttribute, type AttributeList } from '../kmip/attributes.js';
import { withLink } from '../kmip/links.js';
import { enumeration, int } from '../kmip/ttlv/build.js';
import { defaultUsageMasks, keyDescriptionAttributes, storedKeyObject } from './asymmetric-keys.js';
import { keyFailure } from './asymmetric-formats.js';
import { generateAsymmetricKeyPair, type AsymmetricKeyPair, type KeyPairSpec } from '../crypto/key-pair.js';
import { newObjectRecord } from './new-object.js';
import type { KeyObject } from 'node:crypto';
import type { LinkType } from '../kmip/enums.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** One half of a pair as its operation settled it: identifier, final attributes (masks applied) and checked tags. */
export interface PairHalf {
  readonly uid: string;
  readonly attributes: AttributeList;
  readonly tags: readonly string[];
}

/** The attributes with a CryptographicUsageMask of `mask` added when they name none. */
export function withDefaultMask(attrs: AttributeList, mask: number): TtlvNode[] {
  return intAttribute(attrs, 'CryptographicUsageMask') === undefined ? withAttribute(attrs, int('CryptographicUsageMask', mask)) : [...attrs];
}

/** The private and the public record of a generated pair, each linked to the other (not yet stored). */
export function keyPairRecords(ctx: OperationContext, pair: AsymmetricKeyPair, algorithm: string, priv: PairHalf, pub: PairHalf): { privateRecord: ObjectRecord; publicRecord: ObjectRecord } {
  const record = (objectType: 'PrivateKey' | 'PublicKey', key: KeyObject, own: PairHalf, linkType: LinkType, other: PairHalf): ObjectRecord =>
    newObjectRecord(ctx, {
      uid: own.uid,
      objectType,
      object: storedKeyObject(key, objectType, algorithm),
      attributes: withLink(own.attributes, linkType, other.uid),
      fixed: [...keyDescriptionAttributes(key, algorithm), enumeration('KeyFormatType', 'PKCS8')],
      userTags: own.tags,
      generated: true,
    });
  return {
    privateRecord: record('PrivateKey', pair.privateKey, priv, 'PublicKeyLink', pub),
    publicRecord: record('PublicKey', pair.publicKey, pub, 'PrivateKeyLink', priv),
  };
}

/**
 * Generates a pair (off the actor's thread) and builds its two records; each half gets the
 * algorithm's default usage mask unless its attributes name one.
 */
export async function generatedPairRecords(
  ctx: OperationContext,
  spec: KeyPairSpec,
  algorithm: string,
  priv: PairHalf,
  pub: PairHalf,
): Promise<{ pair: AsymmetricKeyPair; privateRecord: ObjectRecord; publicRecord: ObjectRecord }> {
  const pair = await generateAsymmetricKeyPair(spec).catch(keyFailure);
  const masks = defaultUsageMasks(algorithm);
  const records = keyPairRecords(
    ctx,
    pair,
    algorithm,
    { ...priv, attributes: withDefaultMask(priv.attributes, masks.privateMask) },
    { ...pub, attributes: withDefaultMask(pub.attributes, masks.publicMask) },
  );
  return { pair, ...records };
}
