/**
 * The enumeration table: per tag, names and values are one to one; the names are the ones our code
 * compares against (enums.ts, RESULT_REASONS); the values are the KMIP specifications'.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  BLOCK_CIPHER_MODES, CRYPTOGRAPHIC_ALGORITHMS, DERIVATION_METHODS, DIGITAL_SIGNATURE_ALGORITHMS, ENCODING_OPTIONS,
  HASHING_ALGORITHMS, KEY_FORMAT_TYPES, KEY_WRAP_TYPES, LINK_TYPES, MASK_GENERATORS, OBJECT_STATES, OBJECT_TYPES, OPERATIONS,
  PADDING_METHODS, RECOMMENDED_CURVES, REVOCATION_REASON_CODES, SECRET_DATA_TYPES, WRAPPING_METHODS,
} from '../../../../src/kmip/enums.js';
import { RESULT_REASONS } from '../../../../src/kmip/kmip-error.js';
import { enumNameOf, enumValueOf, namedEnumerationTags } from '../../../../src/kmip/ttlv/enum-table.js';
import { tagNumberOf } from '../../../../src/kmip/ttlv/tag-table.js';

/** Cosmian's vendor extensions: names our JSON path knows whose numbers the KMIP specifications do not define. */
const VENDOR_ONLY: Readonly<Record<string, readonly string[]>> = {
  CryptographicAlgorithm: ['CoverCrypt', 'CoverCryptBulk'],
  KeyFormatType: ['Pkcs12Legacy', 'PKCS7', 'CoverCryptSecretKey', 'CoverCryptPublicKey'],
  BlockCipherMode: ['X9102AKW', 'X9102ANSI', 'GCMSIV'],
  RecommendedCurve: ['CURVEED25519', 'CURVEED448'],
  SecretDataType: ['FunctionalKey', 'FunctionalKeyShare'],
};

const OUR_NAMES: Readonly<Record<string, readonly string[]>> = {
  Operation: OPERATIONS,
  ResultReason: RESULT_REASONS,
  ObjectType: OBJECT_TYPES,
  CryptographicAlgorithm: CRYPTOGRAPHIC_ALGORITHMS,
  KeyFormatType: KEY_FORMAT_TYPES,
  BlockCipherMode: BLOCK_CIPHER_MODES,
  KeyWrapType: KEY_WRAP_TYPES,
  RevocationReasonCode: REVOCATION_REASON_CODES,
  RecommendedCurve: RECOMMENDED_CURVES,
  PaddingMethod: PADDING_METHODS,
  HashingAlgorithm: HASHING_ALGORITHMS,
  DigitalSignatureAlgorithm: DIGITAL_SIGNATURE_ALGORITHMS,
  MaskGenerator: MASK_GENERATORS,
  WrappingMethod: WRAPPING_METHODS,
  EncodingOption: ENCODING_OPTIONS,
  SecretDataType: SECRET_DATA_TYPES,
  DerivationMethod: DERIVATION_METHODS,
  LinkType: LINK_TYPES,
  State: OBJECT_STATES,
};

describe('KMIP enumeration table', () => {
  it('maps names and values one to one under every tag, and only under KMIP tags', () => {
    for (const tag of namedEnumerationTags()) {
      assert.notEqual(tagNumberOf(tag), undefined, `${tag} is not a tag`);
      if (tag === 'AttributeReference') continue;
      const seen = new Map<string, number>();
      for (let v = 0; v <= 0x400; v++) {
        const name = enumNameOf(tag, v);
        if (name === undefined) continue;
        assert.ok(!seen.has(name), `${tag}: ${name} names both ${seen.get(name)} and ${v}`);
        seen.set(name, v);
        assert.equal(enumValueOf(tag, name), v, `${tag}.${name}`);
      }
      assert.ok(seen.size > 0, `${tag} has no names`);
    }
  });

  it('knows every name our code compares against, except the vendor extensions', () => {
    for (const [tag, names] of Object.entries(OUR_NAMES)) {
      const vendor = VENDOR_ONLY[tag] ?? [];
      for (const name of names) {
        const value = enumValueOf(tag, name);
        if (vendor.includes(name)) assert.equal(value, undefined, `${tag}.${name} is a vendor value`);
        else assert.notEqual(value, undefined, `${tag}.${name}`);
      }
    }
  });

  it('has the values of the KMIP specifications', () => {
    const expected: [string, string, number][] = [
      ['Operation', 'Create', 1], ['Operation', 'Get', 0x0a], ['Operation', 'ReKey', 4], ['Operation', 'Query', 0x18],
      ['Operation', 'DiscoverVersions', 0x1e], ['Operation', 'MAC', 0x23], ['Operation', 'RNGRetrieve', 0x25],
      ['Operation', 'Import', 0x2a], ['Operation', 'SetAttribute', 0x31], ['ResultStatus', 'Success', 0],
      ['ResultStatus', 'OperationFailed', 1], ['ResultReason', 'Item_Not_Found', 1], ['ResultReason', 'Invalid_Message', 4],
      ['ResultReason', 'Codec_Error', 0x26], ['ResultReason', 'Illegal_Object_Type', 0x28],
      ['ResultReason', 'Wrong_Key_Lifecycle_State', 0x43], ['ResultReason', 'General_Failure', 0x100],
      ['ObjectType', 'SymmetricKey', 2], ['ObjectType', 'OpaqueObject', 8], ['ObjectType', 'CertificateRequest', 0x0a],
      ['CryptographicAlgorithm', 'AES', 3], ['CryptographicAlgorithm', 'HMACSHA256', 9], ['CryptographicAlgorithm', 'Ed25519', 0x37],
      ['KeyFormatType', 'Raw', 1], ['KeyFormatType', 'PKCS8', 4], ['KeyFormatType', 'TransparentECPrivateKey', 0x14],
      ['KeyFormatType', 'PKCS12', 0x16], ['State', 'PreActive', 1], ['State', 'Destroyed_Compromised', 6],
      ['NameType', 'UninterpretedTextString', 1], ['LinkType', 'CertificateLink', 0x101], ['LinkType', 'WrappingKeyLink', 0x10e],
      ['PaddingMethod', 'PKCS1v15', 8], ['HashingAlgorithm', 'SHA256', 6], ['MaskGeneratorHashingAlgorithm', 'SHA256', 6],
      ['RecommendedCurve', 'P256', 7], ['RecommendedCurve', 'CURVE25519', 0x45], ['QueryFunction', 'QueryServerInformation', 3],
      ['CredentialType', 'UsernameAndPassword', 1], ['RevocationReasonCode', 'CessationOfOperation', 6],
      ['ValidityIndicator', 'Valid', 1], ['BlockCipherMode', 'GCM', 9], ['DerivationMethod', 'PBKDF2', 1],
    ];
    for (const [tag, name, value] of expected) {
      assert.equal(enumValueOf(tag, name), value, `${tag}.${name}`);
      assert.equal(enumNameOf(tag, value), name, `${tag} ${value}`);
    }
  });

  it('leaves reserved and extension values unnamed', () => {
    assert.equal(enumNameOf('ResultReason', 0x27), undefined);
    assert.equal(enumNameOf('ResultReason', 0x101), undefined);
    assert.equal(enumNameOf('ObjectType', 0), undefined);
    assert.equal(enumNameOf('CryptographicAlgorithm', 0x80000001), undefined);
    assert.equal(enumNameOf('NoSuchTag', 1), undefined);
    assert.equal(enumValueOf('ObjectType', 'NoSuchType'), undefined);
    assert.equal(enumValueOf('ObjectType', ''), undefined);
    assert.equal(enumValueOf('NoSuchTag', 'Create'), undefined);
  });

  it('maps AttributeReference values to tag names through the tag table', () => {
    assert.equal(enumNameOf('AttributeReference', 0x420094), 'UniqueIdentifier');
    assert.equal(enumNameOf('AttributeReference', 0x42002c), 'CryptographicUsageMask');
    assert.equal(enumValueOf('AttributeReference', 'Name'), 0x420053);
    assert.equal(enumValueOf('AttributeReference', 'CRTCoefficient'), 0x420027);
    assert.equal(enumNameOf('AttributeReference', 0x540001), undefined);
    assert.equal(enumValueOf('AttributeReference', 'NoSuchTag'), undefined);
    assert.equal(enumValueOf('AttributeReference', '0x420094'), undefined);
  });
});
