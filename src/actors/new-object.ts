/**
 * The record of a new managed object of any type, shared by Create, CreateKeyPair, Import,
 * Register, DeriveKey and the re-key operations: the attributes the server fixes, the dates,
 * the initial state and the system tag.
 * @module
 */
import { boolAttribute, getAttribute, withAttribute, withoutAttribute, type AttributeList } from '../kmip/attributes.js';
import { enumeration, int, text } from '../kmip/ttlv/build.js';
import { encodeJsonTtlv } from '../kmip/ttlv/json.js';
import { KmipError } from '../kmip/kmip-error.js';
import { randomUuid } from '../crypto/random.js';
import { attributesText, searchableColumns } from './stored-object.js';
import { dateNode, initialLifecycle } from './lifecycle.js';
import { checkNewIdentifier } from './object-access.js';
import type { ObjectType } from '../kmip/enums.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import { speaksKmip, type OperationContext } from './context.js';

/** System tags, one per object type (Cosmian's names). */
export const SYSTEM_TAGS: Partial<Record<ObjectType, string>> = {
  SymmetricKey: '_kk',
  PrivateKey: '_sk',
  PublicKey: '_pk',
  SecretData: '_sd',
  Certificate: '_cert',
};

// Only the server may set these: a client value would contradict the record itself.
const SERVER_OWNED = ['UniqueIdentifier', 'State', 'InitialDate', 'LastChangeDate', 'DestroyDate', 'CompromiseDate', 'Fresh', 'AlwaysSensitive', 'NeverExtractable'];

/** What a new record is made of. */
export interface NewObjectSpec {
  readonly uid: string;
  readonly objectType: ObjectType;
  /** The stored object: a structure holding the KeyBlock (and, for SecretData, its type). */
  readonly object: TtlvStructure;
  /** Attributes; the server's values replace the client's where they overlap. */
  readonly attributes: AttributeList;
  /** Attributes the server fixes from the key material itself (algorithm, length, format). */
  readonly fixed: readonly TtlvNode[];
  readonly userTags: readonly string[];
  /** Set when replacing an existing object, to keep its creation time. */
  readonly createdAt?: number;
  /** Keys the server generated are Fresh and never left it; imported ones are not. */
  readonly generated: boolean;
  /**
   * For material made from other objects (DeriveKey): whether its inputs were always sensitive and
   * never extractable, replacing `generated` in those two flags. Either still needs the new object's
   * own Sensitive true, or Extractable false.
   */
  readonly origin?: { readonly alwaysSensitive: boolean; readonly neverExtractable: boolean };
}

/** The identifier for a new object: the one asked for (checked and free) or a new UUID. */
export function newIdentifier(ctx: OperationContext, requested: TtlvNode | undefined): string {
  if (requested === undefined) return randomUuid();
  if (requested.type !== 'TextString') throw new KmipError('Invalid_Field', 'UniqueIdentifier must be a TextString');
  if (requested.value === '') return randomUuid();
  const uid = checkNewIdentifier(requested.value);
  if (ctx.store.get(uid) !== undefined) throw new KmipError('Object_Already_Exists', `an object with identifier ${uid} already exists`);
  return uid;
}

/** The identifier a client asks for in Attributes, if any. */
export function requestedIdentifier(attrs: AttributeList): TtlvNode | undefined {
  return getAttribute(attrs, 'UniqueIdentifier');
}

/** Builds the record of a new object owned by the caller. */
export function newObjectRecord(ctx: OperationContext, spec: NewObjectSpec): ObjectRecord {
  const now = ctx.now();
  let attrs = SERVER_OWNED.reduce<TtlvNode[]>((a, tag) => withoutAttribute(a, tag), [...spec.attributes]);
  const sensitive = boolAttribute(attrs, 'Sensitive') === true;
  const notExtractable = boolAttribute(attrs, 'Extractable') === false;
  const alwaysSensitive = spec.origin?.alwaysSensitive ?? spec.generated;
  const neverExtractable = spec.origin?.neverExtractable ?? spec.generated;
  for (const node of [
    ...spec.fixed,
    enumeration('ObjectType', spec.objectType),
    text('UniqueIdentifier', spec.uid),
    dateNode('InitialDate', spec.createdAt ?? now),
    dateNode('LastChangeDate', now),
    { tag: 'Fresh', type: 'Boolean' as const, value: spec.generated },
    { tag: 'AlwaysSensitive', type: 'Boolean' as const, value: alwaysSensitive && sensitive },
    { tag: 'NeverExtractable', type: 'Boolean' as const, value: neverExtractable && notExtractable },
  ]) attrs = withAttribute(attrs, node);
  if (getAttribute(attrs, 'CryptographicUsageMask') === undefined) attrs = withAttribute(attrs, int('CryptographicUsageMask', 0));
  const life = initialLifecycle(attrs, now, speaksKmip(ctx));
  const systemTag = SYSTEM_TAGS[spec.objectType];
  return {
    id: spec.uid,
    objectType: spec.objectType,
    state: life.state,
    owner: ctx.user,
    ...searchableColumns(life.attributes),
    object: encodeJsonTtlv(spec.object),
    attributes: attributesText(life.attributes),
    tags: [...spec.userTags, ...(systemTag === undefined ? [] : [systemTag])],
    createdAt: spec.createdAt ?? now,
    updatedAt: now,
    transitionAt: life.transitionAt,
  };
}
