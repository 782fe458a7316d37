import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, START_TIME, STORE_KINDS } from '../actor-fixture.js';
import {
  bytesField, createRequest, destroyRequest, encryptRequest, getRequest, messageRequest, revokeRequest, structField, textField,
} from '../../helpers/kmip-requests.js';
import { batchRequest, enumField, intField, longField, rawKeyOf, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

/** The response items of a Message, each as a Structure. */
function itemsOf(res: TtlvStructure): TtlvStructure[] {
  assert.equal(res.tag, 'Message');
  const items = res.value.find((c) => c.tag === 'Items');
  if (items === undefined) return [];
  assert.ok(items.type === 'Structure');
  return items.value.map((i) => {
    assert.ok(i.type === 'Structure' && i.tag === 'Items');
    return i;
  });
}

for (const kind of STORE_KINDS) {
  describe(`Message batches (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it('runs the items in order, each with its own Success status and payload', () => {
      const res = fx.call(messageRequest([createRequest({ uid: 'batch-key' }), getRequest('batch-key'), encryptRequest('batch-key', Buffer.from('x'))]));
      const items = itemsOf(res);
      assert.deepEqual(items.map((i) => enumField(i, 'Operation')), ['Create', 'Get', 'Encrypt']);
      assert.deepEqual(items.map((i) => enumField(i, 'ResultStatus')), ['Success', 'Success', 'Success']);
      const [create, get, encrypt] = items;
      assert.ok(create !== undefined && get !== undefined && encrypt !== undefined);
      assert.deepEqual(tagsIn(create), ['Operation', 'ResultStatus', 'ResponsePayload']);
      assert.equal(textField(structField(create, 'ResponsePayload'), 'UniqueIdentifier'), 'batch-key');
      assert.equal(rawKeyOf(structField(get, 'ResponsePayload')).length, 32);
      assert.equal(bytesField(structField(encrypt, 'ResponsePayload'), 'IvCounterNonce').length, 12);
    });

    it('writes a header with the protocol version, the clock time in seconds and the item count', () => {
      fx.advance(12_345);
      const res = fx.call(messageRequest([createRequest(), createRequest()]));
      const header = structField(res, 'Header');
      const version = structField(header, 'ProtocolVersion');
      assert.equal(intField(version, 'ProtocolVersionMajor'), 2);
      assert.equal(intField(version, 'ProtocolVersionMinor'), 1);
      assert.equal(longField(header, 'Timestamp'), BigInt(Math.floor((START_TIME + 12_345) / 1000)));
      assert.equal(intField(header, 'BatchCount'), 2);
      assert.deepEqual(tagsIn(res), ['Header', 'Items']);
    });

    it('reports a failing item as OperationFailed with its reason and message while the others succeed', () => {
      const uid = fx.create();
      const res = fx.call(messageRequest([getRequest(uid), getRequest('missing'), destroyRequest(uid), revokeRequest(uid)]));
      const items = itemsOf(res);
      assert.deepEqual(items.map((i) => enumField(i, 'ResultStatus')), ['Success', 'OperationFailed', 'OperationFailed', 'Success']);
      const [, missing, active] = items;
      assert.ok(missing !== undefined && active !== undefined);
      assert.deepEqual(tagsIn(missing), ['Operation', 'ResultStatus', 'ResultReason', 'ResultMessage']);
      assert.equal(enumField(missing, 'ResultReason'), 'Item_Not_Found');
      assert.match(textField(missing, 'ResultMessage'), /missing/);
      assert.equal(enumField(active, 'ResultReason'), 'Wrong_Key_Lifecycle_State');
      // The Revoke after the failed Destroy still ran.
      fx.callError(getRequest(uid), 'Item_Not_Found');
    });

    it('keeps the effects of earlier items when a later one fails (no rollback)', () => {
      const res = fx.call(messageRequest([createRequest({ uid: 'kept' }), createRequest({ uid: 'kept' })]));
      assert.deepEqual(itemsOf(res).map((i) => enumField(i, 'ResultStatus')), ['Success', 'OperationFailed']);
      assert.equal(enumField(itemsOf(res)[1] ?? struct('x', []), 'ResultReason'), 'Object_Already_Exists');
      assert.equal(rawKeyOf(fx.call(getRequest('kept'))).length, 32);
    });

    it('fails only the item naming an unknown operation', () => {
      const res = fx.call(
        batchRequest([
          { request: createRequest({ uid: 'a' }) },
          { request: struct('Frobnicate', [text('UniqueIdentifier', 'a')]) },
          { request: struct('Poll', []) },
          { request: getRequest('a') },
        ]),
      );
      const items = itemsOf(res);
      assert.deepEqual(items.map((i) => enumField(i, 'ResultStatus')), ['Success', 'OperationFailed', 'OperationFailed', 'Success']);
      assert.deepEqual(items.map((i) => enumField(i, 'Operation')), ['Create', 'Frobnicate', 'Poll', 'Get']);
      assert.equal(enumField(items[1] ?? struct('x', []), 'ResultReason'), 'Operation_Not_Supported');
      assert.equal(enumField(items[2] ?? struct('x', []), 'ResultReason'), 'Operation_Not_Supported');
    });

    it('refuses a BatchCount that differs from the number of items, running none of them', () => {
      const err = fx.callError(messageRequest([createRequest({ uid: 'never' })], 2), 'Invalid_Message');
      assert.match(err.message, /BatchCount/);
      fx.callError(getRequest('never'), 'Item_Not_Found');
    });

    it('refuses a Message without BatchCount', () => {
      fx.callError(
        struct('Message', [
          struct('Header', [struct('ProtocolVersion', [int('ProtocolVersionMajor', 2), int('ProtocolVersionMinor', 1)])]),
          struct('Items', [struct('Items', [enumeration('Operation', 'Locate'), struct('RequestPayload', [])])]),
        ]),
        'Invalid_Message',
      );
    });

    it('refuses a batch item without RequestPayload', () => {
      fx.callError(
        struct('Message', [
          struct('Header', [struct('ProtocolVersion', [int('ProtocolVersionMajor', 2), int('ProtocolVersionMinor', 1)]), int('BatchCount', 1)]),
          struct('Items', [struct('Items', [enumeration('Operation', 'Locate')])]),
        ]),
        'Invalid_Message',
      );
    });

    it('echoes each UniqueBatchItemId', () => {
      const res = fx.call(
        batchRequest([
          { request: createRequest(), batchItemId: Buffer.from('0001', 'hex') },
          { request: getRequest('missing'), batchItemId: Buffer.from('BEEF', 'hex') },
          { request: createRequest() },
        ]),
      );
      const items = itemsOf(res);
      assert.deepEqual(
        items.map((i) => (i.value.some((c) => c.tag === 'UniqueBatchItemId') ? Buffer.from(bytesField(i, 'UniqueBatchItemId')).toString('hex') : null)),
        ['0001', 'beef', null],
      );
      assert.deepEqual(tagsIn(items[1] ?? struct('x', [])), ['Operation', 'UniqueBatchItemId', 'ResultStatus', 'ResultReason', 'ResultMessage']);
    });

    it('answers an empty batch with an empty Message', () => {
      const res = fx.call(messageRequest([]));
      assert.equal(intField(structField(res, 'Header'), 'BatchCount'), 0);
      assert.deepEqual(itemsOf(res), []);
    });
  });
}
