/**
 * The stored form of a symmetric key, shared by Create and Import: the attributes the server
 * fixes for it, the system tag, and the record itself.
 * @module
 */
import { intAttribute, withAttribute, withoutAttribute, type AttributeList } from '../kmip/attributes.js';
import { DEFAULT_SYMMETRIC_USAGE_MASK } from '../kmip/enums.js';
import { enumeration, int, text } from '../kmip/ttlv/build.js';
import { attributesText, searchableColumns, symmetricKeyText, SYMMETRIC_KEY_TAG } from './stored-object.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** What a new symmetric key record is made of. */
export interface SymmetricKeySpec {
  readonly uid: string;
  readonly key: Uint8Array;
  readonly algorithm: string;
  /** The client's attributes; the server's own values replace theirs where they overlap. */
  readonly attributes: AttributeList;
  readonly userTags: readonly string[];
  /** Set when replacing an existing object, to keep its creation time. */
  readonly createdAt?: number;
}

/** Builds the record of an Active symmetric key owned by the caller. */
export function symmetricKeyRecord(ctx: OperationContext, spec: SymmetricKeySpec): ObjectRecord {
  let stored = withoutAttribute(spec.attributes, 'UniqueIdentifier');
  for (const node of [
    enumeration('CryptographicAlgorithm', spec.algorithm),
    int('CryptographicLength', spec.key.length * 8),
    int('CryptographicUsageMask', intAttribute(spec.attributes, 'CryptographicUsageMask') ?? DEFAULT_SYMMETRIC_USAGE_MASK),
    enumeration('KeyFormatType', 'TransparentSymmetricKey'),
    enumeration('ObjectType', 'SymmetricKey'),
    text('UniqueIdentifier', spec.uid),
  ]) stored = withAttribute(stored, node);
  const now = ctx.now();
  return {
    id: spec.uid,
    objectType: 'SymmetricKey',
    state: 'Active',
    owner: ctx.user,
    ...searchableColumns(stored),
    object: symmetricKeyText(spec.key, spec.algorithm),
    attributes: attributesText(stored),
    tags: [...spec.userTags, SYMMETRIC_KEY_TAG],
    createdAt: spec.createdAt ?? now,
    updatedAt: now,
  };
}
