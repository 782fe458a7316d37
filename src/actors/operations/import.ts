/**
 * Import: stores a symmetric key supplied by the client (Raw or TransparentSymmetricKey).
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { attributeListOf, checkUserTags, enumAttribute, intAttribute, tagsOf } from '../../kmip/attributes.js';
import { decodeSymmetricKeyBlock } from '../../kmip/symmetric-key.js';
import { randomUuid } from '../../crypto/random.js';
import { checkNewIdentifier } from '../object-access.js';
import { symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSymmetricKey } from '../symmetric-algorithms.js';
import type { ImportRequest } from '../../kmip/operations/import.js';
import type { OperationContext } from '../context.js';

/** Imports a symmetric key; returns its identifier. */
export function importObject(ctx: OperationContext, req: ImportRequest): string {
  if (req.objectType !== 'SymmetricKey') {
    throw new KmipError('Feature_Not_Supported', `Import of ${req.objectType} objects is not supported yet`);
  }
  const block = decodeSymmetricKeyBlock(req.object);
  if (block.keyFormatType !== 'Raw' && block.keyFormatType !== 'TransparentSymmetricKey') {
    throw new KmipError('Key_Format_Type_Not_Supported', `symmetric keys are imported as Raw or TransparentSymmetricKey, not ${block.keyFormatType}`);
  }
  // Attributes sent beside the object win over those embedded in its KeyValue.
  const attrs = req.attributes.length > 0 ? req.attributes : block.attributes ? attributeListOf(block.attributes) : [];
  const bits = block.key.length * 8;
  const declared = intAttribute(attrs, 'CryptographicLength') ?? block.cryptographicLength;
  if (declared !== undefined && declared !== bits) {
    throw new KmipError('Invalid_Attribute_Value', `CryptographicLength says ${declared} bits but the key has ${bits}`);
  }
  const algorithm = checkSymmetricKey(block.cryptographicAlgorithm ?? enumAttribute(attrs, 'CryptographicAlgorithm'), bits);
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  const uid = req.uniqueIdentifier === '' ? randomUuid() : checkNewIdentifier(req.uniqueIdentifier);

  const existing = ctx.store.get(uid);
  if (existing !== undefined && !(req.replaceExisting && existing.owner === ctx.user)) {
    throw new KmipError('Object_Already_Exists', `an object with identifier ${uid} already exists; set ReplaceExisting to overwrite it`);
  }

  const record = symmetricKeyRecord(ctx, {
    uid,
    key: block.key,
    algorithm,
    attributes: attrs,
    userTags: tags,
    ...(existing === undefined ? {} : { createdAt: existing.createdAt }),
  });
  if (existing === undefined) ctx.store.insert(record);
  else ctx.store.update(record);
  return uid;
}
