/**
 * Get: an Active key's material, Raw by default or TransparentSymmetricKey on request.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { withAttribute, withoutAttribute } from '../../kmip/attributes.js';
import { encodeSymmetricKeyBlock, type SymmetricKeyFormat } from '../../kmip/symmetric-key.js';
import { enumeration } from '../../kmip/ttlv/build.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import type { KeyFormatType } from '../../kmip/enums.js';
import type { GetRequest, GetResponse } from '../../kmip/operations/get.js';
import type { TtlvStructure } from '../../kmip/ttlv/node.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

/** The export format for a symmetric key: Raw unless the client asks for TransparentSymmetricKey. */
export function symmetricFormat(requested: KeyFormatType | undefined): SymmetricKeyFormat {
  if (requested === undefined || requested === 'Raw') return 'Raw';
  if (requested === 'TransparentSymmetricKey') return 'TransparentSymmetricKey';
  throw new KmipError('Key_Format_Type_Not_Supported', `symmetric keys are exported as Raw or TransparentSymmetricKey, not ${requested}`);
}

/** The KeyBlock of a live symmetric key in the requested format, with its attributes embedded. */
export function keyBlockFor(ctx: OperationContext, rec: ObjectRecord, requested: KeyFormatType | undefined): TtlvStructure {
  const format = symmetricFormat(requested);
  const attrs = withAttribute(withoutAttribute(storedAttributes(rec), 'UniqueIdentifier'), enumeration('KeyFormatType', format));
  // The copy becomes the response; it is not wiped, since the client is meant to receive it.
  return encodeSymmetricKeyBlock(symmetricKeyOf(ctx, rec), format, rec.cryptographicAlgorithm ?? 'AES', attrs);
}

/** Returns an Active object. */
export function get(ctx: OperationContext, req: GetRequest): GetResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active']);
  return { objectType: 'SymmetricKey', uniqueIdentifier: rec.id, object: keyBlockFor(ctx, rec, req.keyFormatType) };
}
