/**
 * A client-supplied object (Import, Register) as a new record: symmetric keys, secret data,
 * certificates (certificate-record.ts), and private or public keys in any format this server reads. Wrapped key blocks are unwrapped when
 * the client asks (KeyWrapType NotWrapped), otherwise kept exactly as registered.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { attributeListOf, checkUserTags, enumAttribute, intAttribute, tagsOf, withAttribute, type AttributeList } from '../kmip/attributes.js';
import { decodeKeyBlock, encodeKeyBlock, type KeyBlock } from '../kmip/key-block.js';
import { bool, enumeration, int, struct } from '../kmip/ttlv/build.js';
import { optEnum } from '../kmip/ttlv/read.js';
import { SECRET_DATA_TYPES } from '../kmip/enums.js';
import { privateKeyFromMaterial, publicKeyFromMaterial } from './asymmetric-formats.js';
import { defaultUsageMasks, keyDescriptionAttributes, rawCurveHint, storedKeyObject, suppliedKeyAlgorithm } from './asymmetric-keys.js';
import { newObjectRecord } from './new-object.js';
import { certificateRecord } from './certificate-record.js';
import { defaultSymmetricMask, secretDataRecord, symmetricKeyRecord } from './symmetric-key-record.js';
import { checkSymmetricKey } from './symmetric-algorithms.js';
import { unwrapKeyBlock } from './key-wrapping.js';
import type { ObjectType } from '../kmip/enums.js';
import type { TtlvStructure } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** What the client supplied. */
export interface SuppliedObject {
  readonly uid: string;
  readonly objectType: ObjectType;
  readonly object: TtlvStructure;
  readonly attributes: AttributeList;
  readonly unwrap: boolean;
  readonly createdAt?: number;
}

function symmetricBytes(block: KeyBlock, what: string, formats: readonly string[]): Uint8Array {
  const m = block.material;
  if (formats.includes(block.keyFormatType)) {
    if (m.kind === 'bytes') return m.bytes;
    if (m.kind === 'symmetric') return m.key;
  }
  throw new KmipError('Key_Format_Type_Not_Supported', `${what} is imported as ${formats.join(' or ')}, not ${block.keyFormatType}`);
}

// The largest key this server handles: an 8192-bit HMAC key or secret (RSA stops at 4096).
const MAX_WRAPPED_KEY_BITS = 8192;

function wrappedRecord(ctx: OperationContext, s: SuppliedObject, block: KeyBlock, attrs: AttributeList, tags: string[]): ObjectRecord {
  // Kept as registered: the server cannot read it, so it records what the block says about itself,
  // within what any key of this server could be.
  const bits = block.cryptographicLength;
  if (bits !== undefined && (bits < 1 || bits > MAX_WRAPPED_KEY_BITS)) {
    throw new KmipError('Invalid_Attribute_Value', `a wrapped key's CryptographicLength must be 1 to ${MAX_WRAPPED_KEY_BITS} bits, not ${bits}`);
  }
  const fixed = [
    ...(block.cryptographicAlgorithm === undefined ? [] : [enumeration('CryptographicAlgorithm', block.cryptographicAlgorithm)]),
    ...(block.cryptographicLength === undefined ? [] : [int('CryptographicLength', block.cryptographicLength)]),
    enumeration('KeyFormatType', block.keyFormatType),
  ];
  const algorithm = block.cryptographicAlgorithm ?? enumAttribute(attrs, 'CryptographicAlgorithm') ?? '';
  const pairMasks = defaultUsageMasks(algorithm);
  const mask = s.objectType === 'SymmetricKey' ? defaultSymmetricMask(algorithm) : s.objectType === 'PublicKey' ? pairMasks.publicMask : pairMasks.privateMask;
  return newObjectRecord(ctx, {
    uid: s.uid,
    objectType: s.objectType,
    object: struct(s.objectType, [encodeKeyBlock({ ...block, attributes: undefined })]),
    attributes: intAttribute(attrs, 'CryptographicUsageMask') === undefined ? withAttribute(attrs, int('CryptographicUsageMask', mask)) : attrs,
    fixed,
    userTags: tags,
    generated: false,
    ...(s.createdAt === undefined ? {} : { createdAt: s.createdAt }),
  });
}

/** Builds the record of a supplied object. */
export function suppliedRecord(ctx: OperationContext, s: SuppliedObject): ObjectRecord {
  // A certificate has no KeyBlock: its CertificateValue is parsed and stored as it came.
  if (s.objectType === 'Certificate') return certificateRecord(ctx, s);
  const given = decodeKeyBlock(s.object);
  if (given.wrapping === undefined || !s.unwrap) return recordOf(ctx, s, given, false);
  const { block, protected: mustProtect } = unwrapKeyBlock(ctx, given);
  try {
    return recordOf(ctx, s, block, mustProtect);
  } finally {
    // The unwrapped bytes are ours alone; the record holds its own encoding of them.
    if (block.material.kind === 'bytes') block.material.bytes.fill(0);
    if (block.material.kind === 'symmetric') block.material.key.fill(0);
  }
}

function recordOf(ctx: OperationContext, s: SuppliedObject, block: KeyBlock, mustProtect: boolean): ObjectRecord {
  // Attributes sent beside the object win over those embedded in its KeyValue.
  let attrs: AttributeList = s.attributes.length > 0 ? s.attributes : block.attributes ? attributeListOf(block.attributes) : [];
  // A key that came out of a protected wrapping stays out of reach in the clear.
  if (mustProtect) attrs = withAttribute(attrs, bool('Sensitive', true));
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  if (block.wrapping !== undefined) return wrappedRecord(ctx, s, block, attrs, tags);
  const common = { uid: s.uid, attributes: attrs, userTags: tags, ...(s.createdAt === undefined ? {} : { createdAt: s.createdAt }) };

  switch (s.objectType) {
    case 'SymmetricKey': {
      const key = symmetricBytes(block, 'a symmetric key', ['Raw', 'TransparentSymmetricKey']);
      const bits = key.length * 8;
      const declared = intAttribute(attrs, 'CryptographicLength') ?? block.cryptographicLength;
      if (declared !== undefined && declared !== bits) {
        throw new KmipError('Invalid_Attribute_Value', `CryptographicLength says ${declared} bits but the key has ${bits}`);
      }
      const algorithm = checkSymmetricKey(block.cryptographicAlgorithm ?? enumAttribute(attrs, 'CryptographicAlgorithm'), bits);
      return symmetricKeyRecord(ctx, { ...common, key, algorithm });
    }
    case 'SecretData': {
      const secret = symmetricBytes(block, 'secret data', ['Raw', 'Opaque']);
      const typeNode = optEnum(s.object, 'SecretDataType', SECRET_DATA_TYPES);
      return secretDataRecord(ctx, { ...common, secret, secretDataType: typeNode ?? 'Password', generated: false });
    }
    case 'PrivateKey':
    case 'PublicKey': {
      const algorithmHint = block.cryptographicAlgorithm ?? enumAttribute(attrs, 'CryptographicAlgorithm');
      const hint = rawCurveHint(attrs, algorithmHint);
      const isPrivate = s.objectType === 'PrivateKey';
      const key = isPrivate ? privateKeyFromMaterial(block.keyFormatType, block.material, hint) : publicKeyFromMaterial(block.keyFormatType, block.material, hint);
      const algorithm = suppliedKeyAlgorithm(key, algorithmHint);
      const masks = defaultUsageMasks(algorithm);
      const mask = intAttribute(attrs, 'CryptographicUsageMask') ?? (isPrivate ? masks.privateMask : masks.publicMask);
      return newObjectRecord(ctx, {
        ...common,
        objectType: s.objectType,
        object: storedKeyObject(key, s.objectType, algorithm),
        attributes: withAttribute(attrs, int('CryptographicUsageMask', mask)),
        fixed: [...keyDescriptionAttributes(key, algorithm), enumeration('KeyFormatType', 'PKCS8')],
        generated: false,
      });
    }
    default:
      throw new KmipError('Feature_Not_Supported', `objects of type ${s.objectType} cannot be imported (SymmetricKey, SecretData, PrivateKey, PublicKey, Certificate)`);
  }
}
