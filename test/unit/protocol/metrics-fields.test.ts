import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Packr } from 'msgpackr';
import { decodeEvents, encodeFrame, ProtocolError } from '../../../src/protocol/codec.js';
import { PROTOCOL_VERSION } from '../../../src/protocol/messages.js';

describe('protocol codec: what a request was, for the metrics', () => {
  it('carries the operation label of answers and faults, and the failure reason of an answered batch', () => {
    const [done, batch, fault, bare] = decodeEvents(encodeFrame([
      { type: 'done', v: PROTOCOL_VERSION, id: 1, body: null, operation: 'Encrypt' },
      { type: 'done', v: PROTOCOL_VERSION, id: 2, body: null, operation: 'Batch', failure: 'Item_Not_Found' },
      { type: 'fault', v: PROTOCOL_VERSION, id: 3, error: { code: 'KMIP_ERROR', reason: 'Item_Not_Found', message: 'x' }, operation: 'Get' },
      { type: 'done', v: PROTOCOL_VERSION, id: 4, body: null },
    ]).bytes);
    assert.deepEqual(done, { type: 'done', v: PROTOCOL_VERSION, id: 1, body: null, operation: 'Encrypt' });
    assert.deepEqual(batch, { type: 'done', v: PROTOCOL_VERSION, id: 2, body: null, operation: 'Batch', failure: 'Item_Not_Found' });
    assert.equal(fault?.type === 'fault' ? fault.operation : undefined, 'Get');
    assert.deepEqual(bare, { type: 'done', v: PROTOCOL_VERSION, id: 4, body: null });
  });

  it('refuses a label that is not a short string and a failure that is not a KMIP result reason', () => {
    const p = new Packr({ useRecords: false });
    const frame = (o: unknown): Uint8Array => Uint8Array.from(p.pack([o]));
    const done = { type: 'done', v: PROTOCOL_VERSION, id: 1, body: null };
    assert.throws(() => decodeEvents(frame({ ...done, operation: 42 })), ProtocolError);
    assert.throws(() => decodeEvents(frame({ ...done, operation: '' })), ProtocolError);
    assert.throws(() => decodeEvents(frame({ ...done, operation: 'x'.repeat(41) })), ProtocolError);
    assert.throws(() => decodeEvents(frame({ ...done, operation: 'Get', failure: 'Tenant_1234' })), ProtocolError);
    assert.throws(() => decodeEvents(frame({ type: 'fault', v: PROTOCOL_VERSION, id: 1, error: { code: 'INTERNAL', message: 'x' }, operation: ['Get'] })), ProtocolError);
  });
});
