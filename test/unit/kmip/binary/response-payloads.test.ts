/**
 * Internal (KMIP 2.1) response payloads reshaped for 1.x and 2.0 clients: only the fields and
 * attributes those versions define, in the encoding they read.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, enumeration, int, list, long, struct, text } from '../../../../src/kmip/ttlv/build.js';
import { toVersionResponse } from '../../../../src/kmip/binary/response-payloads.js';
import { resultReasonNumber } from '../../../../src/kmip/binary/result-reasons.js';
import { enumValueOf } from '../../../../src/kmip/ttlv/enum-table.js';
import type { TtlvNode, TtlvStructure } from '../../../../src/kmip/ttlv/node.js';

const noRequest: TtlvStructure = struct('X', []);
const tags = (s: TtlvStructure): string[] => s.value.map((c) => c.tag);

function attributeNamed(s: TtlvStructure, name: string): TtlvNode | undefined {
  const a = s.value.find((c) => c.type === 'Structure' && c.value.some((x) => x.tag === 'AttributeName' && x.value === name));
  return a?.type === 'Structure' ? a.value.find((x) => x.tag === 'AttributeValue') : undefined;
}

const storedAttributes = [
  enumeration('CryptographicAlgorithm', 'AES'),
  int('CryptographicLength', 256),
  enumeration('State', 'PreActive'),
  long('InitialDate', 1_700_000_000_000n),
  text('OperationPolicyName', 'default'),
  struct('Link', [enumeration('LinkType', 'PublicKeyLink'), text('LinkedObjectIdentifier', '2')]),
  struct('VendorAttributes', [text('VendorIdentification', 'cosmian'), text('AttributeName', 'tag'), bytes('AttributeValue', new Uint8Array(1))]),
];
const getAttributesResponse = struct('GetAttributesResponse', [text('UniqueIdentifier', '1'), struct('Attributes', storedAttributes)]);

describe('GetAttributes responses', () => {
  it('are Attribute Name/Value structures at 1.x, enumerations as numbers, dates as DateTime', () => {
    const out = toVersionResponse('GetAttributes', getAttributesResponse, 12, noRequest);
    assert.equal(out.tag, 'ResponsePayload');
    assert.deepEqual(tags(out), ['UniqueIdentifier', 'Attribute', 'Attribute', 'Attribute', 'Attribute', 'Attribute']);
    assert.equal(attributeNamed(out, 'Cryptographic Algorithm')?.value, enumValueOf('CryptographicAlgorithm', 'AES'));
    assert.equal(attributeNamed(out, 'State')?.value, enumValueOf('State', 'PreActive'));
    assert.equal(attributeNamed(out, 'Cryptographic Length')?.value, 256);
    const date = attributeNamed(out, 'Initial Date');
    assert.equal(date?.type, 'DateTime');
    assert.equal((date?.value).getTime(), 1_700_000_000_000);
    assert.equal(attributeNamed(out, 'Operation Policy Name')?.value, 'default');
  });

  it('leave out at 1.x and 2.0 what strict clients cannot parse (Link, vendor attributes)', () => {
    for (const level of [10, 14, 20]) {
      const out = toVersionResponse('GetAttributes', getAttributesResponse, level, noRequest);
      assert.equal(JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes('Link'), false, `level ${level}`);
      assert.equal(JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes('cosmian'), false, `level ${level}`);
    }
  });

  it('are one Attributes structure at 2.0, without Operation Policy Name', () => {
    const out = toVersionResponse('GetAttributes', getAttributesResponse, 20, noRequest);
    assert.deepEqual(tags(out), ['UniqueIdentifier', 'Attributes']);
    const attrs = out.value[1];
    assert.ok(attrs?.type === 'Structure');
    assert.deepEqual(tags(attrs), ['CryptographicAlgorithm', 'CryptographicLength', 'State', 'InitialDate']);
    assert.equal(attrs.value[3]?.type, 'DateTime');
  });

  it('keep every attribute at 2.1, dates as DateTime', () => {
    const out = toVersionResponse('GetAttributes', getAttributesResponse, 21, noRequest);
    const attrs = out.value[1];
    assert.ok(attrs?.type === 'Structure');
    assert.deepEqual(tags(attrs), storedAttributes.map((a) => (a.tag === 'VendorAttributes' ? 'Attribute' : a.tag)));
    assert.deepEqual(attrs.value.find((a) => a.tag === 'InitialDate'), { tag: 'InitialDate', type: 'DateTime', value: new Date(1_700_000_000_000) });
  });
});

describe('other responses', () => {
  const listResponse = struct('GetAttributeListResponse', [
    text('UniqueIdentifier', '1'),
    enumeration('AttributeReference', 'CryptographicAlgorithm'),
    enumeration('AttributeReference', 'Link'),
    enumeration('AttributeReference', 'OperationPolicyName'),
  ]);

  it('GetAttributeList answers spec names at 1.x and tag references at 2.0', () => {
    const v1 = toVersionResponse('GetAttributeList', listResponse, 12, noRequest);
    assert.deepEqual(v1.value.map((c) => c.value), ['1', 'Cryptographic Algorithm', 'Operation Policy Name']);
    assert.deepEqual(tags(v1), ['UniqueIdentifier', 'AttributeName', 'AttributeName']);
    const v2 = toVersionResponse('GetAttributeList', listResponse, 20, noRequest);
    assert.deepEqual(v2.value.map((c) => c.value), ['1', 'CryptographicAlgorithm']);
  });

  it('Locate flattens the identifier list and drops Located Items before 1.3', () => {
    const locate = struct('LocateResponse', [int('LocatedItems', 2), list('UniqueIdentifier', [text('UniqueIdentifier', 'a'), text('UniqueIdentifier', 'b')])]);
    assert.deepEqual(toVersionResponse('Locate', locate, 12, noRequest).value.map((c) => c.value), ['a', 'b']);
    assert.deepEqual(toVersionResponse('Locate', locate, 14, noRequest).value.map((c) => c.value), [2, 'a', 'b']);
  });

  it('Query lists only the operations the client version defines', () => {
    const query = struct('QueryResponse', ['Create', 'DiscoverVersions', 'Encrypt', 'Import', 'SetAttribute'].map((o) => enumeration('Operation', o)));
    const ops = (level: number): unknown[] => toVersionResponse('Query', query, level, noRequest).value.map((c) => c.value);
    assert.deepEqual(ops(10), ['Create']);
    assert.deepEqual(ops(12), ['Create', 'DiscoverVersions', 'Encrypt']);
    assert.deepEqual(ops(14), ['Create', 'DiscoverVersions', 'Encrypt', 'Import']);
    assert.deepEqual(ops(21), ['Create', 'DiscoverVersions', 'Encrypt', 'Import', 'SetAttribute']);
  });

  it('Get puts the object under its own tag and keeps Key Value attributes only at 2.1', () => {
    const get = struct('GetResponse', [
      enumeration('ObjectType', 'SymmetricKey'),
      text('UniqueIdentifier', '1'),
      struct('Object', [struct('KeyBlock', [
        enumeration('KeyFormatType', 'Raw'),
        struct('KeyValue', [bytes('KeyMaterial', new Uint8Array(16)), struct('Attributes', [int('CryptographicLength', 128)])]),
      ])]),
    ]);
    const keyValue = (level: number): TtlvStructure => {
      const out = toVersionResponse('Get', get, level, noRequest);
      assert.deepEqual(tags(out), ['ObjectType', 'UniqueIdentifier', 'SymmetricKey']);
      const kb = (out.value[2] as TtlvStructure).value[0] as TtlvStructure;
      return kb.value[1] as TtlvStructure;
    };
    assert.deepEqual(tags(keyValue(12)), ['KeyMaterial']);
    assert.deepEqual(tags(keyValue(20)), ['KeyMaterial']);
    assert.deepEqual(tags(keyValue(21)), ['KeyMaterial', 'Attributes']);
  });

  it('Encrypt drops the Correlation Value before 1.3', () => {
    const enc = struct('EncryptResponse', [text('UniqueIdentifier', '1'), bytes('Data', new Uint8Array(16)), bytes('IvCounterNonce', new Uint8Array(16)), bytes('CorrelationValue', new Uint8Array(4))]);
    assert.deepEqual(tags(toVersionResponse('Encrypt', enc, 12, noRequest)), ['UniqueIdentifier', 'Data', 'IvCounterNonce']);
    assert.deepEqual(tags(toVersionResponse('Encrypt', enc, 13, noRequest)), ['UniqueIdentifier', 'Data', 'IvCounterNonce', 'CorrelationValue']);
  });

  it('1.x Add Attribute echoes the attribute it set', () => {
    const request = struct('AddAttribute', [text('UniqueIdentifier', '1'), struct('NewAttribute', [text('ContactInformation', 'ops')])]);
    const out = toVersionResponse('AddAttribute', struct('AddAttributeResponse', [text('UniqueIdentifier', '1')]), 12, request);
    assert.deepEqual(tags(out), ['UniqueIdentifier', 'Attribute']);
    assert.equal(attributeNamed(out, 'Contact Information')?.value, 'ops');
  });
});

describe('result reasons', () => {
  it('keep their 2.0 values at 2.x and fall back to the nearest 1.x reason for 1.x clients', () => {
    assert.equal(resultReasonNumber('Item_Not_Found', 12), 1);
    assert.equal(resultReasonNumber('Wrong_Key_Lifecycle_State', 20), 0x43);
    assert.equal(resultReasonNumber('Wrong_Key_Lifecycle_State', 14), 0x0b);
    assert.equal(resultReasonNumber('Missing_Initialization_Vector', 12), 6);
    assert.equal(resultReasonNumber('Not_A_Reason', 21), 0x100);
  });

  // [reason, expected value at 1.0, 1.1, 1.2, 1.3, 1.4, 2.0, 2.1]
  const BY_LEVEL: readonly (readonly [string, readonly number[]])[] = [
    ['Item_Not_Found', [0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01]],
    ['Key_Format_Type_Not_Supported', [0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10]],
    ['Sensitive', [0x0c, 0x0c, 0x0c, 0x0c, 0x16, 0x16, 0x16]],
    ['Not_Extractable', [0x0c, 0x0c, 0x0c, 0x0c, 0x17, 0x17, 0x17]],
    ['Object_Already_Exists', [0x0b, 0x0b, 0x0b, 0x0b, 0x18, 0x18, 0x18]],
    ['Attribute_Read_Only', [0x0c, 0x0c, 0x0c, 0x0c, 0x0c, 0x22, 0x22]],
    ['Codec_Error', [0x04, 0x04, 0x04, 0x04, 0x04, 0x26, 0x26]],
    ['Server_Limit_Exceeded', [0x100, 0x100, 0x100, 0x100, 0x100, 0x3a, 0x3a]],
    ['General_Failure', [0x100, 0x100, 0x100, 0x100, 0x100, 0x100, 0x100]],
    ['Not_A_Reason', [0x100, 0x100, 0x100, 0x100, 0x100, 0x100, 0x100]],
  ];
  const LEVELS = [10, 11, 12, 13, 14, 20, 21];

  for (const [i, level] of LEVELS.entries()) {
    it(`at ${Math.floor(level / 10)}.${level % 10} send only reasons that version defines`, () => {
      for (const [reason, expected] of BY_LEVEL) assert.equal(resultReasonNumber(reason, level), expected[i], reason);
    });
  }
});
