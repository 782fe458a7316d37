/**
 * Create: a new random symmetric key (AES, ChaCha20, HMAC) or secret data owned by the caller.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, enumAttribute, intAttribute, tagsOf } from '../../kmip/attributes.js';
import { randomKeyBytes } from '../../crypto/random.js';
import { newIdentifier, requestedIdentifier } from '../new-object.js';
import { secretDataRecord, secretDataTypeOf, symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSecretBits, checkSymmetricKey, DEFAULT_SECRET_BITS, defaultSymmetricBits } from '../symmetric-algorithms.js';
import type { CreateRequest, CreateResponse } from '../../kmip/operations/create.js';
import type { OperationContext } from '../context.js';

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
    const bits = checkSecretBits(intAttribute(attrs, 'CryptographicLength') ?? DEFAULT_SECRET_BITS);
    const secretDataType = secretDataTypeOf(attrs);
    const secret = randomKeyBytes(bits / 8);
    try {
      ctx.store.insert(secretDataRecord(ctx, { uid, secret, secretDataType, attributes: attrs, userTags: tags, generated: true }));
    } finally {
      secret.fill(0);
    }
    return { objectType: 'SecretData', uniqueIdentifier: uid };
  }

  const bits = intAttribute(attrs, 'CryptographicLength') ?? defaultSymmetricBits(algorithm);
  const checked = checkSymmetricKey(algorithm, bits);
  const key = randomKeyBytes(bits / 8);
  try {
    ctx.store.insert(symmetricKeyRecord(ctx, { uid, key, algorithm: checked, attributes: attrs, userTags: tags, generated: true }));
  } finally {
    key.fill(0);
  }
  return { objectType: 'SymmetricKey', uniqueIdentifier: uid };
}
