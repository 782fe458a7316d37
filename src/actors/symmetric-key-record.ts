/**
 * The stored form of symmetric keys and secret data, shared by Create, Import, DeriveKey and
 * ReKey: the attributes the server fixes for them and the record itself.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { enumAttribute, intAttribute, withAttribute, type AttributeList } from '../kmip/attributes.js';
import { DEFAULT_SYMMETRIC_USAGE_MASK, SECRET_DATA_TYPES, USAGE, type SecretDataType } from '../kmip/enums.js';
import { encodeKeyBlock } from '../kmip/key-block.js';
import { enumeration, int, struct } from '../kmip/ttlv/build.js';
import { newObjectRecord, type NewObjectSpec } from './new-object.js';
import { isHmacAlgorithm } from './symmetric-algorithms.js';
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
  /** True for keys the server generated (Create, DeriveKey, ReKey). */
  readonly generated?: boolean;
  /** What the material's history allows AlwaysSensitive and NeverExtractable to claim (see NewObjectSpec). */
  readonly origin?: NewObjectSpec['origin'];
}

/** The usage mask a new symmetric key gets when the client names none. */
export function defaultSymmetricMask(algorithm: string): number {
  return isHmacAlgorithm(algorithm) ? USAGE.MACGenerate | USAGE.MACVerify : DEFAULT_SYMMETRIC_USAGE_MASK;
}

/** Builds the record of a new symmetric key owned by the caller. */
export function symmetricKeyRecord(ctx: OperationContext, spec: SymmetricKeySpec): ObjectRecord {
  const mask = intAttribute(spec.attributes, 'CryptographicUsageMask') ?? defaultSymmetricMask(spec.algorithm);
  return newObjectRecord(ctx, {
    uid: spec.uid,
    objectType: 'SymmetricKey',
    object: struct('SymmetricKey', [
      encodeKeyBlock({
        keyFormatType: 'TransparentSymmetricKey',
        material: { kind: 'symmetric', key: spec.key },
        cryptographicAlgorithm: spec.algorithm,
        cryptographicLength: spec.key.length * 8,
      }),
    ]),
    attributes: withAttribute(spec.attributes, int('CryptographicUsageMask', mask)),
    fixed: [
      enumeration('CryptographicAlgorithm', spec.algorithm),
      int('CryptographicLength', spec.key.length * 8),
      enumeration('KeyFormatType', 'TransparentSymmetricKey'),
    ],
    userTags: spec.userTags,
    generated: spec.generated ?? false,
    ...(spec.createdAt === undefined ? {} : { createdAt: spec.createdAt }),
    ...(spec.origin === undefined ? {} : { origin: spec.origin }),
  });
}

/** The SecretDataType new secret data asks for in its attributes (Seed by default). */
export function secretDataTypeOf(attrs: AttributeList): SecretDataType {
  const asked = enumAttribute(attrs, 'SecretDataType') ?? 'Seed';
  if (!(SECRET_DATA_TYPES as readonly string[]).includes(asked)) throw new KmipError('Invalid_Attribute_Value', `unknown SecretDataType ${asked}`);
  return asked as SecretDataType;
}

/** What a new secret data record is made of. */
export interface SecretDataSpec {
  readonly uid: string;
  readonly secret: Uint8Array;
  readonly secretDataType: SecretDataType;
  readonly attributes: AttributeList;
  readonly userTags: readonly string[];
  readonly createdAt?: number;
  readonly generated: boolean;
  /** What the material's history allows AlwaysSensitive and NeverExtractable to claim (see NewObjectSpec). */
  readonly origin?: NewObjectSpec['origin'];
}

/** Builds the record of a new SecretData object (its bytes kept Raw). */
export function secretDataRecord(ctx: OperationContext, spec: SecretDataSpec): ObjectRecord {
  const mask = intAttribute(spec.attributes, 'CryptographicUsageMask') ?? USAGE.DeriveKey;
  return newObjectRecord(ctx, {
    uid: spec.uid,
    objectType: 'SecretData',
    object: struct('SecretData', [
      enumeration('SecretDataType', spec.secretDataType),
      encodeKeyBlock({ keyFormatType: 'Raw', material: { kind: 'bytes', bytes: spec.secret } }),
    ]),
    attributes: withAttribute(spec.attributes, int('CryptographicUsageMask', mask)),
    fixed: [int('CryptographicLength', spec.secret.length * 8), enumeration('KeyFormatType', 'Raw')],
    userTags: spec.userTags,
    generated: spec.generated,
    ...(spec.createdAt === undefined ? {} : { createdAt: spec.createdAt }),
    ...(spec.origin === undefined ? {} : { origin: spec.origin }),
  });
}
