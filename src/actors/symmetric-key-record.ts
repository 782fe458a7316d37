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
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { OperationContext } from './context.js';

const SERVER_OWNED = ['UniqueIdentifier', 'State'];

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
  // The server owns these: a client value would contradict the record's real state or identity.
  let stored = SERVER_OWNED.reduce<TtlvNode[]>((attrs, tag) => withoutAttribute(attrs, tag), [...spec.attributes]);
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
