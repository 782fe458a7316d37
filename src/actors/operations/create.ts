/**
 * Create: a new random symmetric key owned by the caller.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, enumAttribute, getAttribute, intAttribute, tagsOf } from '../../kmip/attributes.js';
import { randomKeyBytes, randomUuid } from '../../crypto/random.js';
import { checkNewIdentifier } from '../object-access.js';
import { symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSymmetricKey } from '../symmetric-algorithms.js';
import type { CreateRequest, CreateResponse } from '../../kmip/operations/create.js';
import type { OperationContext } from '../context.js';

/** Creates a symmetric key. */
export function create(ctx: OperationContext, req: CreateRequest): CreateResponse {
  if (req.objectType !== 'SymmetricKey') {
    throw new KmipError('Feature_Not_Supported', `Create of ${req.objectType} objects is not supported; only SymmetricKey`);
  }
  const attrs = req.attributes;
  const format = enumAttribute(attrs, 'KeyFormatType');
  if (format !== undefined && format !== 'TransparentSymmetricKey' && format !== 'Raw') {
    throw new KmipError('Key_Format_Type_Not_Supported', `symmetric keys are created as TransparentSymmetricKey, not ${format}`);
  }
  const bits = intAttribute(attrs, 'CryptographicLength') ?? 256;
  const algorithm = checkSymmetricKey(enumAttribute(attrs, 'CryptographicAlgorithm'), bits);
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  const requested = getAttribute(attrs, 'UniqueIdentifier');
  const uid = requested?.type === 'TextString' ? checkNewIdentifier(requested.value) : randomUuid();
  if (ctx.store.get(uid) !== undefined) throw new KmipError('Object_Already_Exists', `an object with identifier ${uid} already exists`);

  const key = randomKeyBytes(bits / 8);
  try {
    ctx.store.insert(symmetricKeyRecord(ctx, { uid, key, algorithm, attributes: attrs, userTags: tags }));
  } finally {
    key.fill(0);
  }
  return { objectType: 'SymmetricKey', uniqueIdentifier: uid };
}
