/**
 * fast-check arbitraries of well-typed TTLV trees: every item type with the values the wire can
 * hold (edge values included), tags drawn mostly from real KMIP tags and Object.prototype names.
 * @module
 */
import fc from 'fast-check';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const NUMERIC_ENUM = /^0[xX][0-9A-Fa-f]{1,8}$/;
const MIN_DATE = -62167219200000; // 0000-01-01T00:00:00Z
const MAX_DATE = 253402300799999; // 9999-12-31T23:59:59.999Z

/** Names of Object.prototype members: a lookup by tag in a plain object must not find them. */
export const PROTOTYPE_NAMES: readonly string[] = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

/** Arbitrary leaves, nodes and Structures whose tags come mostly from `tags`. */
export function ttlvArbitraries(tags: readonly string[]): { leaf: fc.Arbitrary<TtlvNode>; node: fc.Arbitrary<TtlvNode>; structure: fc.Arbitrary<TtlvStructure> } {
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
  const tagArb = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...tags) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
    { weight: 2, arbitrary: anyText.filter((t) => t.length > 0) },
  );
  const bytesArb = fc.oneof({ weight: 5, arbitrary: fc.uint8Array({ maxLength: 48 }) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 1000, maxLength: 2100 }) });

  // A plain object, as the parser builds (fc.record would give it a null prototype).
  const leaf = <T extends TtlvNode['type']>(type: T, value: fc.Arbitrary<Extract<TtlvNode, { type: T }>['value']>): fc.Arbitrary<TtlvNode> =>
    fc.tuple(tagArb, value).map(([tag, v]) => ({ tag, type, value: v }) as TtlvNode);

  const leafArb: fc.Arbitrary<TtlvNode> = fc.oneof(
    leaf('Integer', fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff })),
    leaf('LongInteger', fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })),
    leaf('BigInteger', fc.bigInt({ min: 0n, max: 2n ** 1024n })),
    // A name that reads as "0x" and 1-8 hex digits is a number on the wire, not a name.
    leaf('Enumeration', fc.oneof(anyText.filter((t) => !NUMERIC_ENUM.test(t)), fc.integer({ min: 0, max: 0xffff_ffff }))),
    leaf('Boolean', fc.boolean()),
    leaf('TextString', anyText),
    leaf('ByteString', bytesArb),
    leaf('DateTime', fc.date({ min: new Date(MIN_DATE), max: new Date(MAX_DATE), noInvalidDate: true })),
    leaf('Interval', fc.integer({ min: 0, max: 0xffff_ffff })),
    leaf('DateTimeExtended', fc.bigInt({ min: -(2n ** 127n), max: 2n ** 127n - 1n })),
  );
  const { node, structure } = fc.letrec<{ node: TtlvNode; structure: TtlvStructure }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('structure')),
    structure: fc.tuple(tagArb, fc.array(tie('node'), { maxLength: 5 })).map(([tag, value]): TtlvStructure => ({ tag, type: 'Structure', value })),
  }));
  return { leaf: leafArb, node, structure };
}
