/**
 * The typed client's inputs turned into KMIP request payloads, through the operations' own
 * request encoders, so the client writes exactly what the server reads.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { encodeAttributeFields, type AttributeFields } from '../kmip/attribute-fields.js';
import { encodeCreateRequest } from '../kmip/operations/create.js';
import { encodeCreateKeyPairRequest } from '../kmip/operations/create-key-pair.js';
import { encodeRegisterRequest } from '../kmip/operations/register.js';
import { encodeImportRequest } from '../kmip/operations/import.js';
import { encodeGetRequest } from '../kmip/operations/get.js';
import { encodeGetAttributesRequest } from '../kmip/operations/get-attributes.js';
import { encodeDeleteAttributeRequest } from '../kmip/operations/delete-attribute.js';
import { encodeModifyAttributeRequest } from '../kmip/operations/modify-attribute.js';
import { encodeDeriveKeyRequest } from '../kmip/operations/derive-key.js';
import { encodeReKeyKeyPairRequest } from '../kmip/operations/re-key.js';
import { encodeRevokeRequest } from '../kmip/operations/revoke.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';
import type { AttributeReference } from '../kmip/operations/attribute-reference.js';
import type { GetRequest } from '../kmip/operations/get.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import { objectOf } from './kms-objects.js';
import type {
  CreateInput, CreateKeyPairInput, DeleteAttributeInput, DeriveKeyInput, GetAttributesInput, GetInput, ImportInput, ModifyAttributeInput,
  ParametersInput, ReKeyKeyPairInput, ReferenceInput, RegisterInput, RevokeInput,
} from './kms-inputs.js';

/** Every CryptographicParameters field, unset ones undefined. */
export function parametersOf(p: ParametersInput): CryptographicParameters {
  return {
    blockCipherMode: p.blockCipherMode,
    paddingMethod: p.paddingMethod,
    hashingAlgorithm: p.hashingAlgorithm,
    digitalSignatureAlgorithm: p.digitalSignatureAlgorithm,
    cryptographicAlgorithm: p.cryptographicAlgorithm,
    maskGeneratorHashingAlgorithm: p.maskGeneratorHashingAlgorithm,
    randomIv: p.randomIv,
    tagLength: p.tagLength,
    ivLength: p.ivLength,
    saltLength: p.saltLength,
  };
}

/** The optional parameters of a call. */
export const optParameters = (p: ParametersInput | undefined): CryptographicParameters | undefined => (p === undefined ? undefined : parametersOf(p));

/** The attribute list of optional fields (none: an empty list). */
export const attributesOf = (f: AttributeFields | undefined): TtlvNode[] => (f === undefined ? [] : encodeAttributeFields(f));

/** The one attribute node a SetAttribute, AddAttribute or ModifyAttribute value must be. */
export function oneAttributeOf(operation: string, f: AttributeFields): TtlvNode {
  const [node, ...rest] = encodeAttributeFields(f);
  if (node === undefined || rest.length > 0) throw new KmipError('Invalid_Field', `${operation}: give exactly one attribute, not ${rest.length + (node ? 1 : 0)}`);
  return node;
}

const referenceOf = (r: ReferenceInput): AttributeReference => (typeof r === 'string' ? { kind: 'standard', tag: r } : r);

/** Create. */
export const createRequest = (i: CreateInput): TtlvStructure =>
  encodeCreateRequest({ objectType: i.objectType ?? 'SymmetricKey', attributes: attributesOf(i.attributes) });

/** CreateKeyPair. */
export const createKeyPairRequest = (i: CreateKeyPairInput): TtlvStructure =>
  encodeCreateKeyPairRequest({ common: attributesOf(i.commonAttributes), privateKey: attributesOf(i.privateKeyAttributes), publicKey: attributesOf(i.publicKeyAttributes) });

/** Register. */
export const registerRequest = (i: RegisterInput): TtlvStructure => encodeRegisterRequest({ ...objectOf(i.object), attributes: attributesOf(i.attributes) });

/** Import. */
export const importRequest = (i: ImportInput): TtlvStructure =>
  encodeImportRequest({
    ...objectOf(i.object),
    uniqueIdentifier: i.uniqueIdentifier ?? '',
    replaceExisting: i.replaceExisting ?? false,
    keyWrapType: i.keyWrapType,
    attributes: attributesOf(i.attributes),
  });

/** Get or Export. */
export function getRequest(i: GetInput, tag: 'Get' | 'Export'): TtlvStructure {
  const w = i.wrapping;
  const wrapping: GetRequest['wrapping'] =
    w === undefined
      ? undefined
      : {
          wrappingMethod: 'Encrypt',
          encryptionKey: { uniqueIdentifier: w.wrappingKeyId, parameters: optParameters(w.cryptographicParameters) },
          attributeNames: [],
          encodingOption: w.encodingOption,
        };
  return encodeGetRequest({ uniqueIdentifier: i.uniqueIdentifier, keyFormatType: i.keyFormatType, keyWrapType: i.keyWrapType, wrapping }, tag);
}

/** GetAttributes. */
export const getAttributesRequest = (i: GetAttributesInput): TtlvStructure =>
  encodeGetAttributesRequest({ uniqueIdentifier: i.uniqueIdentifier, references: (i.references ?? []).map(referenceOf) });

/** ModifyAttribute. */
export const modifyAttributeRequest = (i: ModifyAttributeInput): TtlvStructure =>
  encodeModifyAttributeRequest({
    uniqueIdentifier: i.uniqueIdentifier,
    attribute: oneAttributeOf('ModifyAttribute', i.attribute),
    currentAttribute: i.current === undefined ? undefined : oneAttributeOf('ModifyAttribute', i.current),
  });

/** DeleteAttribute. */
export const deleteAttributeRequest = (i: DeleteAttributeInput): TtlvStructure =>
  encodeDeleteAttributeRequest({
    uniqueIdentifier: i.uniqueIdentifier,
    currentAttribute: i.attribute === undefined ? undefined : oneAttributeOf('DeleteAttribute', i.attribute),
    references: (i.references ?? []).map(referenceOf),
  });

/** DeriveKey. */
export function deriveKeyRequest(i: DeriveKeyInput): TtlvStructure {
  const p = i.parameters ?? {};
  return encodeDeriveKeyRequest({
    objectType: i.objectType ?? 'SymmetricKey',
    uniqueIdentifiers: i.uniqueIdentifiers,
    derivationMethod: i.derivationMethod,
    parameters: {
      cryptographicParameters: optParameters(p.cryptographicParameters),
      initializationVector: p.initializationVector,
      derivationData: p.derivationData,
      salt: p.salt,
      iterationCount: p.iterationCount,
    },
    attributes: attributesOf(i.attributes),
  });
}

/** ReKeyKeyPair. */
export const reKeyKeyPairRequest = (i: ReKeyKeyPairInput): TtlvStructure =>
  encodeReKeyKeyPairRequest({
    privateKeyUniqueIdentifier: i.privateKeyUniqueIdentifier,
    offsetMs: i.offsetMs,
    common: attributesOf(i.commonAttributes),
    privateKey: attributesOf(i.privateKeyAttributes),
    publicKey: attributesOf(i.publicKeyAttributes),
  });

/** Revoke. */
export const revokeRequest = (i: RevokeInput): TtlvStructure =>
  encodeRevokeRequest({
    uniqueIdentifier: i.uniqueIdentifier,
    reasonCode: i.reasonCode,
    message: i.message,
    compromiseOccurrenceDate: i.compromiseOccurrenceDate === undefined ? undefined : BigInt(i.compromiseOccurrenceDate.getTime()),
  });
