import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeJsonTtlv, parseJsonTtlv } from '../../../../src/kmip/ttlv/json.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';

function read(type: string, value: unknown): TtlvNode['value'] {
  return parseJsonTtlv(JSON.stringify({ tag: 'X', type, value })).value;
}

function written(node: TtlvNode): unknown {
  return (JSON.parse(encodeJsonTtlv(node)) as { value: unknown }).value;
}

const codecError = { name: 'KmipError', reason: 'Codec_Error' };

describe('JSON TTLV Boolean and TextString', () => {
  it('reads and writes true and false', () => {
    assert.equal(read('Boolean', true), true);
    assert.equal(encodeJsonTtlv({ tag: 'X', type: 'Boolean', value: false }), '{"tag":"X","type":"Boolean","value":false}');
  });

  it('rejects a Boolean written as a string or number', () => {
    for (const value of ['true', 1]) assert.throws(() => read('Boolean', value), codecError);
  });

  it('keeps quotes, backslashes, control characters and non-ASCII text through JSON escaping', () => {
    const value = 'a"b\\c\nd\u0001é€😀';
    assert.equal(read('TextString', value), value);
    const text = encodeJsonTtlv({ tag: 'X', type: 'TextString', value });
    assert.equal(text, JSON.stringify({ tag: 'X', type: 'TextString', value }));
  });

  it('rejects a TextString that is not a string', () => {
    assert.throws(() => read('TextString', 42), codecError);
  });
});

describe('JSON TTLV ByteString', () => {
  it('reads hex of either case and writes uppercase hex without 0x', () => {
    const expected = new Uint8Array([0x0b, 0x3e, 0xab, 0xcd]);
    for (const hex of ['0B3EABCD', '0b3eabcd', '0b3EaBcD']) assert.deepEqual(read('ByteString', hex), expected);
    assert.equal(written({ tag: 'X', type: 'ByteString', value: expected }), '0B3EABCD');
  });

  it('reads and writes an empty ByteString', () => {
    assert.deepEqual(read('ByteString', ''), new Uint8Array(0));
    assert.equal(written({ tag: 'X', type: 'ByteString', value: new Uint8Array(0) }), '');
  });

  it('decodes into a Uint8Array that owns its memory rather than a pooled Buffer', () => {
    const bytes = read('ByteString', '00112233');
    assert.ok(bytes instanceof Uint8Array);
    assert.ok(!Buffer.isBuffer(bytes));
    assert.equal(bytes.buffer.byteLength, 4);
  });

  it('writes only the bytes of a subarray view', () => {
    const view = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3);
    assert.equal(written({ tag: 'X', type: 'ByteString', value: view }), '0203');
    assert.equal(written({ tag: 'X', type: 'ByteString', value: Buffer.from([0xfe]) }), 'FE');
  });

  it('rejects odd-length hex, non-hex characters, a 0x prefix and non-strings', () => {
    for (const value of ['ABC', '0G', '0x00', ' 00', 12]) assert.throws(() => read('ByteString', value), codecError);
  });
});

describe('JSON TTLV DateTime', () => {
  it('reads an RFC 3339 UTC time and writes it back without milliseconds when they are zero', () => {
    const date = read('DateTime', '2024-10-29T12:34:56Z');
    assert.ok(date instanceof Date);
    assert.equal(date.getTime(), Date.UTC(2024, 9, 29, 12, 34, 56));
    assert.equal(written({ tag: 'X', type: 'DateTime', value: date }), '2024-10-29T12:34:56Z');
  });

  it('writes milliseconds when there are some', () => {
    const date = new Date(Date.UTC(2024, 9, 29, 12, 34, 56, 789));
    assert.equal(written({ tag: 'X', type: 'DateTime', value: date }), '2024-10-29T12:34:56.789Z');
    assert.deepEqual(read('DateTime', '2024-10-29T12:34:56.789Z'), date);
  });

  it('applies a numeric offset and writes the instant in UTC', () => {
    const date = read('DateTime', '2024-10-29T14:04:56+01:30');
    assert.ok(date instanceof Date);
    assert.equal(written({ tag: 'X', type: 'DateTime', value: date }), '2024-10-29T12:34:56Z');
    assert.deepEqual(read('DateTime', '2024-12-31T23:00:00-02:00'), new Date(Date.UTC(2025, 0, 1, 1)));
  });

  it('accepts lowercase t and z and drops digits past the millisecond', () => {
    assert.deepEqual(read('DateTime', '2024-10-29t12:34:56.123456z'), new Date(Date.UTC(2024, 9, 29, 12, 34, 56, 123)));
    assert.deepEqual(read('DateTime', '2024-10-29T12:34:56.5Z'), new Date(Date.UTC(2024, 9, 29, 12, 34, 56, 500)));
  });

  it('keeps years below 100 and a leap day', () => {
    assert.equal(written({ tag: 'X', type: 'DateTime', value: read('DateTime', '0001-01-01T00:00:00Z') as Date }),
      '0001-01-01T00:00:00Z');
    assert.deepEqual(read('DateTime', '2024-02-29T00:00:00Z'), new Date(Date.UTC(2024, 1, 29)));
  });

  it('rejects impossible days, out-of-range fields and other formats', () => {
    const bad = ['2023-02-29T00:00:00Z', '2024-04-31T00:00:00Z', '2024-13-01T00:00:00Z', '2024-10-29T24:00:00Z',
      '2024-10-29T12:60:00Z', '2024-10-29T12:00:60Z', '2024-10-29 12:00:00Z', '2024-10-29T12:00:00',
      '2024-10-29', 'yesterday', 1730197946];
    for (const value of bad) assert.throws(() => read('DateTime', value), codecError, String(value));
  });

  it('refuses to write an invalid Date or one past year 9999', () => {
    assert.throws(() => encodeJsonTtlv({ tag: 'X', type: 'DateTime', value: new Date(Number.NaN) }), codecError);
    const far = new Date(Date.UTC(10000, 0, 1));
    assert.throws(() => encodeJsonTtlv({ tag: 'X', type: 'DateTime', value: far }), codecError);
  });
});

describe('JSON TTLV Structure', () => {
  it('reads a node without a type as a Structure and writes the type out', () => {
    const node = parseJsonTtlv('{"tag":"Get","value":[{"tag":"UniqueIdentifier","type":"TextString","value":"1"}]}');
    assert.deepEqual(node, {
      tag: 'Get', type: 'Structure', value: [{ tag: 'UniqueIdentifier', type: 'TextString', value: '1' }],
    });
    assert.equal(encodeJsonTtlv(node),
      '{"tag":"Get","type":"Structure","value":[{"tag":"UniqueIdentifier","type":"TextString","value":"1"}]}');
  });

  it('writes keys in the order tag, type, value whatever order they were read in', () => {
    const node = parseJsonTtlv('{"value":[{"value":7,"type":"Integer","tag":"N"}],"tag":"S"}');
    assert.equal(encodeJsonTtlv(node), '{"tag":"S","type":"Structure","value":[{"tag":"N","type":"Integer","value":7}]}');
  });

  it('reads and writes an empty Structure', () => {
    const text = '{"tag":"Empty","type":"Structure","value":[]}';
    assert.equal(encodeJsonTtlv(parseJsonTtlv(text)), text);
  });

  it('writes no whitespace and escapes tags as JSON strings', () => {
    const node: TtlvNode = { tag: 'A "B"', type: 'Structure', value: [{ tag: 'C', type: 'Boolean', value: true }] };
    assert.equal(encodeJsonTtlv(node), '{"tag":"A \\"B\\"","type":"Structure","value":[{"tag":"C","type":"Boolean","value":true}]}');
  });
});
