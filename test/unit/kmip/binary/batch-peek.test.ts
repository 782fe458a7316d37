/**
 * peekBatchItems and the whole-message failure built from it: each request batch item's
 * Operation and Unique Batch Item ID, read from item headers only, echoed in one failed item each.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_PEEKED_BATCH_ITEMS, peekBatchItems } from '../../../../src/kmip/binary/batch-peek.js';
import { BINARY_KMIP } from '../../../../src/binary-kmip.js';
import { encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { bool, bytes, enumeration, int, struct, text } from '../../../../src/kmip/ttlv/build.js';
import { WIRE } from '../../../../src/kmip/binary/wire-tags.js';
import { batchItems, decodeResponse, itemResult, responseVersion } from '../../../socket/kmip-messages.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';

const CREATE = 1;
const LOCATE = 8;
const GET = 10;

function header(major: number, minor: number, count: number): TtlvNode {
  return struct(WIRE.requestHeader, [struct(WIRE.protocolVersion, [int(WIRE.protocolVersionMajor, major), int(WIRE.protocolVersionMinor, minor)]), int(WIRE.batchCount, count)]);
}

function item(operation: string | undefined, id?: Uint8Array, ephemeral = false): TtlvNode {
  return struct(WIRE.batchItem, [
    operation === undefined ? undefined : enumeration(WIRE.operation, operation),
    ephemeral ? bool('Ephemeral', false) : undefined,
    id === undefined ? undefined : bytes(WIRE.uniqueBatchItemId, id),
    struct(WIRE.requestPayload, [text('UniqueIdentifier', 'u'.repeat(3000))]),
  ]);
}

function message(major: number, minor: number, items: readonly TtlvNode[]): Uint8Array {
  return encodeBinaryTtlv(struct(WIRE.requestMessage, [header(major, minor, items.length), ...items]));
}

const ID_A = Uint8Array.of(1, 2, 3);
const ID_C = Uint8Array.of(9);

describe('peekBatchItems', () => {
  it('reads each batch item\'s Operation value and ID, past Ephemeral and large payloads', () => {
    const msg = message(2, 0, [item('Create', ID_A), item('Get'), item('Locate', ID_C, true)]);
    assert.deepEqual(peekBatchItems(msg), [{ operation: CREATE, id: ID_A }, { operation: GET }, { operation: LOCATE, id: ID_C }]);
  });

  it('keeps an item that has no Operation, without one', () => {
    assert.deepEqual(peekBatchItems(message(1, 4, [item(undefined, ID_A)])), [{ id: ID_A }]);
  });

  it('gives up on what is not a Request Header followed by 1 to the most batch items', () => {
    const good = message(2, 1, [item('Get', ID_A)]);
    assert.equal(peekBatchItems(good.subarray(0, good.length - 8)), undefined, 'truncated');
    assert.equal(peekBatchItems(message(2, 1, [])), undefined, 'no items');
    assert.equal(peekBatchItems(message(2, 1, [item('Get'), int(WIRE.batchCount, 1)])), undefined, 'a stray top-level item');
    assert.equal(peekBatchItems(encodeBinaryTtlv(struct(WIRE.responseMessage, [header(2, 1, 1), item('Get')]))), undefined, 'not a request');
    const many = Array.from({ length: MAX_PEEKED_BATCH_ITEMS + 1 }, () => struct(WIRE.batchItem, [enumeration(WIRE.operation, 'Get')]));
    assert.equal(peekBatchItems(message(2, 1, many)), undefined, 'too many items');
    assert.equal(peekBatchItems(message(2, 1, many.slice(1)))?.length, MAX_PEEKED_BATCH_ITEMS);
    const badOp = message(2, 1, [struct(WIRE.batchItem, [int(WIRE.operation, 1)])]);
    assert.equal(peekBatchItems(badOp), undefined, 'an Operation that is not an enumeration');
  });
});

describe('BINARY_KMIP.failure', () => {
  it('answers each request batch item with its Operation and ID, the same reason and message, at the request version', () => {
    const msg = message(1, 4, [item('Create', ID_A), item('Get')]);
    const res = decodeResponse(BINARY_KMIP.failure(msg, 'Authentication_Not_Successful', 'who are you', 1_700_000_000));
    assert.deepEqual(responseVersion(res), [1, 4]);
    const head = res.value.find((n) => n.tag === WIRE.responseHeader);
    assert.ok(head?.type === 'Structure');
    assert.equal(head.value.find((n) => n.tag === WIRE.batchCount)?.value, 2);
    const items = batchItems(res);
    assert.deepEqual(items.map((i) => i.value.find((n) => n.tag === WIRE.operation)?.value), ['Create', 'Get']);
    assert.deepEqual(items.map((i) => i.value.find((n) => n.tag === WIRE.uniqueBatchItemId)?.value), [ID_A, undefined]);
    for (const i of [0, 1]) {
      assert.deepEqual(itemResult(res, i), { status: 'OperationFailed', reason: 'Authentication_Not_Successful', message: 'who are you', payload: undefined });
    }
  });

  it('falls back to one item without Operation when the items cannot be peeked', () => {
    const msg = message(2, 0, [item('Get', ID_A)]);
    for (const request of [msg.subarray(0, msg.length - 8), null]) {
      const res = decodeResponse(BINARY_KMIP.failure(request, 'General_Failure', 'busy', 1_700_000_000));
      const items = batchItems(res);
      assert.equal(items.length, 1);
      assert.equal(items[0]?.value.some((n) => n.tag === WIRE.operation), false);
      assert.equal(itemResult(res).reason, 'General_Failure');
    }
  });
});
