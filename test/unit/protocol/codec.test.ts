import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommand, decodeEvent, encodeMessage, ProtocolError } from '../../../src/protocol/codec.js';
import { PROTOCOL_VERSION, type WorkerCommand } from '../../../src/protocol/messages.js';
import { Packr } from 'msgpackr';

describe('protocol codec', () => {
  it('round-trips every command type', () => {
    const cmds: WorkerCommand[] = [
      { type: 'activate', v: PROTOCOL_VERSION, id: 1, actorId: '42', database: { kind: 'encrypted', groupId: '42' }, key: new Uint8Array(32).fill(3) },
      { type: 'activate', v: PROTOCOL_VERSION, id: 2, actorId: 'kms', database: { kind: 'plain' }, key: null },
      { type: 'request', v: PROTOCOL_VERSION, id: 3, actorId: '42', kind: 'kmip', user: 'admin', body: new TextEncoder().encode('{}') },
      { type: 'deactivate', v: PROTOCOL_VERSION, id: 4, actorId: '42', reason: 'idle' },
      { type: 'create-database', v: PROTOCOL_VERSION, id: 5, groupId: '340282366920938463463374607431768211455', key: new Uint8Array(32) },
      { type: 'shutdown', v: PROTOCOL_VERSION, id: 6 },
    ];
    for (const c of cmds) {
      const decoded = decodeCommand(encodeMessage(c).bytes);
      assert.deepEqual(JSON.stringify(decoded, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)),
        JSON.stringify(c, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v)));
    }
  });

  it('frames each message in an exact-size buffer of its own, ready to transfer', () => {
    const a = encodeMessage({ type: 'shutdown', v: PROTOCOL_VERSION, id: 1 });
    const b = encodeMessage({ type: 'shutdown', v: PROTOCOL_VERSION, id: 2 });
    assert.notEqual(a.bytes.buffer, b.bytes.buffer);
    assert.equal(a.bytes.byteLength, a.bytes.buffer.byteLength);
    assert.deepEqual(a.transfer, [a.bytes.buffer]);
  });

  it('round-trips done and fault events, errors as data', () => {
    const done = decodeEvent(encodeMessage({ type: 'done', v: PROTOCOL_VERSION, id: 9, body: Buffer.from('ok') }).bytes);
    assert.equal(done.type, 'done');
    const fault = decodeEvent(encodeMessage({ type: 'fault', v: PROTOCOL_VERSION, id: 9, error: { code: 'KMIP_ERROR', reason: 'Item_Not_Found', message: 'x' } }).bytes);
    assert.deepEqual(fault.type === 'fault' ? fault.error : undefined, { code: 'KMIP_ERROR', reason: 'Item_Not_Found', message: 'x' });
  });

  it('refuses frames of another protocol version, unknown types and malformed fields', () => {
    const p = new Packr({ useRecords: false });
    const frame = (o: unknown): Uint8Array => Uint8Array.from(p.pack(o));
    assert.throws(() => decodeCommand(frame({ type: 'shutdown', v: 99, id: 1 })), ProtocolError);
    assert.throws(() => decodeCommand(frame({ type: 'explode', v: PROTOCOL_VERSION, id: 1 })), ProtocolError);
    assert.throws(() => decodeCommand(frame({ type: 'request', v: PROTOCOL_VERSION, id: 1, actorId: 'a', kind: 'kmip', user: 'u', body: 'text' })), ProtocolError);
    assert.throws(() => decodeCommand(frame({ type: 'activate', v: PROTOCOL_VERSION, id: 1, actorId: 'a', database: { kind: 'encrypted', groupId: '../x' }, key: null })), ProtocolError);
    assert.throws(() => decodeEvent(frame({ type: 'fault', v: PROTOCOL_VERSION, id: 1, error: { code: 'NOPE', message: 'x' } })), ProtocolError);
    assert.throws(() => decodeEvent(frame([1, 2, 3])), ProtocolError);
  });
});
