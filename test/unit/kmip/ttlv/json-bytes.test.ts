/**
 * encodeJsonTtlvBytes: byte for byte the UTF-8 of encodeJsonTtlv, with large byte strings hex-written
 * straight into a buffer of its own, and the same Codec_Error for nodes that do not fit their type.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeJsonTtlv, encodeJsonTtlvBytes, parseJsonTtlv } from '../../../../src/kmip/ttlv/json.js';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import type { TtlvNode, TtlvType } from '../../../../src/kmip/ttlv/node.js';
import { prng } from '../../../helpers/prng.js';

function randomBytes(length: number, next: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** Every byte value, so each hex digit pair is written at least once. */
function everyByte(length: number, seed: number): Uint8Array {
  const out = randomBytes(length, prng(seed));
  for (let i = 0; i < Math.min(256, length); i++) out[i] = i;
  return out;
}

/** Asserts the bytes equal the UTF-8 of encodeJsonTtlv; returns them. */
function assertSameBytes(node: TtlvNode, label = node.tag): Uint8Array {
  const bytes = encodeJsonTtlvBytes(node);
  const expected = Buffer.from(encodeJsonTtlv(node), 'utf8');
  const actual = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!actual.equals(expected)) {
    let at = 0;
    while (at < Math.min(actual.length, expected.length) && actual[at] === expected[at]) at++;
    assert.fail(`${label}: ${actual.length} bytes instead of ${expected.length}, first difference at offset ${at}`);
  }
  return bytes;
}

const byteString = (tag: string, value: Uint8Array): TtlvNode => ({ tag, type: 'ByteString', value });
const structure = (tag: string, value: readonly TtlvNode[]): TtlvNode => ({ tag, type: 'Structure', value });
const text = (value: string): TtlvNode => ({ tag: 'Text', type: 'TextString', value });

const EVERY_TYPE: readonly TtlvNode[] = [
  { tag: 'Int', type: 'Integer', value: -2147483648 },
  { tag: 'Int', type: 'Integer', value: 2147483647 },
  { tag: 'Int', type: 'Integer', value: 0 },
  { tag: 'Long', type: 'LongInteger', value: -(2n ** 63n) },
  { tag: 'Long', type: 'LongInteger', value: 2n ** 63n - 1n },
  { tag: 'Big', type: 'BigInteger', value: 0n },
  { tag: 'Big', type: 'BigInteger', value: 2n ** 300n + 12345n },
  { tag: 'Enum', type: 'Enumeration', value: 'AES' },
  { tag: 'Enum', type: 'Enumeration', value: 0xffffffff },
  { tag: 'Bool', type: 'Boolean', value: true },
  { tag: 'Bool', type: 'Boolean', value: false },
  { tag: 'Text', type: 'TextString', value: 'plain' },
  { tag: 'Bytes', type: 'ByteString', value: new Uint8Array([0, 0x0f, 0xf0, 0xff]) },
  { tag: 'Date', type: 'DateTime', value: new Date(Date.UTC(2024, 9, 29, 12, 34, 56)) },
  { tag: 'Date', type: 'DateTime', value: new Date(Date.UTC(1, 0, 1, 0, 0, 0, 7)) },
  { tag: 'Interval', type: 'Interval', value: 4294967295 },
  { tag: 'Ext', type: 'DateTimeExtended', value: -1n },
  { tag: 'Ext', type: 'DateTimeExtended', value: 2n ** 127n - 1n },
  { tag: 'Empty', type: 'Structure', value: [] },
];

describe('encodeJsonTtlvBytes', () => {
  it('writes every TTLV type as encodeJsonTtlv does', () => {
    EVERY_TYPE.forEach((node, i) => assertSameBytes(node, `${node.type} (case ${i})`));
    assertSameBytes(structure('All', EVERY_TYPE));
  });

  it('writes nested structures, empty ones included', () => {
    const inner = structure('Inner', [structure('Empty', []), ...EVERY_TYPE.slice(0, 3)]);
    assertSameBytes(structure('Outer', [inner, structure('Mid', [inner, structure('Deep', [structure('Deeper', [inner])])]), inner]));
  });

  it('writes non-ASCII, escaped and emoji text in values and tags', () => {
    for (const value of ['é', 'naïve café', '😀', 'a😀b€c', '日本語', 'a"b\\c\nd\u0001\u001f', '\u2028\u2029', '\ud800 lone', 'x\udfff', '']) {
      assertSameBytes(text(value), JSON.stringify(value));
    }
    assertSameBytes({ tag: 'Tág😀"\\', type: 'Enumeration', value: 'Ünïcode €' });
    assertSameBytes(structure('Ü', [text('é'), byteString('B😀', everyByte(2000, 1)), text('😀')]));
  });

  it('writes byte strings around the direct-hex threshold like the string path', () => {
    for (const length of [0, 1, 2, 255, 256, 1023, 1024, 1025, 4096, 70000]) {
      const value = everyByte(length, length);
      const bytes = assertSameBytes(byteString('Data', value), `${length} bytes`);
      const back = parseJsonTtlv(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
      assert.deepEqual(back, byteString('Data', value), `${length} bytes read back`);
    }
  });

  it('writes a large byte string at the root, first, last, alone and next to another', () => {
    const big = (seed: number, n = 1500): TtlvNode => byteString(`Big${seed}`, everyByte(n, seed));
    assertSameBytes(big(1));
    assertSameBytes(structure('Alone', [big(2)]));
    assertSameBytes(structure('First', [big(3), text('after')]));
    assertSameBytes(structure('Last', [text('before'), big(4)]));
    assertSameBytes(structure('Adjacent', [big(5), big(6, 1024), big(7, 70000), text('tail')]));
    assertSameBytes(structure('Several', [
      structure('A', [big(8), structure('B', [big(9, 3000), byteString('small', everyByte(1023, 10)), big(11)])]),
      text('middle é'),
      structure('C', [structure('D', [big(12, 1025)])]),
      big(13, 1024),
    ]));
  });

  it('writes byte strings given as subarray views and as Buffers', () => {
    const backing = everyByte(5000, 20);
    assertSameBytes(byteString('View', backing.subarray(7, 7 + 1200)));
    assertSameBytes(byteString('SmallView', backing.subarray(3, 40)));
    assertSameBytes(byteString('Buf', Buffer.from(everyByte(2048, 21))));
    assertSameBytes(byteString('PooledBuf', Buffer.from(everyByte(100, 22))));
  });

  it('writes a tree with a large byte string into an ArrayBuffer of its own, apart from the input', () => {
    const view = everyByte(3000, 30);
    const c = assertSameBytes(byteString('X', view));
    assert.notEqual(c.buffer, view.buffer);
    assert.equal(c.byteOffset, 0, 'starts its ArrayBuffer');
    assert.equal(c.byteLength, c.buffer.byteLength, 'fills its ArrayBuffer');
  });

  it('matches encodeJsonTtlv on a few hundred random trees', () => {
    const next = prng(0x5eed);
    const int = (n: number): number => Math.floor(next() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;
    const chars = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u007f', 'é', 'ß', '€', '😀', '\u2028', '\ud83d'];
    const randomText = (): string => Array.from({ length: int(12) }, () => pick(chars)).join('');
    const byteLengths = [0, 1, 15, 1023, 1024, 1025, 2047];
    const leafTypes: readonly TtlvType[] = ['Integer', 'LongInteger', 'BigInteger', 'Enumeration', 'Boolean', 'TextString', 'ByteString', 'DateTime', 'Interval', 'DateTimeExtended'];

    const leaf = (tag: string): TtlvNode => {
      switch (pick(leafTypes)) {
        case 'Integer': return { tag, type: 'Integer', value: (int(2 ** 32) - 2 ** 31) | 0 };
        case 'LongInteger': return { tag, type: 'LongInteger', value: BigInt.asIntN(64, BigInt(int(2 ** 32)) * BigInt(int(2 ** 32))) };
        case 'BigInteger': return { tag, type: 'BigInteger', value: BigInt(int(2 ** 32)) ** BigInt(int(5)) };
        case 'Enumeration': return next() < 0.5 ? { tag, type: 'Enumeration', value: randomText() } : { tag, type: 'Enumeration', value: int(2 ** 32) };
        case 'Boolean': return { tag, type: 'Boolean', value: next() < 0.5 };
        case 'TextString': return { tag, type: 'TextString', value: randomText() };
        case 'ByteString': return { tag, type: 'ByteString', value: randomBytes(next() < 0.5 ? pick(byteLengths) : int(3000), next) };
        case 'DateTime': return { tag, type: 'DateTime', value: new Date(int(253402300799) * 1000 + (next() < 0.5 ? 0 : int(1000))) };
        case 'Interval': return { tag, type: 'Interval', value: int(2 ** 32) };
        default: return { tag, type: 'DateTimeExtended', value: BigInt.asIntN(128, BigInt(int(2 ** 32)) ** 4n) };
      }
    };
    const tree = (depth: number): TtlvNode => {
      const tag = next() < 0.8 ? `Tag${int(100)}` : randomText() || 'T';
      if (depth >= 4 || next() < 0.45) return leaf(tag);
      return structure(tag, Array.from({ length: int(6) }, () => tree(depth + 1)));
    };

    let large = 0;
    for (let i = 0; i < 300; i++) {
      const node = tree(0);
      const bytes = assertSameBytes(node, `tree ${i}`);
      if (bytes.length > 2048) large++;
    }
    // The generator must actually reach the direct-hex path for the loop to mean anything.
    assert.ok(large > 30, `${large} trees held a large byte string`);
  });
});

describe('encodeJsonTtlvBytes on invalid nodes', () => {
  /** Node shapes the types forbid but callers could still build at run time. */
  const bad = (node: unknown): TtlvNode => node as TtlvNode;
  const INVALID: readonly (readonly [string, TtlvNode])[] = [
    ['a ByteString holding a string', bad({ tag: 'B', type: 'ByteString', value: 'ABCD' })],
    ['a ByteString holding 2000 numbers', bad({ tag: 'B', type: 'ByteString', value: new Array<number>(2000).fill(1) })],
    ['a ByteString holding a Uint16Array', bad({ tag: 'B', type: 'ByteString', value: new Uint16Array(2000) })],
    ['a Structure holding an object', bad({ tag: 'S', type: 'Structure', value: { length: 0 } })],
    ['a Structure holding a string', bad({ tag: 'S', type: 'Structure', value: '[]' })],
    ['an Integer NaN', bad({ tag: 'I', type: 'Integer', value: Number.NaN })],
    ['an Integer 1.5', bad({ tag: 'I', type: 'Integer', value: 1.5 })],
    ['an Integer 2^31', bad({ tag: 'I', type: 'Integer', value: 2 ** 31 })],
    ['an Integer bigint', bad({ tag: 'I', type: 'Integer', value: 1n })],
    ['an Interval -1', bad({ tag: 'V', type: 'Interval', value: -1 })],
    ['a LongInteger 2^63', bad({ tag: 'L', type: 'LongInteger', value: 2n ** 63n })],
    ['a LongInteger number', bad({ tag: 'L', type: 'LongInteger', value: 1 })],
    ['a negative BigInteger', bad({ tag: 'G', type: 'BigInteger', value: -1n })],
    ['an Enumeration -1', bad({ tag: 'E', type: 'Enumeration', value: -1 })],
    ['a Boolean string', bad({ tag: 'O', type: 'Boolean', value: 'true' })],
    ['a TextString number', bad({ tag: 'T', type: 'TextString', value: 5 })],
    ['an invalid Date', bad({ tag: 'D', type: 'DateTime', value: new Date(Number.NaN) })],
    ['a Date in year 10000', bad({ tag: 'D', type: 'DateTime', value: new Date(Date.UTC(10000, 0, 1)) })],
    ['a DateTimeExtended 2^127', bad({ tag: 'X', type: 'DateTimeExtended', value: 2n ** 127n })],
    ['an unknown type', bad({ tag: 'U', type: 'Float', value: 1 })],
  ];

  const codecErrorOf = (fn: () => unknown): KmipError => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof KmipError, `a KmipError, not ${String(err)}`);
      return err;
    }
    return assert.fail('no error thrown');
  };

  for (const [name, node] of INVALID) {
    it(`throws encodeJsonTtlv's Codec_Error for ${name}, alone or deep after a large byte string`, () => {
      const nested = structure('Outer', [byteString('Big', everyByte(4096, 40)), structure('Inner', [text('ok'), node]), text('never')]);
      for (const n of [node, nested]) {
        const expected = codecErrorOf(() => encodeJsonTtlv(n));
        const actual = codecErrorOf(() => encodeJsonTtlvBytes(n));
        assert.equal(expected.reason, 'Codec_Error');
        assert.equal(actual.reason, expected.reason);
        assert.equal(actual.message, expected.message);
      }
    });
  }
});
