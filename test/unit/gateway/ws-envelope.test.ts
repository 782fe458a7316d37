/**
 * The WebSocket envelope: what reaches the actor from a request frame, and the bytes of a
 * response frame.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { unpack } from 'msgpackr';
import { decodeClientFrame, responseFrame } from '../../../src/gateway/ws/envelope.js';

const frame = (text: string): ArrayBuffer => {
  const b = Buffer.from(text, 'utf8');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

function bodyOf(text: string): string {
  const f = decodeClientFrame(frame(text), false);
  assert.equal(f.kind, 'request');
  return f.kind === 'request' ? Buffer.from(f.body).toString('utf8') : '';
}

describe('WebSocket envelope', () => {
  it('hands the actor the request exactly as the client wrote it when the frame has the usual layout', () => {
    // The space inside the request would be gone had it been parsed and written out again.
    assert.equal(bodyOf('{"id":7,"request":{"tag":"Get", "value":[]}}'), '{"tag":"Get", "value":[]}');
    assert.equal(bodyOf('{"id":"r-1","request":{"tag":"Query","value":[]}}'), '{"tag":"Query","value":[]}');
  });

  it('writes the request out again for any other layout', () => {
    const expected = JSON.stringify({ tag: 'Get', value: [] });
    assert.equal(bodyOf('{ "id": 7, "request": {"tag":"Get", "value":[]} }'), expected, 'spacing');
    assert.equal(bodyOf('{"request":{"tag":"Get", "value":[]},"id":7}'), expected, 'member order');
    assert.equal(bodyOf('{"id":7,"request":{"tag":"Get", "value":[]},"trace":"x"}'), expected, 'another member');
    assert.equal(bodyOf('{"id":"é","request":{"tag":"Get", "value":[]}}'), expected, 'an id beyond ASCII');
    // Ids whose text is not what JSON.stringify writes for their value.
    for (const id of ['1e3', '1.0', '-0', '"a\\/b"', '"\\u0041"']) {
      assert.equal(bodyOf(`{"id":${id},"request":{"tag":"Get", "value":[]}}`), expected, `id ${id}`);
    }
  });

  it('gives the actor a repeated request member as it came, which is not JSON it will accept', () => {
    const body = bodyOf('{"id":1,"request":{"tag":"Get","value":[]},"request":{"tag":"Destroy","value":[]}}');
    assert.throws(() => JSON.parse(body) as unknown, SyntaxError, 'neither value is picked');
  });

  it('splices the answer into a text frame byte for byte, and wraps it in msgpack for a binary session', () => {
    const answer = Buffer.from('{"tag":"Get","value":[{"tag":"UniqueIdentifier","type":"TextString","value":"ü"}]}', 'utf8');
    const text = responseFrame('é-1', answer, false);
    assert.ok(text instanceof Uint8Array);
    const decoded = JSON.parse(Buffer.from(text).toString('utf8')) as unknown;
    assert.deepEqual(decoded, { id: 'é-1', response: JSON.parse(answer.toString('utf8')) as unknown });
    assert.equal(Buffer.from(text).toString('utf8'), `{"id":"é-1","response":${answer.toString('utf8')}}`);
    const binary = responseFrame(3, answer, true);
    assert.ok(binary instanceof Uint8Array);
    assert.deepEqual(unpack(binary), { id: 3, response: JSON.parse(answer.toString('utf8')) as unknown });
  });
});
