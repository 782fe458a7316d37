import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommands, decodeEvents, encodeFrame, ProtocolError } from '../../../src/protocol/codec.js';
import { RECORD_FRAME } from '../../../src/protocol/records.js';
import { PROTOCOL_VERSION, type DoneEvent, type RequestCommand } from '../../../src/protocol/messages.js';

const request = (id: number, body: Uint8Array, user = 'admin'): RequestCommand => ({ type: 'request', v: PROTOCOL_VERSION, id, actorId: '42', kind: 'kmip', user, body });

describe('protocol codec: fixed-layout records', () => {
  it('writes requests and answers as records, not msgpack', () => {
    const frame = encodeFrame([request(1, Uint8Array.of(1, 2, 3)), { type: 'done', v: PROTOCOL_VERSION, id: 2, body: null }]);
    assert.equal(frame.bytes[0], RECORD_FRAME);
  });

  it('round-trips answers with audit records, labels, failures, non-ASCII text and large ids', () => {
    const done: DoneEvent = {
      type: 'done', v: PROTOCOL_VERSION, id: 2 ** 40 + 3, body: new TextEncoder().encode('{"r":"é"}'),
      audit: [{ operation: 'Encrypt', objectId: 'ü-1', result: 'Success' }, { operation: 'Get', objectId: null, result: 'Item_Not_Found' }],
      operation: 'Batch', failure: 'Item_Not_Found',
    };
    const [decoded] = decodeEvents(encodeFrame([done]).bytes);
    assert.deepEqual(decoded, done);
  });

  it('round-trips requests mixed with msgpack messages, in order, bodies read in place', () => {
    const body = new TextEncoder().encode('{"tag":"Encrypt"}');
    const key = new Uint8Array(32).fill(9);
    const frame = encodeFrame([
      request(1, body, 'ünïcode user'),
      { type: 'activate', v: PROTOCOL_VERSION, id: 2, actorId: '42', database: { kind: 'encrypted', groupId: '42' }, key },
      request(3, new Uint8Array(0)),
    ]);
    assert.ok(key.every((b) => b === 0), 'the key is wiped once framed');
    const [a, b, c] = decodeCommands(frame.bytes);
    assert.deepEqual(a, { ...request(1, body, 'ünïcode user'), body: new Uint8Array(body) });
    assert.equal(a?.type === 'request' ? a.body.buffer : undefined, frame.bytes.buffer, 'the body is a view into the frame');
    assert.deepEqual(b?.type === 'activate' ? Array.from(b.key ?? []) : [], Array.from({ length: 32 }, () => 9));
    assert.deepEqual(c, { ...request(3, new Uint8Array(0)) });
  });

  it('sends a field too long for its length prefix as msgpack', () => {
    const frame = encodeFrame([request(1, Uint8Array.of(1), 'u'.repeat(70_000))]);
    const [decoded] = decodeCommands(frame.bytes);
    assert.equal(decoded?.type === 'request' ? decoded.user.length : 0, 70_000);
  });

  it('refuses truncated records, unknown record types, bad kinds and records of the wrong direction', () => {
    const good = encodeFrame([request(1, Uint8Array.of(1, 2, 3))]).bytes;
    assert.throws(() => decodeCommands(good.subarray(0, good.length - 1)), ProtocolError);
    assert.throws(() => decodeCommands(Uint8Array.of(RECORD_FRAME)), ProtocolError);
    assert.throws(() => decodeCommands(Uint8Array.of(RECORD_FRAME, 9, 0, 0, 0, 0, 0, 0, 0, 0)), ProtocolError);
    const badKind = Uint8Array.from(good);
    badKind[10] = 200; // the kind byte follows the type byte and the 8-byte id
    assert.throws(() => decodeCommands(badKind), ProtocolError);
    assert.throws(() => decodeEvents(good), ProtocolError);
    assert.throws(() => decodeCommands(encodeFrame([{ type: 'done', v: PROTOCOL_VERSION, id: 1, body: null }]).bytes), ProtocolError);
  });
});
