/**
 * Between ObjectRecord (what the store keeps) and the KMIP view of an object: its attributes,
 * tags included, and its key material.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { parseJsonTtlv, encodeJsonTtlv } from '../kmip/ttlv/json.js';
import { asStructure } from '../kmip/ttlv/read.js';
import { struct } from '../kmip/ttlv/build.js';
import { decodeKeyBlock } from '../kmip/key-block.js';
import { enumAttribute, intAttribute, orderAttributes, withTags, withoutTags, type AttributeList } from '../kmip/attributes.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

// Records are immutable and the store's cache hands out the same record until it changes, so
// decoding once per record object saves a parse on every hot-path request. Key material is
// cached per actor instead (KeyCache), where it can be wiped.
const decodedAttributes = new WeakMap<ObjectRecord, readonly TtlvNode[]>();

/** The attributes stored with the object (tags live in the tag index). */
export function storedAttributes(rec: ObjectRecord): TtlvNode[] {
  let attrs = decodedAttributes.get(rec);
  if (attrs === undefined) {
    attrs = asStructure(parseJsonTtlv(rec.attributes), 'stored attributes').value;
    decodedAttributes.set(rec, attrs);
  }
  return [...attrs];
}

/** The attributes as clients see them: stored ones plus the tag attribute. */
export function visibleAttributes(rec: ObjectRecord): TtlvNode[] {
  return withTags(storedAttributes(rec), rec.tags);
}

/** Serialises attributes for storage, without tags. */
export function attributesText(attrs: AttributeList): string {
  return encodeJsonTtlv(struct('Attributes', orderAttributes(withoutTags(attrs))));
}

/** The key bytes of a stored symmetric key (or secret data), in a buffer of their own the caller wipes. */
export function symmetricKeyOf(ctx: OperationContext, rec: ObjectRecord): Uint8Array {
  if ((rec.objectType !== 'SymmetricKey' && rec.objectType !== 'SecretData') || rec.object === '') {
    throw new KmipError('Invalid_Object_Type', `object ${rec.id} is not a usable symmetric key`);
  }
  return ctx.keys.keyOf(rec, (r) => {
    const m = decodeKeyBlock(asStructure(parseJsonTtlv(r.object), 'stored object')).material;
    if (m.kind === 'symmetric') return m.key;
    if (m.kind === 'bytes') return m.bytes;
    if (m.kind === 'wrapped') throw new KmipError('Feature_Not_Supported', 'the key is stored wrapped and cannot be used until it is imported unwrapped');
    throw new KmipError('Invalid_Object_Type', `object ${r.id} does not hold symmetric key material`);
  });
}

/** Builds the searchable columns of a record from its attributes. */
export function searchableColumns(attrs: AttributeList): Pick<ObjectRecord, 'cryptographicAlgorithm' | 'cryptographicLength' | 'keyFormatType'> {
  return {
    cryptographicAlgorithm: enumAttribute(attrs, 'CryptographicAlgorithm') ?? null,
    cryptographicLength: intAttribute(attrs, 'CryptographicLength') ?? null,
    keyFormatType: enumAttribute(attrs, 'KeyFormatType') ?? null,
  };
}
