import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeJsonTtlv, parseJsonTtlv } from '../../../../src/kmip/ttlv/json.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';

/** Parses one scalar node written as `{"tag":"X","type":type,"value":value}`. */
function read(type: string, value: unknown): TtlvNode['value'] {
  return parseJsonTtlv(JSON.stringify({ tag: 'X', type, value })).value;
}

/** The JSON text encodeJsonTtlv writes for the value of a node. */
function written(node: TtlvNode): unknown {
  return (JSON.parse(encodeJsonTtlv(node)) as { value: unknown }).value;
}

const codecError = { name: 'KmipError', reason: 'Codec_Error' };

describe('JSON TTLV Integer', () => {
  it('reads and writes a JSON number', () => {
    assert.equal(read('Integer', 256), 256);
    assert.equal(encodeJsonTtlv({ tag: 'X', type: 'Integer', value: 256 }), '{"tag":"X","type":"Integer","value":256}');
  });

  it('keeps the signed 32-bit bounds both ways', () => {
    for (const value of [-2147483648, 2147483647, 0, -1]) {
      assert.equal(read('Integer', value), value);
      assert.equal(written({ tag: 'X', type: 'Integer', value }), value);
    }
  });

  it('reads "0x" and 8 hex digits as a 32-bit mask, written back as a number', () => {
    assert.equal(read('Integer', '0x0000083C'), 2108);
    assert.equal(read('Integer', '0x0000083c'), 2108);
    assert.equal(written({ tag: 'X', type: 'Integer', value: 2108 }), 2108);
  });

  it('reads a mask with the top bit set as the negative number with the same bits', () => {
    assert.equal(read('Integer', '0xFFFFFFFF'), -1);
    assert.equal(read('Integer', '0x80000000'), -2147483648);
  });

  it('rejects numbers outside the signed 32-bit range, fractions, and masks of the wrong length', () => {
    for (const value of [2147483648, -2147483649, 4294967295, 1.5, '0x83C', '0x000000083C', '2108', true]) {
      assert.throws(() => read('Integer', value), codecError, String(value));
    }
  });

  it('refuses to write a value that is not a signed 32-bit integer', () => {
    for (const value of [2147483648, Number.NaN, 0.5]) {
      assert.throws(() => encodeJsonTtlv({ tag: 'X', type: 'Integer', value }), codecError);
    }
  });
});

describe('JSON TTLV LongInteger', () => {
  it("writes a negative LongInteger as 16 hex digits of two's complement", () => {
    assert.equal(written({ tag: 'X', type: 'LongInteger', value: -42n }), '0xFFFFFFFFFFFFFFD6');
    assert.equal(read('LongInteger', '0xFFFFFFFFFFFFFFD6'), -42n);
  });

  it('keeps the signed 64-bit minimum and maximum both ways', () => {
    const cases: [bigint, string][] = [
      [-(2n ** 63n), '0x8000000000000000'],
      [2n ** 63n - 1n, '0x7FFFFFFFFFFFFFFF'],
      [0n, '0x0000000000000000'],
    ];
    for (const [value, hex] of cases) {
      assert.equal(read('LongInteger', hex), value);
      assert.equal(written({ tag: 'X', type: 'LongInteger', value }), hex);
    }
  });

  it('reads lowercase hex and writes it back uppercase', () => {
    assert.equal(read('LongInteger', '0x00000192d5b3c1e8'), 0x192d5b3c1e8n);
    assert.equal(written({ tag: 'X', type: 'LongInteger', value: 0x192d5b3c1e8n }), '0x00000192D5B3C1E8');
  });

  it('accepts a safe-integer JSON number but always writes hex', () => {
    assert.equal(read('LongInteger', 1730197946856), 1730197946856n);
    assert.equal(read('LongInteger', -1), -1n);
    assert.equal(written({ tag: 'X', type: 'LongInteger', value: 1n }), '0x0000000000000001');
  });

  it('rejects hex that is not exactly 8 bytes, a missing 0x, and unsafe numbers', () => {
    for (const value of ['0x00FF', '0x000000000000000001', 'FFFFFFFFFFFFFFD6', '0xFFFFFFFFFFFFFFDG', 2 ** 53, 1.5]) {
      assert.throws(() => read('LongInteger', value), codecError, String(value));
    }
  });

  it('refuses to write a bigint outside the signed 64-bit range', () => {
    assert.throws(() => encodeJsonTtlv({ tag: 'X', type: 'LongInteger', value: 2n ** 63n }), codecError);
  });
});

describe('JSON TTLV BigInteger', () => {
  it('writes zero as 0x00 and reads 0x, 0x0 and 0x00 as zero', () => {
    assert.equal(written({ tag: 'X', type: 'BigInteger', value: 0n }), '0x00');
    for (const hex of ['0x', '0x0', '0x00']) assert.equal(read('BigInteger', hex), 0n);
  });

  it('writes the unsigned magnitude in whole bytes without sign padding', () => {
    assert.equal(written({ tag: 'X', type: 'BigInteger', value: 65537n }), '0x010001');
    assert.equal(written({ tag: 'X', type: 'BigInteger', value: 255n }), '0xFF');
    assert.equal(read('BigInteger', '0x00FF'), 255n);
    assert.equal(read('BigInteger', '0x10001'), 65537n);
  });

  it('keeps a 4096-bit value both ways', () => {
    const value = 2n ** 4096n - 1n;
    const hex = `0x${'F'.repeat(1024)}`;
    assert.equal(written({ tag: 'X', type: 'BigInteger', value }), hex);
    assert.equal(read('BigInteger', hex.toLowerCase()), value);
  });

  it('rejects non-hex text and numbers, and refuses to write a negative value', () => {
    for (const value of ['FF', '0xZZ', 255]) assert.throws(() => read('BigInteger', value), codecError);
    assert.throws(() => encodeJsonTtlv({ tag: 'X', type: 'BigInteger', value: -1n }), codecError);
  });
});

describe('JSON TTLV Enumeration', () => {
  it('reads and writes a variant name as given', () => {
    assert.equal(read('Enumeration', 'SymmetricKey'), 'SymmetricKey');
    assert.equal(written({ tag: 'X', type: 'Enumeration', value: 'AES' }), 'AES');
  });

  it('keeps a numeric value as a number, for callers to reject', () => {
    assert.equal(read('Enumeration', 3), 3);
    assert.equal(written({ tag: 'X', type: 'Enumeration', value: 3 }), 3);
  });

  it('reads a "0x" hex value as a number', () => {
    assert.equal(read('Enumeration', '0x00000003'), 3);
    assert.equal(read('Enumeration', '0x80000001'), 0x80000001);
  });

  it('rejects negative, fractional and non-name values', () => {
    for (const value of [-1, 1.5, 2 ** 32, true, null]) assert.throws(() => read('Enumeration', value), codecError);
  });
});

describe('JSON TTLV Interval', () => {
  it('keeps the unsigned 32-bit bounds both ways', () => {
    for (const value of [0, 4294967295]) {
      assert.equal(read('Interval', value), value);
      assert.equal(written({ tag: 'X', type: 'Interval', value }), value);
    }
  });

  it('rejects negative, too large, fractional and string values', () => {
    for (const value of [-1, 4294967296, 0.5, '10']) assert.throws(() => read('Interval', value), codecError);
  });
});

describe('JSON TTLV DateTimeExtended', () => {
  it("reads and writes 32 hex digits of two's complement microseconds", () => {
    const micros = 1730197946856123n;
    const hex = `0x${micros.toString(16).toUpperCase().padStart(32, '0')}`;
    assert.equal(read('DateTimeExtended', hex), micros);
    assert.equal(read('DateTimeExtended', hex.toLowerCase()), micros);
    assert.equal(written({ tag: 'X', type: 'DateTimeExtended', value: micros }), hex);
    assert.equal(written({ tag: 'X', type: 'DateTimeExtended', value: -1n }), `0x${'F'.repeat(32)}`);
    assert.equal(read('DateTimeExtended', `0x${'F'.repeat(32)}`), -1n);
  });

  it('rejects hex that is not exactly 16 bytes', () => {
    assert.throws(() => read('DateTimeExtended', '0x0000000000000001'), codecError);
  });
});
