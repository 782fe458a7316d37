import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TTLV_LIMITS, decodeTtlv, encodeJsonTtlv, parseJsonTtlv } from '../../../../src/kmip/ttlv/json.js';
import type { TtlvLimits } from '../../../../src/kmip/ttlv/json.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';
import { kmipFailure } from '../../../helpers/kmip-assert.js';


/** A chain of Structures `depth` nodes deep, ending in an empty one. */
function nested(depth: number): unknown {
  let node: unknown = { tag: 'Leaf', type: 'Structure', value: [] };
  for (let i = 1; i < depth; i++) node = { tag: 'Level', value: [node] };
  return node;
}

/** A Structure holding `count - 1` Integer children, so `count` nodes in all. */
function flat(count: number): unknown {
  return { tag: 'Root', value: Array.from({ length: count - 1 }, (_, i) => ({ tag: 'N', type: 'Integer', value: i })) };
}

const SECRET = '0B3E539510BABD291BB9FEC2A390C833B05465F33374575CE4AAFFABD5E9302';

describe('JSON TTLV malformed JSON', () => {
  it('reports a syntax error as Invalid_Message with its line and column', () => {
    const error = kmipFailure(() => parseJsonTtlv('{"tag":"A",\n  "value":[1,]}'), 'Invalid_Message');
    assert.match(error.message, /line 2, column 14 \(offset 25\)/);
  });

  it('says when the input ends early, an unterminated string included', () => {
    for (const text of ['', '{"tag":"A","value":[', '{"tag":"A","type":"TextString","value":"abc']) {
      const error = kmipFailure(() => parseJsonTtlv(text), 'Invalid_Message');
      assert.match(error.message, new RegExp(`end of input at offset ${text.length}$`));
    }
  });

  it('points at a bad escape inside a string', () => {
    const error = kmipFailure(() => parseJsonTtlv('{"tag":"A\\q"}'), 'Invalid_Message');
    assert.match(error.message, /column 10 \(offset 9\)/);
  });

  it('reports trailing content after the value', () => {
    const error = kmipFailure(() => parseJsonTtlv('{"tag":"A","value":[]} x'), 'Invalid_Message');
    assert.match(error.message, /offset 23/);
  });

  it('does not quote the input around a syntax error', () => {
    const text = `{"tag":"K","type":"ByteString","value":"${SECRET}"}}`;
    const error = kmipFailure(() => parseJsonTtlv(text), 'Invalid_Message');
    assert.ok(!error.message.includes(SECRET.slice(0, 8)), error.message);
  });
});

describe('JSON TTLV invalid nodes', () => {
  it('rejects an unknown type, naming the tag and the type', () => {
    const error = kmipFailure(() => parseJsonTtlv('{"tag":"Thing","type":"Float","value":1.5}'), 'Codec_Error');
    assert.match(error.message, /Thing/);
    assert.match(error.message, /Float/);
  });

  it('names the path from the root to the bad node', () => {
    const text = '{"tag":"Create","value":[{"tag":"Attributes","value":[{"tag":"CryptographicLength","type":"Integer","value":2147483648}]}]}';
    const error = kmipFailure(() => parseJsonTtlv(text), 'Codec_Error');
    assert.match(error.message, /Create\/Attributes\/CryptographicLength: Integer value/);
  });

  it('rejects bad and odd-length ByteString hex without echoing the value', () => {
    for (const value of [`${SECRET}Z`, SECRET]) {
      const text = JSON.stringify({ tag: 'Key', type: 'ByteString', value });
      const error = kmipFailure(() => parseJsonTtlv(text), 'Codec_Error');
      assert.match(error.message, /Key: ByteString value/);
      assert.ok(!error.message.includes(SECRET.slice(0, 8)), error.message);
    }
  });

  it('rejects a LongInteger of the wrong length and an out-of-range Integer', () => {
    kmipFailure(() => parseJsonTtlv('{"tag":"T","type":"LongInteger","value":"0x0000000067210F"}'), 'Codec_Error');
    kmipFailure(() => parseJsonTtlv('{"tag":"T","type":"Integer","value":-2147483649}'), 'Codec_Error');
  });

  it('rejects a Structure whose value is not an array, or holds a non-node', () => {
    kmipFailure(() => parseJsonTtlv('{"tag":"S","type":"Structure","value":{"tag":"C"}}'), 'Codec_Error');
    kmipFailure(() => parseJsonTtlv('{"tag":"S","value":"text"}'), 'Codec_Error');
    const error = kmipFailure(() => parseJsonTtlv('{"tag":"S","value":[{"tag":"A","value":[]},[1]]}'), 'Codec_Error');
    assert.match(error.message, /S: item 1 is not a TTLV node object/);
  });

  it('rejects a missing or empty tag, a missing value, a non-string type and an unexpected member', () => {
    for (const text of ['{"type":"Integer","value":1}', '{"tag":"","value":[]}', '{"tag":"A","type":"Integer"}',
      '{"tag":"A","type":5,"value":1}', '{"tag":"A","type":"Integer","value":1,"extra":true}']) {
      kmipFailure(() => parseJsonTtlv(text), 'Codec_Error');
    }
  });

  it('rejects a root that is not a node object', () => {
    for (const value of [42, null, 'text', [], true]) kmipFailure(() => decodeTtlv(value), 'Codec_Error');
  });
});

describe('JSON TTLV limits', () => {
  it('has the documented defaults', () => {
    assert.deepEqual({ ...DEFAULT_TTLV_LIMITS }, { maxDepth: 64, maxNodes: 100_000, maxStringLength: 16 * 1024 * 1024 });
  });

  it('accepts nesting up to the depth limit and rejects one level more as Invalid_Message', () => {
    assert.equal(decodeTtlv(nested(64)).tag, 'Level');
    kmipFailure(() => decodeTtlv(nested(65)), 'Invalid_Message');
    // Built by hand: JSON.stringify itself recurses and would overflow the stack.
    const deep = `${'{"tag":"L","value":['.repeat(100_000)}${']}'.repeat(100_000)}`;
    kmipFailure(() => parseJsonTtlv(deep), 'Invalid_Message');
  });

  it('accepts up to the node limit and rejects one node more as Invalid_Message', () => {
    const limits: TtlvLimits = { ...DEFAULT_TTLV_LIMITS, maxNodes: 10 };
    assert.equal(decodeTtlv(flat(10), limits).type, 'Structure');
    kmipFailure(() => decodeTtlv(flat(11), limits), 'Invalid_Message');
    kmipFailure(() => decodeTtlv(flat(100_001)), 'Invalid_Message');
  });

  it('counts nodes across nested Structures', () => {
    const limits: TtlvLimits = { ...DEFAULT_TTLV_LIMITS, maxNodes: 3 };
    assert.doesNotThrow(() => decodeTtlv(nested(3), limits));
    kmipFailure(() => decodeTtlv(nested(4), limits), 'Invalid_Message');
  });

  it('rejects a string value or tag longer than the string limit as Invalid_Message', () => {
    const limits: TtlvLimits = { ...DEFAULT_TTLV_LIMITS, maxStringLength: 8 };
    assert.equal(decodeTtlv({ tag: 'T', type: 'TextString', value: '12345678' }, limits).value, '12345678');
    kmipFailure(() => decodeTtlv({ tag: 'T', type: 'TextString', value: '123456789' }, limits), 'Invalid_Message');
    kmipFailure(() => decodeTtlv({ tag: 'T', type: 'ByteString', value: '0011223344' }, limits), 'Invalid_Message');
    kmipFailure(() => decodeTtlv({ tag: 'LongTagName', type: 'Boolean', value: true }, limits), 'Invalid_Message');
  });
});

describe('JSON TTLV encoding errors', () => {
  it('refuses a node whose type is unknown at run time', () => {
    const node = { tag: 'X', type: 'Float', value: 1.5 } as unknown as TtlvNode;
    kmipFailure(() => encodeJsonTtlv(node), 'Codec_Error');
  });

  it('refuses a value of the wrong JavaScript type', () => {
    const node = { tag: 'X', type: 'ByteString', value: 'ABCD' } as unknown as TtlvNode;
    const error = kmipFailure(() => encodeJsonTtlv(node), 'Codec_Error');
    assert.ok(!error.message.includes('ABCD'));
  });
});

describe('parseJsonTtlv input bounds', () => {
  it('refuses a body with far more values than the node limit before building it', () => {
    const flood = '[' + '{},'.repeat(700_000) + '{}]';
    const err = kmipFailure(() => parseJsonTtlv(flood), 'Invalid_Message');
    assert.match(err.message, /more than 100000 TTLV items/);
  });

  it('still accepts a large ByteString, which holds no structure', () => {
    const hex = 'AB'.repeat(1_000_000);
    const node = parseJsonTtlv(`{"tag":"Data","type":"ByteString","value":"${hex}"}`);
    assert.equal(node.type === 'ByteString' ? node.value.length : 0, 1_000_000);
  });
});
