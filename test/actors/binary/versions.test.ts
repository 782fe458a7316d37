/**
 * Binary requests at every protocol version reach the same operations and are answered in the
 * request's version: header echo, Time Stamp, batch items with their own results, and the 1.x
 * attribute encoding.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActorFixture } from '../actor-fixture.js';
import { enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { enumValueOf } from '../../../src/kmip/ttlv/enum-table.js';
import { encodeBinaryTtlv } from '../../../src/kmip/ttlv/binary.js';
import { exchange, payloadOf, protocolVersion, requestBytes, v1Attribute, valueAt } from './messages.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const AES = enumValueOf('CryptographicAlgorithm', 'AES') ?? 3;
const num = (n: number): TtlvNode => ({ tag: 'AttributeValue', type: 'Enumeration', value: n });

/** A Create of an AES-256 key in the version's attribute encoding. */
function createPayload(major: number): TtlvNode[] {
  if (major < 2) {
    return [enumeration('ObjectType', 'SymmetricKey'), struct('TemplateAttribute', [
      v1Attribute('Cryptographic Algorithm', num(AES)),
      v1Attribute('Cryptographic Length', int('x', 256)),
      v1Attribute('Cryptographic Usage Mask', int('x', 12)),
    ])];
  }
  return [enumeration('ObjectType', 'SymmetricKey'), struct('Attributes', [
    enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), int('CryptographicUsageMask', 12),
  ])];
}

const VERSIONS: readonly (readonly [number, number])[] = [[1, 0], [1, 1], [1, 2], [1, 3], [1, 4], [2, 0], [2, 1]];

describe('binary KMIP requests at every version', () => {
  let fx: ActorFixture;
  beforeEach(() => {
    fx = new ActorFixture('plain');
  });
  afterEach(() => {
    fx.close();
  });

  for (const [major, minor] of VERSIONS) {
    it(`${major}.${minor}: Create then GetAttributes, answered in ${major}.${minor} with a Time Stamp`, async () => {
      const created = await exchange(fx, requestBytes(major, minor, [{ operation: 'Create', payload: createPayload(major) }]));
      assert.deepEqual(created.header.value.map((c) => c.tag), ['ProtocolVersion', 'TimeStamp', 'BatchCount']);
      assert.deepEqual(created.header.value[0], protocolVersion(major, minor));
      assert.equal((created.header.value[1]?.value as Date).getTime(), Math.floor(fx.now() / 1000) * 1000);
      const [item] = created.items;
      assert.ok(item !== undefined);
      assert.equal(valueAt(item, 'ResultStatus'), 'Success', String(valueAt(item, 'ResultMessage')));
      const uid = String(valueAt(payloadOf(item), 'UniqueIdentifier'));

      const wanted = major < 2
        ? [text('UniqueIdentifier', uid), text('AttributeName', 'Cryptographic Algorithm'), text('AttributeName', 'Cryptographic Length')]
        : [text('UniqueIdentifier', uid), enumeration('AttributeReference', 'CryptographicAlgorithm'), enumeration('AttributeReference', 'CryptographicLength')];
      const got = await exchange(fx, requestBytes(major, minor, [{ operation: 'GetAttributes', payload: wanted }]));
      const payload = payloadOf(got.items[0] as TtlvStructure);
      if (major < 2) {
        assert.deepEqual(payload.value.map((c) => c.tag), ['UniqueIdentifier', 'Attribute', 'Attribute']);
        const values = payload.value.slice(1).map((a) => [valueAt(a as TtlvStructure, 'AttributeName'), valueAt(a as TtlvStructure, 'AttributeValue')]);
        assert.deepEqual(values, [['Cryptographic Algorithm', AES], ['Cryptographic Length', 256]]);
      } else {
        assert.deepEqual(valueAt(payload, 'Attributes', 'CryptographicAlgorithm'), 'AES');
        assert.deepEqual(valueAt(payload, 'Attributes', 'CryptographicLength'), 256);
      }
    });
  }

  it('answers every batch item on its own, echoing Operation and Unique Batch Item ID', async () => {
    const answer = await exchange(fx, requestBytes(1, 2, [
      { operation: 'Create', payload: createPayload(1), id: Uint8Array.of(1) },
      { operation: 'Get', payload: [text('UniqueIdentifier', 'no-such-object')], id: Uint8Array.of(2) },
      { operation: 0x99, payload: [], id: Uint8Array.of(3) },
    ], [enumeration('BatchErrorContinuationOption', 'Continue')]));
    assert.equal(valueAt(answer.header, 'BatchCount'), 3);
    const summary = answer.items.map((i) => [valueAt(i, 'Operation'), [...(valueAt(i, 'UniqueBatchItemId') as Uint8Array)], valueAt(i, 'ResultStatus'), valueAt(i, 'ResultReason')]);
    assert.deepEqual(summary, [
      ['Create', [1], 'Success', undefined],
      ['Get', [2], 'OperationFailed', 'Item_Not_Found'],
      [0x99, [3], 'OperationFailed', 'Operation_Not_Supported'],
    ]);
    assert.deepEqual(fx.lastAudit.map((r) => [r.operation, r.result]), [['Create', 'Success'], ['Get', 'Item_Not_Found'], ['153', 'Operation_Not_Supported']]);
  });

  it('stops at the first failed item by default (Batch Error Continuation Option Stop) and runs all on Continue', async () => {
    const items = [
      { operation: 'Get', payload: [text('UniqueIdentifier', 'missing')] },
      { operation: 'Create', payload: createPayload(2) },
    ];
    const stop = await exchange(fx, requestBytes(2, 0, items));
    assert.equal(valueAt(stop.header, 'BatchCount'), 1);
    assert.deepEqual(stop.items.map((i) => valueAt(i, 'Operation')), ['Get']);
    assert.deepEqual(fx.lastAudit.map((r) => r.operation), ['Get']);
    const go = await exchange(fx, requestBytes(2, 0, items, [enumeration('BatchErrorContinuationOption', 'Continue')]));
    assert.deepEqual(go.items.map((i) => [valueAt(i, 'Operation'), valueAt(i, 'ResultStatus')]), [['Get', 'OperationFailed'], ['Create', 'Success']]);
  });

  it('refuses Batch Error Continuation Option Undo for the whole message, failing each item by its Operation and ID, and runs none', async () => {
    const items = [{ operation: 'Create', payload: createPayload(1), id: Uint8Array.of(7) }, { operation: 'Query', payload: [] }, { operation: 0x7f, payload: [], id: Uint8Array.of(9) }];
    const answer = await exchange(fx, requestBytes(1, 3, items, [enumeration('BatchErrorContinuationOption', 'Undo')]));
    assert.deepEqual(answer.header.value[0], protocolVersion(1, 3));
    assert.equal(valueAt(answer.header, 'BatchCount'), 3);
    assert.deepEqual(answer.items.map((i) => [valueAt(i, 'Operation'), valueAt(i, 'UniqueBatchItemId'), valueAt(i, 'ResultStatus'), valueAt(i, 'ResultReason')]), [
      ['Create', Uint8Array.of(7), 'OperationFailed', 'Feature_Not_Supported'],
      ['Query', undefined, 'OperationFailed', 'Feature_Not_Supported'],
      [0x7f, Uint8Array.of(9), 'OperationFailed', 'Feature_Not_Supported'],
    ]);
    assert.deepEqual(fx.lastAudit.map((r) => [r.operation, r.result]), [['Message', 'Feature_Not_Supported']]);
    const listed = await exchange(fx, requestBytes(1, 3, [{ operation: 'Locate', payload: [] }]));
    assert.deepEqual(payloadOf(listed.items[0] as TtlvStructure).value.filter((c) => c.tag === 'UniqueIdentifier'), []);
  });

  it('answers a refused message in the version its header gave, wherever Protocol Version sits in the header', async () => {
    const authentication = struct('Authentication', [struct('Credential', [
      enumeration('CredentialType', 'UsernameAndPassword'),
      struct('CredentialValue', [text('Username', 'alice'), text('Password', 'pw')]),
    ])]);
    const body = encodeBinaryTtlv(struct('RequestMessage', [
      struct('RequestHeader', [authentication, protocolVersion(1, 2), enumeration('BatchErrorContinuationOption', 'Undo'), int('BatchCount', 1)]),
      struct('BatchItem', [enumeration('Operation', 'Query'), struct('RequestPayload', [])]),
    ]));
    const answer = await exchange(fx, body);
    assert.deepEqual(answer.header.value[0], protocolVersion(1, 2));
    assert.deepEqual(answer.items.map((i) => [valueAt(i, 'Operation'), valueAt(i, 'ResultReason')]), [['Query', 'Feature_Not_Supported']]);
    const mixedUp = encodeBinaryTtlv(struct('RequestMessage', [
      struct('RequestHeader', [authentication, protocolVersion(2, 0), int('BatchCount', 2)]),
      struct('BatchItem', [enumeration('Operation', 'Query'), struct('RequestPayload', [])]),
    ]));
    const miscounted = await exchange(fx, mixedUp);
    assert.deepEqual(miscounted.header.value[0], protocolVersion(2, 0));
    assert.deepEqual(miscounted.items.map((i) => [valueAt(i, 'Operation'), valueAt(i, 'ResultReason')]), [[undefined, 'Invalid_Message']]);
  });

  it('answers a message it cannot read with a one-item failure, never an exception', async () => {
    const garbage = await exchange(fx, Uint8Array.of(0x42, 0x00, 0x78, 0x01, 0, 0, 0, 16, 1, 2, 3));
    assert.deepEqual(garbage.header.value[0], protocolVersion(1, 0));
    assert.deepEqual(garbage.items.map((i) => [valueAt(i, 'ResultStatus'), valueAt(i, 'ResultReason')]), [['OperationFailed', 'Invalid_Message']]);
    const wrongCount = requestBytes(1, 4, [{ operation: 'Query', payload: [] }]);
    wrongCount[8 + 8 + 40 + 11] = 2; // the header's Batch Count, after Protocol Version
    const answer = await exchange(fx, wrongCount);
    assert.deepEqual(answer.header.value[0], protocolVersion(1, 4));
    assert.equal(valueAt(answer.items[0] as TtlvStructure, 'ResultReason'), 'Invalid_Message');
    assert.deepEqual(fx.lastAudit.map((r) => [r.operation, r.result]), [['Message', 'Invalid_Message']]);
    const future = await exchange(fx, requestBytes(3, 0, [{ operation: 'Query', payload: [] }]));
    assert.deepEqual(future.header.value[0], protocolVersion(1, 0));
  });

  it('answers an unknown 1.x Attribute Name as that item\'s failure', async () => {
    const payload = [enumeration('ObjectType', 'SymmetricKey'), struct('TemplateAttribute', [v1Attribute('Favourite Colour', text('x', 'blue'))])];
    const answer = await exchange(fx, requestBytes(1, 4, [{ operation: 'Create', payload }]));
    assert.equal(valueAt(answer.items[0] as TtlvStructure, 'ResultReason'), 'Invalid_Field');
  });

  it('lists the versions the server speaks that the client listed, 1.x included, newest first', async () => {
    const discover = async (major: number, minor: number, offered: readonly (readonly [number, number])[]): Promise<string[]> => {
      const payload = offered.map(([ma, mi]) => protocolVersion(ma, mi));
      const answer = await exchange(fx, requestBytes(major, minor, [{ operation: 'DiscoverVersions', payload }]));
      return payloadOf(answer.items[0] as TtlvStructure).value
        .map((v) => `${String(valueAt(v as TtlvStructure, 'ProtocolVersionMajor'))}.${String(valueAt(v as TtlvStructure, 'ProtocolVersionMinor'))}`);
    };
    assert.deepEqual(await discover(1, 2, [[1, 2], [3, 0], [2, 0], [1, 0]]), ['2.0', '1.2', '1.0']);
    assert.deepEqual(await discover(1, 4, [[1, 4], [2, 1]]), ['2.1', '1.4']);
    assert.deepEqual(await discover(1, 1, [[1, 0]]), ['1.0']);
    assert.deepEqual(await discover(2, 1, [[3, 0], [1, 5]]), []);
    assert.deepEqual(await discover(1, 1, []), ['2.1', '2.0', '1.4', '1.3', '1.2', '1.1', '1.0']);
    assert.deepEqual(await discover(2, 1, []), ['2.1', '2.0', '1.4', '1.3', '1.2', '1.1', '1.0']);
  });

  it('lists in Query only the operations the request version defines', async () => {
    const query = (minor: number): Promise<unknown[]> => exchange(fx, requestBytes(1, minor, [{ operation: 'Query', payload: [enumeration('QueryFunction', 'QueryOperations')] }]))
      .then((a) => payloadOf(a.items[0] as TtlvStructure).value.map((c) => c.value));
    const v10 = await query(0);
    const v14 = await query(4);
    assert.ok(v10.includes('Create') && !v10.includes('DiscoverVersions') && !v10.includes('Encrypt'));
    assert.ok(v14.includes('Encrypt') && v14.includes('Import') && !v14.includes('SetAttribute'));
  });

  it('answers 2.1 with every attribute, vendor attributes as Attribute structures', async () => {
    const uid = fx.create({ tags: ['blue'] });
    const answer = await exchange(fx, requestBytes(2, 1, [{ operation: 'GetAttributes', payload: [text('UniqueIdentifier', uid)] }]));
    const attrs = payloadOf(answer.items[0] as TtlvStructure).value.find((c) => c.tag === 'Attributes');
    assert.ok(attrs?.type === 'Structure');
    const vendor = attrs.value.find((c) => c.tag === 'Attribute');
    assert.ok(vendor?.type === 'Structure');
    assert.equal(valueAt(vendor, 'VendorIdentification'), 'cosmian');
    assert.equal(attrs.value.find((c) => c.tag === 'InitialDate')?.type, 'DateTime');
  });

  it('gives a private key to a client below 2.1 as PKCS#8 when it names no format, and as asked otherwise', async () => {
    const pair = await exchange(fx, requestBytes(2, 0, [{ operation: 'CreateKeyPair', payload: [
      struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'RSA'), int('CryptographicLength', 2048)]),
      struct('PrivateKeyAttributes', [int('CryptographicUsageMask', 1)]),
      struct('PublicKeyAttributes', [int('CryptographicUsageMask', 2)]),
    ] }]));
    const priv = String(valueAt(payloadOf(pair.items[0] as TtlvStructure), 'PrivateKeyUniqueIdentifier'));
    const format = async (major: number, minor: number, extra: TtlvNode[] = []): Promise<unknown> => {
      const a = await exchange(fx, requestBytes(major, minor, [{ operation: 'Get', payload: [text('UniqueIdentifier', priv), ...extra] }]));
      return valueAt(payloadOf(a.items[0] as TtlvStructure), 'PrivateKey', 'KeyBlock', 'KeyFormatType');
    };
    assert.equal(await format(1, 2), 'PKCS8');
    assert.equal(await format(2, 0), 'PKCS8');
    assert.equal(await format(2, 1), 'PKCS1');
    assert.equal(await format(1, 4, [enumeration('KeyFormatType', 'PKCS1')]), 'PKCS1');
  });

  it('fills a left-out Unique Identifier from the batch\'s ID Placeholder: CreateKeyPair then Get is the private key, as PKCS#8 below 2.1', async () => {
    const RSA = enumValueOf('CryptographicAlgorithm', 'RSA') ?? 4;
    const answer = await exchange(fx, requestBytes(1, 2, [
      { operation: 'CreateKeyPair', payload: [
        struct('CommonTemplateAttribute', [v1Attribute('Cryptographic Algorithm', num(RSA)), v1Attribute('Cryptographic Length', int('x', 2048))]),
        struct('PrivateKeyTemplateAttribute', [v1Attribute('Cryptographic Usage Mask', int('x', 1))]),
        struct('PublicKeyTemplateAttribute', [v1Attribute('Cryptographic Usage Mask', int('x', 2))]),
      ] },
      { operation: 'Get', payload: [] },
      { operation: 'Activate', payload: [] },
    ]));
    assert.deepEqual(answer.items.map((i) => [valueAt(i, 'Operation'), valueAt(i, 'ResultStatus'), valueAt(i, 'ResultMessage')]),
      [['CreateKeyPair', 'Success', undefined], ['Get', 'Success', undefined], ['Activate', 'Success', undefined]]);
    const [pair, got, activated] = answer.items.map(payloadOf);
    const priv = valueAt(pair as TtlvStructure, 'PrivateKeyUniqueIdentifier');
    assert.equal(typeof priv, 'string');
    assert.equal(valueAt(got as TtlvStructure, 'UniqueIdentifier'), priv);
    assert.equal(valueAt(got as TtlvStructure, 'ObjectType'), 'PrivateKey');
    assert.equal(valueAt(got as TtlvStructure, 'PrivateKey', 'KeyBlock', 'KeyFormatType'), 'PKCS8');
    assert.equal(valueAt(activated as TtlvStructure, 'UniqueIdentifier'), priv);
  });

  it('fills KMIP 2.0\'s Unique Identifier IDPlaceholder, and leaves an item without one alone when nothing set it', async () => {
    const answer = await exchange(fx, requestBytes(2, 0, [
      { operation: 'Create', payload: createPayload(2) },
      { operation: 'GetAttributes', payload: [enumeration('UniqueIdentifier', 'IDPlaceholder')] },
    ]));
    const [created, attrs] = answer.items.map(payloadOf);
    assert.equal(valueAt(attrs as TtlvStructure, 'UniqueIdentifier'), valueAt(created as TtlvStructure, 'UniqueIdentifier'));
    const alone = await exchange(fx, requestBytes(1, 2, [{ operation: 'Get', payload: [] }]));
    assert.equal(valueAt(alone.items[0] as TtlvStructure, 'ResultStatus'), 'OperationFailed');
  });
});
