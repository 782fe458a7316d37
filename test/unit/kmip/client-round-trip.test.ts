/**
 * The client halves of every operation codec against the server halves, through JSON TTLV: what
 * a client encodes the server decodes unchanged, and what the server encodes a client decodes
 * unchanged; response decoders refuse a wrong root tag and a missing required field.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { encodeKeyBlock } from '../../../src/kmip/key-block.js';
import * as activate from '../../../src/kmip/operations/activate.js';
import * as addAttribute from '../../../src/kmip/operations/add-attribute.js';
import * as create from '../../../src/kmip/operations/create.js';
import * as createKeyPair from '../../../src/kmip/operations/create-key-pair.js';
import * as decrypt from '../../../src/kmip/operations/decrypt.js';
import * as deleteAttribute from '../../../src/kmip/operations/delete-attribute.js';
import * as deriveKey from '../../../src/kmip/operations/derive-key.js';
import * as destroy from '../../../src/kmip/operations/destroy.js';
import * as discoverVersions from '../../../src/kmip/operations/discover-versions.js';
import * as certify from '../../../src/kmip/operations/certify.js';
import * as validate from '../../../src/kmip/operations/validate.js';
import * as encrypt from '../../../src/kmip/operations/encrypt.js';
import * as exportOp from '../../../src/kmip/operations/export.js';
import * as get from '../../../src/kmip/operations/get.js';
import * as getAttributeList from '../../../src/kmip/operations/get-attribute-list.js';
import * as getAttributes from '../../../src/kmip/operations/get-attributes.js';
import * as hash from '../../../src/kmip/operations/hash.js';
import * as importOp from '../../../src/kmip/operations/import.js';
import * as locate from '../../../src/kmip/operations/locate.js';
import * as mac from '../../../src/kmip/operations/mac.js';
import * as macVerify from '../../../src/kmip/operations/mac-verify.js';
import * as modifyAttribute from '../../../src/kmip/operations/modify-attribute.js';
import * as query from '../../../src/kmip/operations/query.js';
import * as reKey from '../../../src/kmip/operations/re-key.js';
import * as register from '../../../src/kmip/operations/register.js';
import * as revoke from '../../../src/kmip/operations/revoke.js';
import * as rng from '../../../src/kmip/operations/rng-retrieve.js';
import * as setAttribute from '../../../src/kmip/operations/set-attribute.js';
import * as sign from '../../../src/kmip/operations/sign.js';
import * as signatureVerify from '../../../src/kmip/operations/signature-verify.js';
import type { CryptographicParameters } from '../../../src/kmip/operations/cryptographic-parameters.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

/** A node through JSON TTLV text and back, as it crosses the wire. */
function wire(n: TtlvNode): TtlvStructure {
  const back = parseJsonTtlv(encodeJsonTtlv(n));
  assert.equal(back.type, 'Structure');
  return back;
}

const ID = '6f1f0c9e-4a53-4a70-9d8e-0d3c9b1f2a11';
const b = (...v: number[]): Uint8Array => new Uint8Array(v);
const PARAMS: CryptographicParameters = {
  blockCipherMode: 'GCM', paddingMethod: 'None', hashingAlgorithm: 'SHA256', digitalSignatureAlgorithm: 'RSASSAPSS', cryptographicAlgorithm: 'AES',
  maskGeneratorHashingAlgorithm: 'SHA384', randomIv: true, tagLength: 16n, ivLength: 12n, saltLength: 32n,
};
const ATTRS: TtlvNode[] = [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 128)];
const OBJECT = struct('Object', [encodeKeyBlock({ keyFormatType: 'Raw', material: { kind: 'bytes', bytes: b(...Array<number>(16).fill(7)) }, cryptographicAlgorithm: 'AES', cryptographicLength: 128 })]);

interface RequestCase {
  readonly name: string;
  readonly tag: string;
  readonly value: unknown;
  readonly run: () => { sent: TtlvStructure; decoded: unknown };
}

/** One request case: the client encoder's output, decoded by the server's decoder. */
function req<T>(name: string, tag: string, value: T, encode: (r: T) => TtlvStructure, decode: (s: TtlvStructure) => unknown): RequestCase {
  return { name, tag, value, run: () => { const sent = encode(value); return { sent, decoded: decode(wire(sent)) }; } };
}

const REQUESTS: readonly RequestCase[] = [
  req('Create', 'Create', { objectType: 'SymmetricKey' as const, attributes: ATTRS }, create.encodeCreateRequest, create.decodeCreate),
  req('CreateKeyPair', 'CreateKeyPair', { common: ATTRS, privateKey: [int('CryptographicUsageMask', 1)], publicKey: [int('CryptographicUsageMask', 2)] },
    createKeyPair.encodeCreateKeyPairRequest, createKeyPair.decodeCreateKeyPair),
  req('Register', 'Register', { objectType: 'SymmetricKey' as const, attributes: ATTRS, object: OBJECT }, register.encodeRegisterRequest, register.decodeRegister),
  req('Import', 'Import', { uniqueIdentifier: ID, objectType: 'SymmetricKey' as const, replaceExisting: true, keyWrapType: 'NotWrapped' as const, attributes: ATTRS, object: OBJECT },
    importOp.encodeImportRequest, importOp.decodeImport),
  req('Get with wrapping', 'Get', {
    uniqueIdentifier: ID, keyFormatType: 'Raw' as const, keyWrapType: 'AsRegistered' as const,
    wrapping: { wrappingMethod: 'Encrypt' as const, encryptionKey: { uniqueIdentifier: 'kek', parameters: PARAMS }, attributeNames: ['Name'], encodingOption: 'NoEncoding' as const },
  }, (r) => get.encodeGetRequest(r), get.decodeGet),
  req('Export', 'Export', { uniqueIdentifier: ID, keyFormatType: 'PKCS8' as const, keyWrapType: undefined, wrapping: undefined }, exportOp.encodeExportRequest, exportOp.decodeExport),
  req('GetAttributes', 'GetAttributes', { uniqueIdentifier: ID, references: [{ kind: 'standard' as const, tag: 'CryptographicLength' }, { kind: 'vendor' as const, vendor: 'cosmian', name: 'tag' }] },
    getAttributes.encodeGetAttributesRequest, getAttributes.decodeGetAttributes),
  req('GetAttributeList', 'GetAttributeList', { uniqueIdentifier: ID }, getAttributeList.encodeGetAttributeListRequest, getAttributeList.decodeGetAttributeList),
  req('SetAttribute', 'SetAttribute', { uniqueIdentifier: ID, attribute: text('Comment', 'kept') }, setAttribute.encodeSetAttributeRequest, setAttribute.decodeSetAttribute),
  req('AddAttribute', 'AddAttribute', { uniqueIdentifier: ID, attribute: text('ObjectGroup', 'g1') }, addAttribute.encodeAddAttributeRequest, addAttribute.decodeAddAttribute),
  req('ModifyAttribute', 'ModifyAttribute', { uniqueIdentifier: ID, currentAttribute: text('ObjectGroup', 'g1'), attribute: text('ObjectGroup', 'g2') },
    modifyAttribute.encodeModifyAttributeRequest, modifyAttribute.decodeModifyAttribute),
  req('DeleteAttribute', 'DeleteAttribute', { uniqueIdentifier: ID, currentAttribute: text('Comment', 'x'), references: [{ kind: 'standard' as const, tag: 'Description' }] },
    deleteAttribute.encodeDeleteAttributeRequest, deleteAttribute.decodeDeleteAttribute),
  req('Locate', 'Locate', { attributes: ATTRS, maximumItems: 10, offsetItems: 2 }, locate.encodeLocateRequest, locate.decodeLocate),
  req('Encrypt', 'Encrypt', { uniqueIdentifier: ID, parameters: PARAMS, data: b(1, 2, 3), nonce: b(4), aad: b(5), correlationValue: b(6) }, encrypt.encodeEncryptRequest, encrypt.decodeEncrypt),
  req('Decrypt', 'Decrypt', { uniqueIdentifier: ID, parameters: PARAMS, data: b(1, 2, 3), nonce: b(4), tag: b(9, 9), aad: b(5), correlationValue: b(6) }, decrypt.encodeDecryptRequest, decrypt.decodeDecrypt),
  req('Sign over data', 'Sign', { uniqueIdentifier: ID, parameters: PARAMS, input: { kind: 'data' as const, data: b(1) }, correlationValue: b(2) }, sign.encodeSignRequest, sign.decodeSign),
  req('Sign over a digest', 'Sign', { uniqueIdentifier: ID, parameters: undefined, input: { kind: 'digest' as const, digest: b(3) }, correlationValue: undefined }, sign.encodeSignRequest, sign.decodeSign),
  req('SignatureVerify', 'SignatureVerify', { uniqueIdentifier: ID, parameters: PARAMS, input: { kind: 'digest' as const, digest: b(3) }, signatureData: b(8), correlationValue: b(2) },
    signatureVerify.encodeSignatureVerifyRequest, signatureVerify.decodeSignatureVerify),
  req('MAC', 'MAC', { uniqueIdentifier: ID, parameters: PARAMS, data: b(1), correlationValue: b(2) }, mac.encodeMacRequest, mac.decodeMac),
  req('MACVerify', 'MACVerify', { uniqueIdentifier: ID, parameters: PARAMS, data: b(1), macData: b(2) }, macVerify.encodeMacVerifyRequest, macVerify.decodeMacVerify),
  req('Hash', 'Hash', { parameters: PARAMS, data: b(1, 2), correlationValue: b(3) }, hash.encodeHashRequest, hash.decodeHash),
  req('RNGRetrieve', 'RNGRetrieve', { dataLength: 32 }, rng.encodeRngRetrieveRequest, rng.decodeRngRetrieve),
  req('DeriveKey', 'DeriveKey', {
    objectType: 'SymmetricKey' as const, uniqueIdentifiers: ['a', 'b'], derivationMethod: 'HKDF' as const,
    parameters: { cryptographicParameters: PARAMS, initializationVector: b(1), derivationData: b(2), salt: b(3), iterationCount: 1000 }, attributes: ATTRS,
  }, deriveKey.encodeDeriveKeyRequest, deriveKey.decodeDeriveKey),
  req('ReKey', 'ReKey', { uniqueIdentifier: ID, offsetMs: 60_000, attributes: ATTRS }, reKey.encodeReKeyRequest, reKey.decodeReKey),
  req('ReKeyKeyPair', 'ReKeyKeyPair', { privateKeyUniqueIdentifier: ID, offsetMs: 0, common: ATTRS, privateKey: [], publicKey: [text('Comment', 'pub')] },
    reKey.encodeReKeyKeyPairRequest, reKey.decodeReKeyKeyPair),
  req('Activate', 'Activate', { uniqueIdentifier: ID }, activate.encodeActivateRequest, activate.decodeActivate),
  req('Revoke with a reason code', 'Revoke', { uniqueIdentifier: ID, reasonCode: 'KeyCompromise' as const, message: 'leaked', compromiseOccurrenceDate: 1_700_000_000_000n },
    revoke.encodeRevokeRequest, revoke.decodeRevoke),
  req('Revoke with a free-text reason', 'Revoke', { uniqueIdentifier: ID, reasonCode: undefined, message: 'retired', compromiseOccurrenceDate: undefined },
    revoke.encodeRevokeRequest, revoke.decodeRevoke),
  req('Destroy', 'Destroy', { uniqueIdentifier: ID }, destroy.encodeDestroyRequest, destroy.decodeDestroy),
  req('Query', 'Query', { functions: ['QueryOperations', 'QueryObjects'] as const }, query.encodeQueryRequest, query.decodeQuery),
  req('DiscoverVersions', 'DiscoverVersions', { versions: [{ major: 2, minor: 1 }, { major: 1, minor: 4 }] }, discoverVersions.encodeDiscoverVersionsRequest, discoverVersions.decodeDiscoverVersions),
  req('Certify', 'Certify', { uniqueIdentifier: ID, requestType: 'PKCS10' as const, requestValue: b(0x30, 0), attributes: ATTRS }, certify.encodeCertifyRequest, certify.decodeCertify),
  req('Validate', 'Validate', { certificates: [b(0x30, 1), b(0x30, 2)], uniqueIdentifiers: [ID, 'b'], validityTime: new Date(1_700_000_000_000) }, validate.encodeValidateRequest, validate.decodeValidate),
];

interface ResponseCase {
  readonly name: string;
  readonly value: unknown;
  readonly node: TtlvNode;
  readonly decode: (s: TtlvStructure) => unknown;
  /** A field the decoder must insist on. */
  readonly required: string;
}

const res = <T>(name: string, value: T, node: TtlvNode, decode: (s: TtlvStructure) => T, required = 'UniqueIdentifier'): ResponseCase => ({ name, value, node, decode, required });
const uid = { uniqueIdentifier: ID };
const REFS = [{ kind: 'standard' as const, tag: 'State' }, { kind: 'vendor' as const, vendor: 'cosmian', name: 'tag' }];

const RESPONSES: readonly ResponseCase[] = [
  res('Create', { objectType: 'SymmetricKey' as const, uniqueIdentifier: ID }, create.encodeCreateResponse({ objectType: 'SymmetricKey', uniqueIdentifier: ID }), create.decodeCreateResponse),
  res('CreateKeyPair', { privateKeyUniqueIdentifier: 'sk', publicKeyUniqueIdentifier: 'pk' },
    createKeyPair.encodeCreateKeyPairResponse({ privateKeyUniqueIdentifier: 'sk', publicKeyUniqueIdentifier: 'pk' }), createKeyPair.decodeCreateKeyPairResponse, 'PublicKeyUniqueIdentifier'),
  res('Register', uid, register.encodeRegisterResponse(ID), register.decodeRegisterResponse),
  res('Import', uid, importOp.encodeImportResponse(ID), importOp.decodeImportResponse),
  res('Get', { objectType: 'SymmetricKey' as const, uniqueIdentifier: ID, object: OBJECT.value },
    get.encodeGetResponse({ objectType: 'SymmetricKey', uniqueIdentifier: ID, object: OBJECT.value }), (s) => get.decodeGetResponse(s), 'Object'),
  res('Export', { objectType: 'SymmetricKey' as const, uniqueIdentifier: ID, attributes: ATTRS, object: OBJECT.value },
    exportOp.encodeExportResponse({ objectType: 'SymmetricKey', uniqueIdentifier: ID, attributes: ATTRS, object: OBJECT.value }), exportOp.decodeExportResponse, 'Attributes'),
  res('GetAttributes', { uniqueIdentifier: ID, attributes: ATTRS }, getAttributes.encodeGetAttributesResponse(ID, ATTRS), getAttributes.decodeGetAttributesResponse, 'Attributes'),
  res('GetAttributeList', { uniqueIdentifier: ID, references: REFS }, getAttributeList.encodeGetAttributeListResponse(ID, REFS), getAttributeList.decodeGetAttributeListResponse),
  res('SetAttribute', uid, setAttribute.encodeSetAttributeResponse(ID), setAttribute.decodeSetAttributeResponse),
  res('AddAttribute', uid, addAttribute.encodeAddAttributeResponse(ID), addAttribute.decodeAddAttributeResponse),
  res('ModifyAttribute', uid, modifyAttribute.encodeModifyAttributeResponse(ID), modifyAttribute.decodeModifyAttributeResponse),
  res('DeleteAttribute', uid, deleteAttribute.encodeDeleteAttributeResponse(ID), deleteAttribute.decodeDeleteAttributeResponse),
  res('Locate', { locatedItems: 3, uniqueIdentifiers: ['a', 'b'] }, locate.encodeLocateResponse(3, ['a', 'b']), locate.decodeLocateResponse, 'none'),
  res('Encrypt', { uniqueIdentifier: ID, data: b(1), nonce: b(2), tag: b(3), correlationValue: b(4) },
    encrypt.encodeEncryptResponse({ uniqueIdentifier: ID, data: b(1), nonce: b(2), tag: b(3), correlationValue: b(4) }), encrypt.decodeEncryptResponse, 'Data'),
  res('Decrypt', { uniqueIdentifier: ID, data: b(1), correlationValue: undefined }, decrypt.encodeDecryptResponse(ID, b(1), undefined), decrypt.decodeDecryptResponse, 'Data'),
  res('Sign', { uniqueIdentifier: ID, signatureData: b(5), correlationValue: b(6) },
    sign.encodeSignResponse({ uniqueIdentifier: ID, signatureData: b(5), correlationValue: b(6) }), sign.decodeSignResponse, 'SignatureData'),
  res('SignatureVerify', { uniqueIdentifier: ID, validity: 'Invalid' as const, correlationValue: undefined },
    signatureVerify.encodeSignatureVerifyResponse({ uniqueIdentifier: ID, validity: 'Invalid', correlationValue: undefined }), signatureVerify.decodeSignatureVerifyResponse, 'ValidityIndicator'),
  res('MAC', { uniqueIdentifier: ID, macData: b(7), correlationValue: undefined }, mac.encodeMacResponse({ uniqueIdentifier: ID, macData: b(7), correlationValue: undefined }), mac.decodeMacResponse, 'MACData'),
  res('MACVerify', { uniqueIdentifier: ID, validity: 'Valid' as const }, macVerify.encodeMacVerifyResponse({ uniqueIdentifier: ID, validity: 'Valid' }), macVerify.decodeMacVerifyResponse, 'ValidityIndicator'),
  res('Hash', { data: b(8), correlationValue: b(9) }, hash.encodeHashResponse({ data: b(8), correlationValue: b(9) }), hash.decodeHashResponse, 'Data'),
  res('RNGRetrieve', { data: b(1, 2, 3) }, rng.encodeRngRetrieveResponse(b(1, 2, 3)), rng.decodeRngRetrieveResponse, 'Data'),
  res('DeriveKey', uid, deriveKey.encodeDeriveKeyResponse(uid), deriveKey.decodeDeriveKeyResponse),
  res('ReKey', uid, reKey.encodeReKeyResponse(ID), reKey.decodeReKeyResponse),
  res('ReKeyKeyPair', { privateKeyUniqueIdentifier: 'sk2', publicKeyUniqueIdentifier: 'pk2' }, reKey.encodeReKeyKeyPairResponse('sk2', 'pk2'), reKey.decodeReKeyKeyPairResponse, 'PrivateKeyUniqueIdentifier'),
  res('Activate', uid, activate.encodeActivateResponse(ID), activate.decodeActivateResponse),
  res('Revoke', uid, revoke.encodeRevokeResponse(ID), revoke.decodeRevokeResponse),
  res('Destroy', uid, destroy.encodeDestroyResponse(ID), destroy.decodeDestroyResponse),
  res('Query', { operations: ['Create', 'Get'], objectTypes: ['SymmetricKey' as const], vendorIdentification: 'actor-kms' },
    query.encodeQueryResponse({ operations: ['Create', 'Get'], objectTypes: ['SymmetricKey'], vendorIdentification: 'actor-kms' }), query.decodeQueryResponse, 'none'),
  res('DiscoverVersions', { versions: [{ major: 2, minor: 1 }] }, discoverVersions.encodeDiscoverVersionsResponse([{ major: 2, minor: 1 }]), discoverVersions.decodeDiscoverVersionsResponse, 'none'),
  res('Certify', uid, certify.encodeCertifyResponse(ID), certify.decodeCertifyResponse),
  res('Validate', { validityIndicator: 'Unknown' as const }, validate.encodeValidateResponse('Unknown'), validate.decodeValidateResponse, 'ValidityIndicator'),
];

const isInvalidMessage = (e: unknown): boolean => e instanceof KmipError && e.reason === 'Invalid_Message';

describe('client request encoders against the server decoders', () => {
  for (const c of REQUESTS) {
    it(`${c.name}: the server decodes exactly what the client meant, under the ${c.tag} root tag`, () => {
      const { sent, decoded } = c.run();
      assert.equal(sent.tag, c.tag);
      assert.deepStrictEqual(decoded, c.value);
    });
  }

  it('covers every operation the server serves', async () => {
    const { OPERATIONS } = await import('../../../src/kmip/enums.js');
    assert.deepEqual(new Set(REQUESTS.map((c) => c.tag)), new Set(OPERATIONS));
  });

  it('refuses a ReKey offset that is not whole seconds', () => {
    assert.throws(() => reKey.encodeReKeyRequest({ uniqueIdentifier: ID, offsetMs: 1500, attributes: [] }), (e: unknown) => e instanceof KmipError && e.reason === 'Invalid_Field');
  });
});

describe('client response decoders against the server encoders', () => {
  for (const c of RESPONSES) {
    it(`${c.name}: decodes the server's response unchanged`, () => {
      assert.deepStrictEqual(c.decode(wire(c.node)), c.value);
    });

    it(`${c.name}: refuses another operation's response`, () => {
      const node = wire(c.node);
      assert.throws(() => c.decode({ ...node, tag: 'SomethingElseResponse' }), isInvalidMessage);
    });

    if (c.required !== 'none') {
      it(`${c.name}: refuses a response without ${c.required}`, () => {
        const node = wire(c.node);
        assert.ok(node.value.some((n) => n.tag === c.required), `the fixture has ${c.required}`);
        assert.throws(() => c.decode({ ...node, value: node.value.filter((n) => n.tag !== c.required) }), isInvalidMessage);
      });
    }
  }

  it('covers every operation the server serves', async () => {
    const { OPERATIONS } = await import('../../../src/kmip/enums.js');
    assert.deepEqual(new Set(RESPONSES.map((c) => c.name)), new Set(OPERATIONS));
  });

  it('reads a Locate response without matches as no identifiers', () => {
    assert.deepStrictEqual(locate.decodeLocateResponse(wire(locate.encodeLocateResponse(0, []))), { locatedItems: 0, uniqueIdentifiers: [] });
  });

  it('refuses a validity indicator given as anything but a known name', () => {
    const node = struct('MACVerifyResponse', [text('UniqueIdentifier', ID), enumeration('ValidityIndicator', 'Maybe')]);
    assert.throws(() => macVerify.decodeMacVerifyResponse(node), KmipError);
    assert.throws(() => macVerify.decodeMacVerifyResponse(struct('MACVerifyResponse', [text('UniqueIdentifier', ID), bytes('ValidityIndicator', b(1))])), isInvalidMessage);
  });
});
