/**
 * The binary Response Message: every result becomes its own batch item, and one that cannot be
 * encoded becomes a General Failure item while the others keep their results.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { bytes, enumeration, int, struct, text } from '../../../../src/kmip/ttlv/build.js';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { BinaryMessageError, decodeBinaryRequest } from '../../../../src/kmip/binary/request-message.js';
import { encodeBinaryResponse, UNENCODABLE_RESULT } from '../../../../src/kmip/binary/response-message.js';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import type { BatchResult } from '../../../../src/kmip/messages.js';
import type { TtlvNode, TtlvStructure } from '../../../../src/kmip/ttlv/node.js';

/** A request Message of Activate items, ids 1, 2, 3, ... */
function activateRequest(major: number, minor: number, count: number): Uint8Array {
  const items = Array.from({ length: count }, (_, i) => struct('BatchItem', [
    enumeration('Operation', 'Activate'),
    bytes('UniqueBatchItemId', Uint8Array.of(i + 1)),
    struct('RequestPayload', [text('UniqueIdentifier', `k${i + 1}`)]),
  ]));
  return encodeBinaryTtlv(struct('RequestMessage', [
    struct('RequestHeader', [struct('ProtocolVersion', [int('ProtocolVersionMajor', major), int('ProtocolVersionMinor', minor)]), int('BatchCount', count)]),
    ...items,
  ]));
}

const ok = (id: number, payload: readonly TtlvNode[]): BatchResult =>
  ({ operation: 'Activate', uniqueBatchItemId: Uint8Array.of(id), payload: struct('ActivateResponse', payload) });

/** Each answered item as [Operation, id, Result Status, Result Reason, Result Message, payload's Unique Identifier]. */
function summary(bytesOut: Uint8Array): unknown[][] {
  const root = decodeBinaryTtlv(bytesOut);
  assert.ok(root.type === 'Structure' && root.tag === 'ResponseMessage');
  const [header, ...items] = root.value as TtlvStructure[];
  assert.equal(header?.value.find((c) => c.tag === 'BatchCount')?.value, items.length);
  const at = (s: TtlvStructure | undefined, tag: string): unknown => s?.value.find((c) => c.tag === tag)?.value;
  return items.map((i) => [
    at(i, 'Operation'), [...(at(i, 'UniqueBatchItemId') as Uint8Array)], at(i, 'ResultStatus'), at(i, 'ResultReason'), at(i, 'ResultMessage'),
    at(i.value.find((c) => c.tag === 'ResponsePayload') as TtlvStructure | undefined, 'UniqueIdentifier'),
  ]);
}

describe('encodeBinaryResponse', () => {
  for (const [major, minor] of [[2, 1], [1, 4]] as const) {
    it(`${major}.${minor}: turns only the item that cannot be encoded into a General Failure, echoing its Operation and id`, () => {
      const req = decodeBinaryRequest(activateRequest(major, minor, 3));
      const results: BatchResult[] = [
        ok(1, [text('UniqueIdentifier', 'k1')]),
        // An Integer beyond 32 bits cannot be written.
        ok(2, [text('UniqueIdentifier', 'k2'), { tag: 'CryptographicLength', type: 'Integer', value: 2 ** 40 }]),
        { operation: 'Activate', uniqueBatchItemId: Uint8Array.of(3), reason: 'Item_Not_Found', message: 'no such key' },
      ];
      const heard: [string, unknown][] = [];
      const out = encodeBinaryResponse(req, results, 1_700_000_000, (operation, err) => { heard.push([operation, err]); });
      assert.deepEqual(summary(out), [
        ['Activate', [1], 'Success', undefined, undefined, 'k1'],
        ['Activate', [2], 'OperationFailed', 'General_Failure', UNENCODABLE_RESULT, undefined],
        ['Activate', [3], 'OperationFailed', 'Item_Not_Found', 'no such key', undefined],
      ]);
      assert.equal(heard.length, 1);
      assert.equal(heard[0]?.[0], 'Activate');
      assert.ok(heard[0]?.[1] instanceof KmipError && heard[0][1].reason === 'Codec_Error');
    });
  }

  it('gives the failed item a fixed message that quotes nothing of the result', () => {
    const req = decodeBinaryRequest(activateRequest(2, 0, 1));
    const out = encodeBinaryResponse(req, [ok(1, [text('NoSuchTagAnywhere', 'secret-looking-value')])], 1_700_000_000);
    assert.deepEqual(summary(out), [['Activate', [1], 'OperationFailed', 'General_Failure', UNENCODABLE_RESULT, undefined]]);
    assert.equal(Buffer.from(out).includes('secret-looking-value'), false);
    assert.equal(Buffer.from(out).includes('NoSuchTagAnywhere'), false);
  });

  it('answers every item when all encode, byte for byte as one tree', () => {
    const req = decodeBinaryRequest(activateRequest(2, 1, 2));
    const out = encodeBinaryResponse(req, [ok(1, [text('UniqueIdentifier', 'k1')]), ok(2, [text('UniqueIdentifier', 'k2')])], 1_700_000_000);
    assert.deepEqual(summary(out).map((r) => r.slice(0, 3)), [['Activate', [1], 'Success'], ['Activate', [2], 'Success']]);
    assert.deepEqual(out, encodeBinaryTtlv(decodeBinaryTtlv(out)));
  });
});

describe('decodeBinaryRequest: Batch Error Continuation Option', () => {
  const withOption = (option: TtlvNode | undefined): Uint8Array => encodeBinaryTtlv(struct('RequestMessage', [
    struct('RequestHeader', [struct('ProtocolVersion', [int('ProtocolVersionMajor', 1), int('ProtocolVersionMinor', 2)]), option, int('BatchCount', 1)]),
    struct('BatchItem', [enumeration('Operation', 'Activate'), struct('RequestPayload', [text('UniqueIdentifier', 'k1')])]),
  ]));

  it('refuses Undo for the whole message as Feature_Not_Supported, carrying the version and the items to echo', () => {
    for (const undo of [enumeration('BatchErrorContinuationOption', 'Undo'), { tag: 'BatchErrorContinuationOption', type: 'Enumeration' as const, value: 3 }]) {
      assert.throws(() => decodeBinaryRequest(withOption(undo)), (e: unknown) => e instanceof BinaryMessageError && e.reason === 'Feature_Not_Supported'
        && e.version.major === 1 && e.version.minor === 2 && e.items?.length === 1 && e.items[0]?.operationValue === 'Activate');
    }
  });

  it('stops on error for Stop and when absent, and continues for Continue', () => {
    assert.equal(decodeBinaryRequest(withOption(undefined)).stopOnError, true);
    assert.equal(decodeBinaryRequest(withOption(enumeration('BatchErrorContinuationOption', 'Stop'))).stopOnError, true);
    assert.equal(decodeBinaryRequest(withOption(enumeration('BatchErrorContinuationOption', 'Continue'))).stopOnError, false);
  });
});
