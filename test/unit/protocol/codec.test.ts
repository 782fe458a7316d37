import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCommands, decodeEvents, encodeFrame, ProtocolError } from '../../../src/protocol/codec.js';
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
    const json = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
    const expected = json(cmds);
    const frame = encodeFrame(cmds);
    assert.equal(json(decodeCommands(frame.bytes)), expected, 'a frame carries many messages in order');
  });

  it('wipes the key of a message once it is serialised, leaving the frame as the only copy', () => {
    const key = new Uint8Array(32).fill(0x5c);
    const frame = encodeFrame([{ type: 'activate', v: PROTOCOL_VERSION, id: 1, actorId: '7', database: { kind: 'encrypted', groupId: '7' }, key }]);
    assert.ok(key.every((b) => b === 0));
    const [decoded] = decodeCommands(frame.bytes);
    assert.deepEqual(decoded?.type === 'activate' ? Array.from(decoded.key ?? []) : [], Array.from({ length: 32 }, () => 0x5c));
  });

  it('frames messages in an exact-size buffer of their own, ready to transfer', () => {
    const a = encodeFrame([{ type: 'shutdown', v: PROTOCOL_VERSION, id: 1 }]);
    const b = encodeFrame([{ type: 'shutdown', v: PROTOCOL_VERSION, id: 2 }]);
    assert.notEqual(a.bytes.buffer, b.bytes.buffer);
    assert.equal(a.bytes.byteLength, a.bytes.buffer.byteLength);
    assert.deepEqual(a.transfer, [a.bytes.buffer]);
  });

  it('round-trips done and fault events, errors as data', () => {
    const [done, fault] = decodeEvents(encodeFrame([
      { type: 'done', v: PROTOCOL_VERSION, id: 9, body: new TextEncoder().encode('ok') },
      { type: 'fault', v: PROTOCOL_VERSION, id: 10, error: { code: 'KMIP_ERROR', reason: 'Item_Not_Found', message: 'x' } },
    ]).bytes);
    assert.equal(done?.type, 'done');
    assert.deepEqual(fault?.type === 'fault' ? fault.error : undefined, { code: 'KMIP_ERROR', reason: 'Item_Not_Found', message: 'x' });
  });

  it('refuses frames of another protocol version, unknown types and malformed fields', () => {
    const p = new Packr({ useRecords: false });
    const frame = (o: unknown): Uint8Array => Uint8Array.from(p.pack([o]));
    assert.throws(() => decodeCommands(frame({ type: 'shutdown', v: 99, id: 1 })), ProtocolError);
    assert.throws(() => decodeCommands(frame({ type: 'explode', v: PROTOCOL_VERSION, id: 1 })), ProtocolError);
    assert.throws(() => decodeCommands(frame({ type: 'request', v: PROTOCOL_VERSION, id: 1, actorId: 'a', kind: 'kmip', user: 'u', body: 'text' })), ProtocolError);
    assert.throws(() => decodeCommands(frame({ type: 'activate', v: PROTOCOL_VERSION, id: 1, actorId: 'a', database: { kind: 'encrypted', groupId: '../x' }, key: null })), ProtocolError);
    assert.throws(() => decodeEvents(frame({ type: 'fault', v: PROTOCOL_VERSION, id: 1, error: { code: 'NOPE', message: 'x' } })), ProtocolError);
    assert.throws(() => decodeEvents(frame([1, 2, 3])), ProtocolError);
    assert.throws(() => decodeEvents(Uint8Array.from(p.pack([]))), ProtocolError);
    assert.throws(() => decodeEvents(Uint8Array.from(p.pack({ type: 'ready', v: PROTOCOL_VERSION, id: 0 }))), ProtocolError);
  });
});
