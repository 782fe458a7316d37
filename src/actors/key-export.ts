/**
 * What Get and Export hand out for an object: its key material in the requested (or default)
 * format with its attributes embedded, wrapped when asked (or unwrapped, for a key stored wrapped,
 * with KeyWrapType NotWrapped), and never in the clear when the key is Sensitive or not Extractable.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { boolAttribute, withAttribute } from '../kmip/attributes.js';
import { encodeKeyBlock, type KeyBlock, type KeyMaterial } from '../kmip/key-block.js';
import { bool, enumeration } from '../kmip/ttlv/build.js';
import { child, asStructure } from '../kmip/ttlv/read.js';
import { parseJsonTtlv } from '../kmip/ttlv/json.js';
import { defaultFormat, privateKeyFromMaterial, privateKeyMaterial, publicKeyFromMaterial, publicKeyMaterial } from './asymmetric-formats.js';
import { privateKeyOfRecord, publicKeyOfRecord, rawCurveHint, storedKeyBlock } from './asymmetric-keys.js';
import { storedAttributes, symmetricKeyOf } from './stored-object.js';
import { exportedCertificate } from './certificate-record.js';
import { pkcs12KeyBlock } from './pkcs12-export.js';
import { unwrapKeyBlock, wrapMaterial } from './key-wrapping.js';
import { isProtected } from './wrapping-trust.js';
import type { KEY_WRAP_TYPES, KeyFormatType, ObjectType } from '../kmip/enums.js';
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


function symmetricFormat(requested: KeyFormatType | undefined): 'Raw' | 'TransparentSymmetricKey' {
  if (requested === undefined || requested === 'Raw') return 'Raw';
  if (requested === 'TransparentSymmetricKey') return 'TransparentSymmetricKey';
  throw new KmipError('Key_Format_Type_Not_Supported', `symmetric keys are exported as Raw or TransparentSymmetricKey, not ${requested}`);
}

/** The bytes of an unwrapped symmetric key or secret data block. */
function clearBytes(block: KeyBlock): Uint8Array {
  if (block.material.kind === 'bytes') return block.material.bytes;
  if (block.material.kind === 'symmetric') return block.material.key;
  throw new KmipError('Key_Format_Type_Not_Supported', `a symmetric key or secret data cannot be read from ${block.keyFormatType} material`);
}

/**
 * The material in the format the client gets, and the format's name; `clear` is the unwrapped
 * block of a key stored wrapped, read instead of the record's own.
 */
function materialFor(
  ctx: OperationContext,
  rec: ObjectRecord,
  requested: KeyFormatType | undefined,
  byteForm: boolean,
  clear: KeyBlock | undefined,
): { format: KeyFormatType; material: KeyMaterial } {
  const hint = (): ReturnType<typeof rawCurveHint> => rawCurveHint(storedAttributes(rec), rec.cryptographicAlgorithm ?? undefined);
  switch (rec.objectType) {
    case 'SymmetricKey': {
      const format = symmetricFormat(requested);
      const key = clear === undefined ? symmetricKeyOf(ctx, rec) : clearBytes(clear);
      return { format, material: format === 'Raw' ? { kind: 'bytes', bytes: key } : { kind: 'symmetric', key } };
    }
    case 'SecretData':
      if (requested !== undefined && requested !== 'Raw' && requested !== 'Opaque') {
        throw new KmipError('Key_Format_Type_Not_Supported', `secret data is exported as Raw, not ${requested}`);
      }
      return { format: 'Raw', material: { kind: 'bytes', bytes: clear === undefined ? symmetricKeyOf(ctx, rec) : clearBytes(clear) } };
    case 'PrivateKey': {
      const key = clear === undefined ? privateKeyOfRecord(rec) : privateKeyFromMaterial(clear.keyFormatType, clear.material, hint());
      // Wrapping without TTLV encoding needs bytes; transparent structures have none.
      const format = requested ?? (byteForm ? 'PKCS8' : defaultFormat(key, true));
      return { format, material: privateKeyMaterial(key, format) };
    }
    case 'PublicKey': {
      const key = clear === undefined ? publicKeyOfRecord(rec) : publicKeyFromMaterial(clear.keyFormatType, clear.material, hint());
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
  keyWrapType?: (typeof KEY_WRAP_TYPES)[number],
): ExportedObject {
  // Certificates are public: the Sensitive and Extractable rules are for key material.
  if (rec.objectType === 'Certificate') return exportedCertificate(rec, requested, wrapping);
  // The bundle is encrypted under a password, not a managed key: the wrapping names the password.
  if (rec.objectType === 'PrivateKey' && requested === 'PKCS12') return [pkcs12KeyBlock(ctx, rec, wrapping)];
  if (boolAttribute(storedAttributes(rec), 'Extractable') === false) throw new KmipError('Not_Extractable', `object ${rec.id} is not extractable`);
  const typeNode = secretDataType(rec);
  const stored = storedKeyBlock(rec);
  if (stored.wrapping !== undefined && keyWrapType !== 'NotWrapped') {
    // Registered wrapped: it is handed back as it came unless the client asks for it unwrapped.
    if (wrapping !== undefined) throw new KmipError('Invalid_Field', `object ${rec.id} is already wrapped`);
    return [typeNode, encodeKeyBlock({ ...stored, attributes: stored.attributes?.value })].filter((n): n is TtlvNode => n !== undefined);
  }
  if (wrapping === undefined && boolAttribute(storedAttributes(rec), 'Sensitive') === true) {
    throw new KmipError('Sensitive', `object ${rec.id} is sensitive and can only be exported wrapped`);
  }
  // KeyWrapType NotWrapped on a key stored wrapped: unwrapped with the key its KeyWrappingData
  // names, as Cosmian's export --unwrap does.
  const unwrapped = stored.wrapping === undefined ? undefined : unwrapKeyBlock(ctx, stored);
  // What a protected key unwraps may only leave wrapped again (under a trusted key).
  const protectedKey = isProtected(rec) || unwrapped?.protected === true;
  if (wrapping === undefined && unwrapped?.protected === true) {
    throw new KmipError('Sensitive', `object ${rec.id} was wrapped under a protected key and can only be exported wrapped`);
  }
  const clear = unwrapped?.block;
  const byteForm = wrapping !== undefined && wrapping.encodingOption === 'NoEncoding';
  const { format, material } = materialFor(ctx, rec, requested, byteForm, clear);
  const algorithm = rec.cryptographicAlgorithm ?? undefined;
  const length = rec.cryptographicLength ?? undefined;
  let block;
  if (wrapping === undefined) {
    const described = storedAttributes(rec).filter((a) => KEY_VALUE_ATTRIBUTES.has(a.tag));
    const attrs = withAttribute(described, enumeration('KeyFormatType', format));
    // The material becomes the response; it is not wiped, since the client is meant to receive it.
    block = encodeKeyBlock({ keyFormatType: format, material, cryptographicAlgorithm: algorithm, cryptographicLength: length, attributes: attrs });
  } else {
    // Only a protection that holds is written into the wrapping (it costs bytes an RSA wrap may not have).
    const self = protectedKey ? [bool('Sensitive', true)] : [];
    const { wrapped, data } = wrapMaterial(ctx, wrapping, material, { id: rec.id, owner: rec.owner, attributes: self });
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

