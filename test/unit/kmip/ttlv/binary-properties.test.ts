/**
 * Property tests (fast-check, fixed seed) of binary TTLV: trees of every item type round-trip
 * exactly; random bytes and mutated or truncated PyKMIP vectors either decode (and then re-encode
 * to a tree that decodes the same) or fail with a KmipError, never anything else.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { KmipError } from '../../../../src/kmip/kmip-error.js';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../../../src/kmip/ttlv/binary.js';
import { enumNameOf, namedEnumerationTags } from '../../../../src/kmip/ttlv/enum-table.js';
import { TAG_ENTRIES } from '../../../../src/kmip/ttlv/tag-table.js';
import type { TtlvLimits } from '../../../../src/kmip/ttlv/limits.js';
import type { TtlvNode } from '../../../../src/kmip/ttlv/node.js';
import { repoRoot } from '../../../helpers/repo-root.js';

// Fixed, so a run is reproducible; fast-check prints the seed and the shrunk counterexample on failure.
const SEED = 0x7e1f_2610;
const runs = (numRuns: number): fc.Parameters<unknown> => ({ seed: SEED, numRuns });

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_DATE_SECONDS = 8_640_000_000_000;

const VECTORS: readonly Uint8Array[] = (() => {
  const root = join(repoRoot(), 'test', 'fixtures', 'vectors', 'pykmip-0.10');
  const out: Uint8Array[] = [];
  for (const version of ['kmip-1.2', 'kmip-2.0']) {
    for (const f of readdirSync(join(root, version)).sort()) {
      if (f.endsWith('.hex')) out.push(Buffer.from(readFileSync(join(root, version, f), 'utf8').trim(), 'hex'));
    }
  }
  return out;
})();

// Table names decode as themselves; extension-range numbers keep their hex form.
const tagArb = fc.oneof(
  fc.constantFrom(...TAG_ENTRIES.map(([, name]) => name)),
  fc.integer({ min: 0x540000, max: 0x54ffff }).map((n) => `0x${n.toString(16).toUpperCase()}`),
);

// An enumeration under a tag with names: a value's canonical form is its name when it has one.
const enumArb: fc.Arbitrary<TtlvNode> = fc.oneof(
  fc.tuple(fc.constantFrom(...namedEnumerationTags()), fc.oneof(fc.integer({ min: 0, max: 0x110 }), fc.constantFrom(0x420094, 0x420053)))
    .map(([tag, v]): TtlvNode => ({ tag, type: 'Enumeration', value: enumNameOf(tag, v) ?? v })),
  fc.tuple(tagArb.filter((t) => !namedEnumerationTags().includes(t)), fc.nat({ max: 0xffffffff }))
    .map(([tag, value]): TtlvNode => ({ tag, type: 'Enumeration', value })),
);

const leafArb: fc.Arbitrary<TtlvNode> = fc.oneof(
  fc.tuple(tagArb, fc.integer()).map(([tag, value]): TtlvNode => ({ tag, type: 'Integer', value })),
  fc.tuple(tagArb, fc.bigInt(INT64_MIN, INT64_MAX)).map(([tag, value]): TtlvNode => ({ tag, type: 'LongInteger', value })),
  fc.tuple(tagArb, fc.bigInt(-(2n ** 600n), 2n ** 600n)).map(([tag, value]): TtlvNode => ({ tag, type: 'BigInteger', value })),
  enumArb,
  fc.tuple(tagArb, fc.boolean()).map(([tag, value]): TtlvNode => ({ tag, type: 'Boolean', value })),
  fc.tuple(tagArb, fc.string({ unit: 'binary', maxLength: 40 })).map(([tag, value]): TtlvNode => ({ tag, type: 'TextString', value })),
  fc.tuple(tagArb, fc.uint8Array({ maxLength: 40 })).map(([tag, value]): TtlvNode => ({ tag, type: 'ByteString', value })),
  fc.tuple(tagArb, fc.integer({ min: -MAX_DATE_SECONDS, max: MAX_DATE_SECONDS }))
    .map(([tag, s]): TtlvNode => ({ tag, type: 'DateTime', value: new Date(s * 1000) })),
  fc.tuple(tagArb, fc.nat({ max: 0xffffffff })).map(([tag, value]): TtlvNode => ({ tag, type: 'Interval', value })),
  fc.tuple(tagArb, fc.bigInt(INT64_MIN, INT64_MAX)).map(([tag, value]): TtlvNode => ({ tag, type: 'DateTimeExtended', value })),
);

const { tree: treeArb } = fc.letrec<{ tree: TtlvNode }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.tuple(tagArb, fc.array(tie('tree'), { maxLength: 5 })).map(([tag, value]): TtlvNode => ({ tag, type: 'Structure', value })),
  ),
}));

/** Decodes; returns the tree, or undefined after checking the failure is a KmipError of a malformed message. */
function decodeOrKmipError(bytes: Uint8Array, limits?: TtlvLimits): TtlvNode | undefined {
  try {
    return decodeBinaryTtlv(bytes, limits);
  } catch (err) {
    if (!(err instanceof KmipError)) throw new Error(`expected a KmipError, got ${String(err)}`, { cause: err });
    assert.equal(err.reason, 'Invalid_Message');
    assert.ok(err.message.length > 0 && err.message.length <= 512);
    return undefined;
  }
}

/** A decoded tree re-encodes, and that encoding decodes to the same tree. */
function assertStable(tree: TtlvNode): void {
  assert.deepEqual(decodeBinaryTtlv(encodeBinaryTtlv(tree)), tree);
}

describe('binary TTLV properties', () => {
  it('round-trips trees of every item type exactly', () => {
    fc.assert(fc.property(treeArb, (tree) => {
      const bytes = encodeBinaryTtlv(tree);
      assert.equal(bytes.length % 8, 0);
      assert.deepEqual(decodeBinaryTtlv(bytes), tree);
    }), runs(400));
  });

  it('encodes a tree the same way twice', () => {
    fc.assert(fc.property(treeArb, (tree) => {
      assert.deepEqual(encodeBinaryTtlv(tree), encodeBinaryTtlv(tree));
    }), runs(100));
  });

  it('fails on random bytes only with Invalid_Message', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const tree = decodeOrKmipError(bytes);
      if (tree !== undefined) assertStable(tree);
    }), runs(1000));
  });

  it('fails on mutated vectors only with Invalid_Message, and what decodes re-encodes stably', () => {
    const mutation = fc.record({
      vector: fc.nat({ max: VECTORS.length - 1 }),
      edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 }), fc.constantFrom('set', 'xor', 'insert', 'delete')), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(mutation, ({ vector, edits }) => {
      let bytes = [...(VECTORS[vector] as Uint8Array)];
      for (const [at, b, kind] of edits) {
        const i = at % (bytes.length + 1);
        if (kind === 'set' && i < bytes.length) bytes[i] = b;
        else if (kind === 'xor' && i < bytes.length) bytes[i] = (bytes[i] as number) ^ (b | 1);
        else if (kind === 'insert') bytes = [...bytes.slice(0, i), b, ...bytes.slice(i)];
        else bytes = [...bytes.slice(0, i), ...bytes.slice(i + 1)];
      }
      const tree = decodeOrKmipError(Uint8Array.from(bytes));
      if (tree !== undefined) assertStable(tree);
    }), runs(1500));
  });

  it('refuses every truncation of every vector with Invalid_Message', () => {
    for (const vector of VECTORS) {
      for (let cut = 0; cut < vector.length; cut++) {
        assert.equal(decodeOrKmipError(vector.subarray(0, cut)), undefined, `cut at ${cut}`);
      }
    }
  });

  it('fails on vectors under tight limits only with Invalid_Message', () => {
    const limits = fc.record({ maxDepth: fc.integer({ min: 1, max: 8 }), maxNodes: fc.integer({ min: 1, max: 60 }), maxStringLength: fc.integer({ min: 0, max: 64 }) });
    fc.assert(fc.property(fc.nat({ max: VECTORS.length - 1 }), limits, (vector, lim) => {
      decodeOrKmipError(VECTORS[vector] as Uint8Array, lim);
    }), runs(300));
  });
});
