import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRequestMessage, encodeResponseMessage } from '../../../src/kmip/messages.js';
import { bool, bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { asStructure } from '../../../src/kmip/ttlv/read.js';
import { repoRoot } from '../../helpers/repo-root.js';
import type { BatchResult } from '../../../src/kmip/messages.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';
import { kmipFailure } from '../../helpers/kmip-assert.js';


function vector(name: string): TtlvStructure {
  return asStructure(parseJsonTtlv(readFileSync(join(repoRoot(), 'test', 'fixtures', 'vectors', 'message', name), 'utf8')), 'vector');
}

const version = (major?: number, minor?: number): TtlvNode =>
  struct('ProtocolVersion', [major === undefined ? undefined : int('ProtocolVersionMajor', major), minor === undefined ? undefined : int('ProtocolVersionMinor', minor)]);

function message(items: readonly TtlvNode[], header: readonly (TtlvNode | undefined)[] = [version(2, 1), int('BatchCount', items.length)]): TtlvStructure {
  return struct('Message', [struct('Header', header), items.length === 0 ? undefined : struct('Items', items)]);
}

const item = (op: string, payload: readonly TtlvNode[], id?: Uint8Array): TtlvNode =>
  struct('Items', [enumeration('Operation', op), id === undefined ? undefined : bytes('UniqueBatchItemId', id), struct('RequestPayload', payload)]);

describe('decodeRequestMessage', () => {
  it("reads Cosmian's Message vector: version, items, batch item ids and payloads", () => {
    const msg = decodeRequestMessage(vector('request.json'));
    assert.deepEqual(msg.protocolVersion, { major: 2, minor: 1 });
    assert.equal(msg.items.length, 1);
    const [first] = msg.items;
    assert.ok(first !== undefined);
    assert.equal(first.operation, 'Encrypt');
    assert.deepEqual([...(first.uniqueBatchItemId ?? [])], [1]);
    // The payload becomes the operation's own request: root tag = operation name.
    assert.equal(first.request.tag, 'Encrypt');
    assert.deepEqual(first.request.value.map((c) => c.tag), ['UniqueIdentifier', 'Data']);
  });

  it('keeps several items in order', () => {
    const msg = decodeRequestMessage(message([item('Create', []), item('Get', [text('UniqueIdentifier', 'x')]), item('Locate', [])]));
    assert.deepEqual(msg.items.map((i) => i.operation), ['Create', 'Get', 'Locate']);
    assert.equal(msg.items[1]?.uniqueBatchItemId, undefined);
  });

  it('accepts a lone item not wrapped in a list', () => {
    const s = struct('Message', [struct('Header', [version(2, 1), int('BatchCount', 1)]), struct('Items', [enumeration('Operation', 'Locate'), struct('RequestPayload', [])])]);
    assert.deepEqual(decodeRequestMessage(s).items.map((i) => i.operation), ['Locate']);
  });

  it('keeps operation names it does not implement, for the actor to refuse per item', () => {
    assert.equal(decodeRequestMessage(message([item('CreateKeyPair', [])])).items[0]?.operation, 'CreateKeyPair');
  });

  it('defaults a ProtocolVersion without numbers to 2.1 and keeps others as sent', () => {
    assert.deepEqual(decodeRequestMessage(message([], [version(), int('BatchCount', 0)])).protocolVersion, { major: 2, minor: 1 });
    assert.deepEqual(decodeRequestMessage(message([], [version(1, 4), int('BatchCount', 0)])).protocolVersion, { major: 1, minor: 4 });
  });

  it('ignores header fields it does not use', () => {
    decodeRequestMessage(message([item('Locate', [])], [version(2, 1), int('MaximumResponseSize', 10), text('ClientCorrelationValue', 'c'), int('BatchCount', 1)]));
  });

  it('refuses a BatchCount different from the number of items', () => {
    const err = kmipFailure(() => decodeRequestMessage(message([item('Locate', [])], [version(2, 1), int('BatchCount', 3)])), 'Invalid_Message');
    assert.match(err.message, /BatchCount is 3 but 1 items/);
    kmipFailure(() => decodeRequestMessage(message([item('Locate', []), item('Locate', [])], [version(2, 1), int('BatchCount', 1)])), 'Invalid_Message');
  });

  it('refuses a missing BatchCount', () => {
    kmipFailure(() => decodeRequestMessage(message([item('Locate', [])], [version(2, 1)])), 'Invalid_Message');
  });

  it('refuses a missing Header or ProtocolVersion, naming it', () => {
    assert.match(kmipFailure(() => decodeRequestMessage(struct('Message', [])), 'Invalid_Message').message, /Message: Header is required/);
    assert.match(kmipFailure(() => decodeRequestMessage(message([], [int('BatchCount', 0)])), 'Invalid_Message').message, /Header: ProtocolVersion is required/);
  });

  it('refuses an item without an Operation name', () => {
    const noOp = struct('Items', [struct('Items', [struct('RequestPayload', [])])]);
    kmipFailure(() => decodeRequestMessage(struct('Message', [struct('Header', [version(2, 1), int('BatchCount', 1)]), noOp])), 'Invalid_Message');
    const numeric = struct('Items', [struct('Items', [{ tag: 'Operation', type: 'Enumeration', value: 1 }, struct('RequestPayload', [])])]);
    kmipFailure(() => decodeRequestMessage(struct('Message', [struct('Header', [version(2, 1), int('BatchCount', 1)]), numeric])), 'Invalid_Message');
    const textOp = struct('Items', [struct('Items', [text('Operation', 'Get'), struct('RequestPayload', [])])]);
    kmipFailure(() => decodeRequestMessage(struct('Message', [struct('Header', [version(2, 1), int('BatchCount', 1)]), textOp])), 'Invalid_Message');
  });

  it('refuses an item without RequestPayload, naming it', () => {
    const s = message([struct('Items', [enumeration('Operation', 'Locate'), bool('Ephemeral', false)])]);
    assert.match(kmipFailure(() => decodeRequestMessage(s), 'Invalid_Message').message, /RequestPayload is required/);
  });

  it('refuses an item that is not a Structure', () => {
    const s = struct('Message', [struct('Header', [version(2, 1), int('BatchCount', 2)]), struct('Items', [text('Items', 'a'), text('Items', 'b')])]);
    kmipFailure(() => decodeRequestMessage(s), 'Invalid_Message');
  });
});

describe('encodeResponseMessage', () => {
  const request = decodeRequestMessage(message([item('Create', [], Buffer.from([7])), item('Get', [])]));

  it("writes Cosmian's Message vector byte for byte", () => {
    const req = decodeRequestMessage(vector('request.json'));
    const expected = vector('response.json');
    const items = expected.value.find((c) => c.tag === 'Items');
    assert.ok(items?.type === 'Structure');
    const payload = items.value[0]?.type === 'Structure' ? items.value[0].value.find((c) => c.tag === 'ResponsePayload') : undefined;
    assert.ok(payload?.type === 'Structure');
    const result: BatchResult = { operation: 'Encrypt', uniqueBatchItemId: req.items[0]?.uniqueBatchItemId, payload: struct('EncryptResponse', payload.value) };
    assert.equal(encodeJsonTtlv(encodeResponseMessage(req, [result], 0x672112d0)), encodeJsonTtlv(expected));
  });

  it('writes the header: the request version, a LongInteger Timestamp in seconds and the result count', () => {
    const out = asStructure(encodeResponseMessage(request, [], 1_700_000_123), 'response');
    const header = out.value[0];
    assert.ok(header?.type === 'Structure' && header.tag === 'Header');
    assert.deepEqual(header.value.map((c) => [c.tag, c.type]), [['ProtocolVersion', 'Structure'], ['Timestamp', 'LongInteger'], ['BatchCount', 'Integer']]);
    assert.deepEqual(header.value[1]?.value, 1_700_000_123n);
    assert.equal(header.value[2]?.value, 0);
    assert.equal(out.value.length, 1, 'no Items without results');
  });

  it('writes a success with its payload and a failure with reason and message, each echoing its batch item id', () => {
    const results: BatchResult[] = [
      { operation: 'Create', uniqueBatchItemId: Buffer.from([7]), payload: struct('CreateResponse', [text('UniqueIdentifier', 'u')]) },
      { operation: 'Get', uniqueBatchItemId: undefined, reason: 'Item_Not_Found', message: 'no such key' },
    ];
    const out = asStructure(encodeResponseMessage(request, results, 0), 'response');
    assert.equal(
      encodeJsonTtlv(out.value[1] ?? struct('none', [])),
      encodeJsonTtlv(
        struct('Items', [
          struct('Items', [
            enumeration('Operation', 'Create'),
            bytes('UniqueBatchItemId', Buffer.from([7])),
            enumeration('ResultStatus', 'Success'),
            struct('ResponsePayload', [text('UniqueIdentifier', 'u')]),
          ]),
          struct('Items', [
            enumeration('Operation', 'Get'),
            enumeration('ResultStatus', 'OperationFailed'),
            enumeration('ResultReason', 'Item_Not_Found'),
            text('ResultMessage', 'no such key'),
          ]),
        ]),
      ),
    );
    const header = out.value[0];
    assert.ok(header?.type === 'Structure');
    assert.equal(header.value.find((c) => c.tag === 'BatchCount')?.value, 2);
  });

  it('echoes a protocol version other than 2.1', () => {
    const req = decodeRequestMessage(message([], [version(1, 4), int('BatchCount', 0)]));
    const json = encodeJsonTtlv(encodeResponseMessage(req, [], 0));
    assert.match(json, /"ProtocolVersionMajor","type":"Integer","value":1\}/);
    assert.match(json, /"ProtocolVersionMinor","type":"Integer","value":4\}/);
  });
});
