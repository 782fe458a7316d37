/**
 * Valid KMIP requests to mutate: one per operation (built with the client encoders, so every
 * decoder is reached), a Message batch, and the Cosmian request vectors.
 * @module
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeJsonTtlv } from '../../src/kmip/ttlv/json.js';
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { encodeKeyBlock } from '../../src/kmip/key-block.js';
import * as activate from '../../src/kmip/operations/activate.js';
import * as addAttribute from '../../src/kmip/operations/add-attribute.js';
import * as create from '../../src/kmip/operations/create.js';
import * as createKeyPair from '../../src/kmip/operations/create-key-pair.js';
import * as decrypt from '../../src/kmip/operations/decrypt.js';
import * as deleteAttribute from '../../src/kmip/operations/delete-attribute.js';
import * as deriveKey from '../../src/kmip/operations/derive-key.js';
import * as destroy from '../../src/kmip/operations/destroy.js';
import * as discoverVersions from '../../src/kmip/operations/discover-versions.js';
import * as encrypt from '../../src/kmip/operations/encrypt.js';
import * as exportOp from '../../src/kmip/operations/export.js';
import * as get from '../../src/kmip/operations/get.js';
import * as getAttributeList from '../../src/kmip/operations/get-attribute-list.js';
import * as getAttributes from '../../src/kmip/operations/get-attributes.js';
import * as hash from '../../src/kmip/operations/hash.js';
import * as importOp from '../../src/kmip/operations/import.js';
import * as locate from '../../src/kmip/operations/locate.js';
import * as mac from '../../src/kmip/operations/mac.js';
import * as macVerify from '../../src/kmip/operations/mac-verify.js';
import * as modifyAttribute from '../../src/kmip/operations/modify-attribute.js';
import * as query from '../../src/kmip/operations/query.js';
import * as reKey from '../../src/kmip/operations/re-key.js';
import * as register from '../../src/kmip/operations/register.js';
import * as revoke from '../../src/kmip/operations/revoke.js';
import * as rng from '../../src/kmip/operations/rng-retrieve.js';
import * as setAttribute from '../../src/kmip/operations/set-attribute.js';
import * as sign from '../../src/kmip/operations/sign.js';
import * as signatureVerify from '../../src/kmip/operations/signature-verify.js';
import * as keyBlock from '../../src/kmip/key-block.js';
import * as keyWrapping from '../../src/kmip/key-wrapping.js';
import * as cryptoParameters from '../../src/kmip/operations/cryptographic-parameters.js';
import * as certifyOp from '../../src/kmip/operations/certify.js';
import * as validateOp from '../../src/kmip/operations/validate.js';
import { batchRequest, tagAttribute } from '../helpers/kmip-requests.js';
import { repoRoot } from '../helpers/repo-root.js';
import { tagsOf, type Json } from './fuzz-mutate.js';
import type { CryptographicParameters } from '../../src/kmip/operations/cryptographic-parameters.js';
import type { OperationName } from '../../src/kmip/enums.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

// An id no database holds: requests built on it fail cleanly even when a mutation leaves them valid.
const ID = '00000000-f022-4c3a-9d8e-0d3c9b1f2a11';
const b = (...v: number[]): Uint8Array => new Uint8Array(v);
const PARAMS: CryptographicParameters = {
  blockCipherMode: 'GCM', paddingMethod: 'None', hashingAlgorithm: 'SHA256', digitalSignatureAlgorithm: 'RSASSAPSS', cryptographicAlgorithm: 'AES',
  maskGeneratorHashingAlgorithm: 'SHA384', randomIv: true, tagLength: 16n, ivLength: 12n, saltLength: 32n,
};
const ATTRS: TtlvNode[] = [
  enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 128), int('CryptographicUsageMask', 12),
  { tag: 'ActivationDate', type: 'DateTime', value: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) }, tagAttribute(['fuzz']),
  struct('Name', [text('NameValue', 'fuzz'), enumeration('NameType', 'UninterpretedTextString')]),
];
const OBJECT = struct('Object', [encodeKeyBlock({ keyFormatType: 'Raw', material: { kind: 'bytes', bytes: new Uint8Array(16).fill(7) }, cryptographicAlgorithm: 'AES', cryptographicLength: 128 })]);

/** One valid request per operation the server serves. */
export function operationSeeds(): TtlvNode[] {
  return [
    create.encodeCreateRequest({ objectType: 'SymmetricKey', attributes: ATTRS }),
    createKeyPair.encodeCreateKeyPairRequest({ common: [enumeration('CryptographicAlgorithm', 'EC'), enumeration('RecommendedCurve', 'P256')], privateKey: [int('CryptographicUsageMask', 1)], publicKey: [int('CryptographicUsageMask', 2)] }),
    register.encodeRegisterRequest({ objectType: 'SymmetricKey', attributes: ATTRS, object: OBJECT }),
    importOp.encodeImportRequest({ uniqueIdentifier: ID, objectType: 'SymmetricKey', replaceExisting: true, keyWrapType: 'NotWrapped', attributes: ATTRS, object: OBJECT }),
    get.encodeGetRequest({
      uniqueIdentifier: ID, keyFormatType: 'Raw', keyWrapType: 'AsRegistered',
      wrapping: { wrappingMethod: 'Encrypt', encryptionKey: { uniqueIdentifier: 'kek', parameters: PARAMS }, attributeNames: ['Name'], encodingOption: 'NoEncoding' },
    }),
    exportOp.encodeExportRequest({ uniqueIdentifier: ID, keyFormatType: 'PKCS8' }),
    getAttributes.encodeGetAttributesRequest({ uniqueIdentifier: ID, references: [{ kind: 'standard', tag: 'CryptographicLength' }, { kind: 'vendor', vendor: 'cosmian', name: 'tag' }] }),
    getAttributeList.encodeGetAttributeListRequest({ uniqueIdentifier: ID }),
    setAttribute.encodeSetAttributeRequest({ uniqueIdentifier: ID, attribute: text('Comment', 'kept') }),
    addAttribute.encodeAddAttributeRequest({ uniqueIdentifier: ID, attribute: text('ObjectGroup', 'g1') }),
    modifyAttribute.encodeModifyAttributeRequest({ uniqueIdentifier: ID, currentAttribute: text('ObjectGroup', 'g1'), attribute: text('ObjectGroup', 'g2') }),
    deleteAttribute.encodeDeleteAttributeRequest({ uniqueIdentifier: ID, currentAttribute: text('Comment', 'x'), references: [{ kind: 'standard', tag: 'Description' }] }),
    locate.encodeLocateRequest({ attributes: ATTRS, maximumItems: 10, offsetItems: 2 }),
    encrypt.encodeEncryptRequest({ uniqueIdentifier: ID, parameters: PARAMS, data: b(1, 2, 3), nonce: new Uint8Array(12), aad: b(5), correlationValue: b(6) }),
    decrypt.encodeDecryptRequest({ uniqueIdentifier: ID, parameters: PARAMS, data: b(1, 2, 3), nonce: new Uint8Array(12), tag: new Uint8Array(16), aad: b(5) }),
    sign.encodeSignRequest({ uniqueIdentifier: ID, parameters: PARAMS, input: { kind: 'data', data: b(1) }, correlationValue: b(2) }),
    signatureVerify.encodeSignatureVerifyRequest({ uniqueIdentifier: ID, parameters: PARAMS, input: { kind: 'digest', digest: new Uint8Array(32) }, signatureData: b(8) }),
    mac.encodeMacRequest({ uniqueIdentifier: ID, parameters: PARAMS, data: b(1), correlationValue: b(2) }),
    macVerify.encodeMacVerifyRequest({ uniqueIdentifier: ID, parameters: PARAMS, data: b(1), macData: b(2) }),
    hash.encodeHashRequest({ parameters: PARAMS, data: b(1, 2), correlationValue: b(3) }),
    rng.encodeRngRetrieveRequest({ dataLength: 32 }),
    deriveKey.encodeDeriveKeyRequest({
      objectType: 'SymmetricKey', uniqueIdentifiers: [ID], derivationMethod: 'HKDF',
      parameters: { cryptographicParameters: PARAMS, initializationVector: b(1), derivationData: b(2), salt: b(3), iterationCount: 1000 }, attributes: ATTRS,
    }),
    reKey.encodeReKeyRequest({ uniqueIdentifier: ID, offsetMs: 60_000, attributes: ATTRS }),
    reKey.encodeReKeyKeyPairRequest({ privateKeyUniqueIdentifier: ID, offsetMs: 0, common: ATTRS, privateKey: [], publicKey: [text('Comment', 'pub')] }),
    activate.encodeActivateRequest({ uniqueIdentifier: ID }),
    revoke.encodeRevokeRequest({ uniqueIdentifier: ID, reasonCode: 'KeyCompromise', message: 'leaked', compromiseOccurrenceDate: 1_700_000_000_000n }),
    destroy.encodeDestroyRequest({ uniqueIdentifier: ID }),
    query.encodeQueryRequest({ functions: ['QueryOperations', 'QueryObjects'] }),
    discoverVersions.encodeDiscoverVersionsRequest({ versions: [{ major: 2, minor: 1 }, { major: 1, minor: 4 }] }),
    certifyOp.encodeCertifyRequest({ uniqueIdentifier: ID, requestType: 'PKCS10', requestValue: b(0x30, 0), attributes: ATTRS }),
    validateOp.encodeValidateRequest({ certificates: [b(0x30, 0)], uniqueIdentifiers: [ID], validityTime: new Date(0) }),
  ];
}

/** A Message batch of a few operations, with batch item ids. */
export function batchSeed(): TtlvNode {
  const [first, second] = operationSeeds().filter((s) => s.tag === 'Encrypt' || s.tag === 'Locate');
  return batchRequest([
    { request: first ?? struct('Locate', []), batchItemId: b(1) },
    { request: second ?? struct('Locate', []), batchItemId: b(2) },
    { request: struct('Query', [enumeration('QueryFunction', 'QueryOperations')]) },
    { request: struct('Get', [text('UniqueIdentifier', ID), bytes('Unknown', b(9))]), operation: 'Get' },
  ]);
}

/** The request vectors of test/fixtures, as JSON text. */
export function vectorSeeds(): string[] {
  const dir = path.join(repoRoot(), 'test', 'fixtures', 'vectors');
  return fs.readdirSync(dir).map((op) => path.join(dir, op, 'request.json')).filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8'));
}

/** Every seed as compact JSON TTLV text, and the tags they use. */
export interface Corpus {
  readonly seeds: readonly string[];
  readonly tags: readonly string[];
}

/** The whole corpus. */
export function corpus(): Corpus {
  const seeds = [...operationSeeds(), batchSeed()].map((n) => encodeJsonTtlv(n));
  for (const v of vectorSeeds()) seeds.push(JSON.stringify(JSON.parse(v)));
  const tags = new Set<string>();
  for (const s of seeds) tagsOf(JSON.parse(s) as Json, tags);
  return { seeds, tags: [...tags].sort() };
}

/** A decoder of one TTLV structure. */
export type StructureDecoder = (s: TtlvStructure) => unknown;

const BY_OPERATION: Readonly<Record<OperationName, StructureDecoder>> = {
  Create: create.decodeCreate, Import: importOp.decodeImport, Get: get.decodeGet, Export: exportOp.decodeExport,
  GetAttributes: getAttributes.decodeGetAttributes, SetAttribute: setAttribute.decodeSetAttribute,
  DeleteAttribute: deleteAttribute.decodeDeleteAttribute, Locate: locate.decodeLocate, Encrypt: encrypt.decodeEncrypt,
  Decrypt: decrypt.decodeDecrypt, Revoke: revoke.decodeRevoke, Destroy: destroy.decodeDestroy, Activate: activate.decodeActivate,
  ReKey: reKey.decodeReKey, ReKeyKeyPair: reKey.decodeReKeyKeyPair, Register: register.decodeRegister,
  CreateKeyPair: createKeyPair.decodeCreateKeyPair, Sign: sign.decodeSign, SignatureVerify: signatureVerify.decodeSignatureVerify,
  DeriveKey: deriveKey.decodeDeriveKey, AddAttribute: addAttribute.decodeAddAttribute, ModifyAttribute: modifyAttribute.decodeModifyAttribute,
  GetAttributeList: getAttributeList.decodeGetAttributeList, Hash: hash.decodeHash, RNGRetrieve: rng.decodeRngRetrieve, MAC: mac.decodeMac,
  MACVerify: macVerify.decodeMacVerify, Query: query.decodeQuery, DiscoverVersions: discoverVersions.decodeDiscoverVersions,
  Certify: certifyOp.decodeCertify, Validate: validateOp.decodeValidate,
};

/** The server's request decoder of each operation, by operation name. */
export const REQUEST_DECODERS: ReadonlyMap<string, StructureDecoder> = new Map(Object.entries(BY_OPERATION));

const MODULES: readonly object[] = [
  activate, addAttribute, create, createKeyPair, decrypt, deleteAttribute, deriveKey, destroy, discoverVersions, encrypt, exportOp, get,
  getAttributeList, getAttributes, hash, importOp, locate, mac, macVerify, modifyAttribute, query, reKey, register, revoke, rng,
  setAttribute, sign, signatureVerify, keyBlock, keyWrapping, cryptoParameters, certifyOp, validateOp,
];

/** Every one-argument `decode*` export of the KMIP codecs: request and response decoders and their parts. */
export const DECODERS: readonly StructureDecoder[] = MODULES.flatMap((m) => Object.entries(m))
  .filter((e): e is [string, StructureDecoder] => e[0].startsWith('decode') && typeof e[1] === 'function' && (e[1] as (...a: unknown[]) => unknown).length === 1)
  .map((e) => e[1]);
