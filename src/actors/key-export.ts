/**
 * What Get and Export hand out for an object: its key material in the requested (or default)
 * format with its attributes embedded, wrapped when asked, and never in the clear when the key is
 * Sensitive or not Extractable.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { getAttribute, withAttribute } from '../kmip/attributes.js';
import { encodeKeyBlock, type KeyMaterial } from '../kmip/key-block.js';
import { enumeration } from '../kmip/ttlv/build.js';
import { child, asStructure } from '../kmip/ttlv/read.js';
import { parseJsonTtlv } from '../kmip/ttlv/json.js';
import { defaultFormat, privateKeyMaterial, publicKeyMaterial } from './asymmetric-formats.js';
import { privateKeyOfRecord, publicKeyOfRecord, storedKeyBlock } from './asymmetric-keys.js';
import { storedAttributes, symmetricKeyOf } from './stored-object.js';
import { wrapMaterial } from './key-wrapping.js';
import type { KeyFormatType, ObjectType } from '../kmip/enums.js';
import type { KeyWrappingSpecification } from '../kmip/key-wrapping.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

// A KeyValue's embedded attributes describe the key itself, as Cosmian's do; lifecycle dates,
// names and flags are left to GetAttributes and Export's own Attributes.
const KEY_VALUE_ATTRIBUTES = new Set([
  'CertificateAttributes', 'CertificateType', 'CertificateLength', 'CryptographicAlgorithm', 'CryptographicLength',
  'CryptographicDomainParameters', 'CryptographicParameters', 'CryptographicUsageMask', 'KeyFormatType', 'Link', 'ObjectType',
  'VendorAttributes',
]);

/** The Object content of an export: SecretDataType (secret data only) and the KeyBlock. */
export type ExportedObject = readonly TtlvNode[];

function flag(rec: ObjectRecord, tag: string): boolean | undefined {
  const a = getAttribute(storedAttributes(rec), tag);
  return a?.type === 'Boolean' ? a.value : undefined;
}

function symmetricFormat(requested: KeyFormatType | undefined): 'Raw' | 'TransparentSymmetricKey' {
  if (requested === undefined || requested === 'Raw') return 'Raw';
  if (requested === 'TransparentSymmetricKey') return 'TransparentSymmetricKey';
  throw new KmipError('Key_Format_Type_Not_Supported', `symmetric keys are exported as Raw or TransparentSymmetricKey, not ${requested}`);
}

/** The material in the format the client gets, and the format's name. */
function materialFor(ctx: OperationContext, rec: ObjectRecord, requested: KeyFormatType | undefined, byteForm: boolean): { format: KeyFormatType; material: KeyMaterial } {
  switch (rec.objectType) {
    case 'SymmetricKey': {
      const format = symmetricFormat(requested);
      const key = symmetricKeyOf(ctx, rec);
      return { format, material: format === 'Raw' ? { kind: 'bytes', bytes: key } : { kind: 'symmetric', key } };
    }
    case 'SecretData':
      if (requested !== undefined && requested !== 'Raw' && requested !== 'Opaque') {
        throw new KmipError('Key_Format_Type_Not_Supported', `secret data is exported as Raw, not ${requested}`);
      }
      return { format: 'Raw', material: { kind: 'bytes', bytes: symmetricKeyOf(ctx, rec) } };
    case 'PrivateKey': {
      const key = privateKeyOfRecord(rec);
      // Wrapping without TTLV encoding needs bytes; transparent structures have none.
      const format = requested ?? (byteForm ? 'PKCS8' : defaultFormat(key, true));
      return { format, material: privateKeyMaterial(key, format) };
    }
    case 'PublicKey': {
      const key = publicKeyOfRecord(rec);
      const format = requested ?? (byteForm ? 'PKCS8' : defaultFormat(key, false));
      return { format, material: publicKeyMaterial(key, format) };
    }
    default:
      throw new KmipError('Invalid_Object_Type', `objects of type ${rec.objectType} cannot be exported`);
  }
}

function secretDataType(rec: ObjectRecord): TtlvNode | undefined {
  if (rec.objectType !== 'SecretData') return undefined;
  return child(asStructure(parseJsonTtlv(rec.object), 'stored object'), 'SecretDataType');
}

/** The Object content for a live object, as Get and Export return it. */
export function exportedObject(
  ctx: OperationContext,
  rec: ObjectRecord,
  requested: KeyFormatType | undefined,
  wrapping: KeyWrappingSpecification | undefined,
): ExportedObject {
  if (flag(rec, 'Extractable') === false) throw new KmipError('Not_Extractable', `object ${rec.id} is not extractable`);
  const typeNode = secretDataType(rec);
  const stored = storedKeyBlock(rec);
  if (stored.wrapping !== undefined) {
    // Registered wrapped: it can only be handed back as it came.
    if (wrapping !== undefined) throw new KmipError('Invalid_Field', `object ${rec.id} is already wrapped`);
    return [typeNode, encodeKeyBlock({ ...stored, attributes: stored.attributes?.value })].filter((n): n is TtlvNode => n !== undefined);
  }
  if (wrapping === undefined && flag(rec, 'Sensitive') === true) {
    throw new KmipError('Sensitive', `object ${rec.id} is sensitive and can only be exported wrapped`);
  }
  const byteForm = wrapping !== undefined && wrapping.encodingOption === 'NoEncoding';
  const { format, material } = materialFor(ctx, rec, requested, byteForm);
  const algorithm = rec.cryptographicAlgorithm ?? undefined;
  const length = rec.cryptographicLength ?? undefined;
  let block;
  if (wrapping === undefined) {
    const described = storedAttributes(rec).filter((a) => KEY_VALUE_ATTRIBUTES.has(a.tag));
    const attrs = withAttribute(described, enumeration('KeyFormatType', format));
    // The material becomes the response; it is not wiped, since the client is meant to receive it.
    block = encodeKeyBlock({ keyFormatType: format, material, cryptographicAlgorithm: algorithm, cryptographicLength: length, attributes: attrs });
  } else {
    const { wrapped, data } = wrapMaterial(ctx, wrapping, material, rec.id);
    if (material.kind === 'bytes') material.bytes.fill(0);
    if (material.kind === 'symmetric') material.key.fill(0);
    block = encodeKeyBlock({ keyFormatType: format, material: { kind: 'wrapped', bytes: wrapped }, cryptographicAlgorithm: algorithm, cryptographicLength: length, wrapping: data });
  }
  return [typeNode, block].filter((n): n is TtlvNode => n !== undefined);
}

/** The object type the response reports. */
export function reportedType(rec: ObjectRecord): ObjectType {
  return rec.objectType as ObjectType;
}

