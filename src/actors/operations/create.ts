/**
 * Create: a new random symmetric key (AES, ChaCha20, HMAC) or secret data owned by the caller.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, enumAttribute, intAttribute, tagsOf } from '../../kmip/attributes.js';
import { SECRET_DATA_TYPES, type SecretDataType } from '../../kmip/enums.js';
import { randomKeyBytes } from '../../crypto/random.js';
import { newIdentifier, requestedIdentifier } from '../new-object.js';
import { secretDataRecord, symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSymmetricKey, HMAC_ALGORITHMS } from '../symmetric-algorithms.js';
import type { CreateRequest, CreateResponse } from '../../kmip/operations/create.js';
import type { OperationContext } from '../context.js';

const MAX_SECRET_BITS = 8192;

/** The SecretDataType a Create asks for (Seed by default). */
export function secretDataTypeOf(value: string | undefined): SecretDataType {
  if (value === undefined) return 'Seed';
  if (!(SECRET_DATA_TYPES as readonly string[]).includes(value)) throw new KmipError('Invalid_Attribute_Value', `unknown SecretDataType ${value}`);
  return value as SecretDataType;
}

/** Creates a symmetric key or secret data. */
export function create(ctx: OperationContext, req: CreateRequest): CreateResponse {
  if (req.objectType !== 'SymmetricKey' && req.objectType !== 'SecretData') {
    const hint = req.objectType === 'PrivateKey' || req.objectType === 'PublicKey' ? '; use CreateKeyPair' : '';
    throw new KmipError('Feature_Not_Supported', `Create makes SymmetricKey and SecretData objects, not ${req.objectType}${hint}`);
  }
  const attrs = req.attributes;
  const format = enumAttribute(attrs, 'KeyFormatType');
  if (format !== undefined && format !== 'TransparentSymmetricKey' && format !== 'Raw') {
    throw new KmipError('Key_Format_Type_Not_Supported', `keys are created as TransparentSymmetricKey or Raw, not ${format}`);
  }
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  const uid = newIdentifier(ctx, requestedIdentifier(attrs));
  const algorithm = enumAttribute(attrs, 'CryptographicAlgorithm');

  if (req.objectType === 'SecretData') {
    const bits = intAttribute(attrs, 'CryptographicLength') ?? 256;
    if (bits % 8 !== 0 || bits < 8 || bits > MAX_SECRET_BITS) {
      throw new KmipError('Invalid_Attribute_Value', `secret data is whole bytes up to ${MAX_SECRET_BITS} bits, not ${bits}`);
    }
    const secret = randomKeyBytes(bits / 8);
    try {
      ctx.store.insert(secretDataRecord(ctx, { uid, secret, secretDataType: secretDataTypeOf(enumAttribute(attrs, 'SecretDataType')), attributes: attrs, userTags: tags, generated: true }));
    } finally {
      secret.fill(0);
    }
    return { objectType: 'SecretData', uniqueIdentifier: uid };
  }

  // An HMAC key is as long as its hash's output unless the client says otherwise.
  const hmacDefault = algorithm === 'HMACSHA384' ? 384 : algorithm === 'HMACSHA512' ? 512 : 256;
  const bits = intAttribute(attrs, 'CryptographicLength') ?? (algorithm !== undefined && algorithm in HMAC_ALGORITHMS ? hmacDefault : 256);
  const checked = checkSymmetricKey(algorithm, bits);
  const key = randomKeyBytes(bits / 8);
  try {
    ctx.store.insert(symmetricKeyRecord(ctx, { uid, key, algorithm: checked, attributes: attrs, userTags: tags, generated: true }));
  } finally {
    key.fill(0);
  }
  return { objectType: 'SymmetricKey', uniqueIdentifier: uid };
}
