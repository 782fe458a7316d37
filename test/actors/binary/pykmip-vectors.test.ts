/**
 * The recorded PyKMIP requests (KMIP 1.2 and 2.0) replayed against an actor over `kmip-binary`:
 * every answer is a well-formed Response Message in the request's version, with the same result
 * the PyKMIP server gave and a payload laid out field for field as PyKMIP's parser reads it.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ActorFixture } from '../actor-fixture.js';
import { bytes, enumeration, int, struct } from '../../../src/kmip/ttlv/build.js';
import { decodeBinaryTtlv } from '../../../src/kmip/ttlv/binary.js';
import { textField } from '../../helpers/kmip-requests.js';
import { batchItem, identifiers, loadVectors, Replayer, valueOf, type Vector } from './replay.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

// Optional fields PyKMIP reads when present, which its server happens to leave out (our server
// returns the IV it used and counts Locate's matches).
const OPTIONAL_READ = new Set(['IvCounterNonce', 'LocatedItems']);

/** Top-level field tags of a batch item's payload, repeated fields collapsed to one. */
function layout(item: TtlvStructure): string[] {
  const payload = item.value.find((c) => c.tag === 'ResponsePayload');
  if (payload?.type !== 'Structure') return [];
  return payload.value.map((c) => c.tag).filter((t, i, all) => all[i - 1] !== t && !OPTIONAL_READ.has(t));
}

/** Nested field tags of a structure (one level per path segment), for object layouts. */
function shape(node: TtlvNode): unknown {
  return node.type === 'Structure' ? [node.tag, node.value.map(shape)] : node.tag;
}

/** The Key Format Type anywhere in a tree. */
function keyFormatOf(node: TtlvNode): unknown {
  if (node.tag === 'KeyFormatType') return node.value;
  return node.type === 'Structure' ? node.value.map(keyFormatOf).find((v) => v !== undefined) : undefined;
}

// Payloads whose content depends on the server (its versions, operations, attribute set).
const SERVER_SPECIFIC = new Set(['DiscoverVersions', 'Query', 'GetAttributeList']);

/** A password Secret Data for the PBKDF2 DeriveKey vector (made by a step the recording left out). */
function registerPassword(fixture: ActorFixture): string {
  const password = struct('Register', [
    enumeration('ObjectType', 'SecretData'),
    struct('Attributes', [int('CryptographicUsageMask', 0x200)]),
    struct('Object', [
      enumeration('SecretDataType', 'Password'),
      struct('KeyBlock', [enumeration('KeyFormatType', 'Opaque'), struct('KeyValue', [bytes('KeyMaterial', Buffer.from('probe-password'))])]),
    ]),
  ]);
  return textField(fixture.call(password), 'UniqueIdentifier');
}

/** An HMAC-SHA256 key registered as a Symmetric Key, for the MAC vector (registered by an unrecorded step). */
function registerHmacKey(fixture: ActorFixture): string {
  const key = struct('Register', [
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [enumeration('CryptographicAlgorithm', 'HMACSHA256'), int('CryptographicLength', 256), int('CryptographicUsageMask', 0x80)]),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', 'Raw'),
        struct('KeyValue', [bytes('KeyMaterial', new Uint8Array(32).fill(7))]),
        enumeration('CryptographicAlgorithm', 'HMACSHA256'),
        int('CryptographicLength', 256),
      ]),
    ]),
  ]);
  return textField(fixture.call(key), 'UniqueIdentifier');
}

/** The identifier the recorded request of operation `suffix` names (an object it did not record making). */
function requestedId(vectors: readonly Vector[], suffix: string): string | undefined {
  const v = vectors.find((x) => x.name.endsWith(suffix));
  if (v === undefined) return undefined;
  const payload = batchItem(decodeBinaryTtlv(v.request)).value.find((c) => c.tag === 'RequestPayload');
  return payload?.type === 'Structure' ? String(valueOf(payload, 'UniqueIdentifier')) : undefined;
}

for (const version of ['kmip-1.2', 'kmip-2.0'] as const) {
  describe(`recorded PyKMIP ${version} requests`, () => {
    const vectors = loadVectors(version);
    let fixture: ActorFixture;
    let replayer: Replayer;
    const answers = new Map<string, TtlvStructure>();

    before(async () => {
      fixture = new ActorFixture('plain');
      replayer = new Replayer(fixture);
      const secret = requestedId(vectors, 'DeriveKey');
      if (secret !== undefined) replayer.ids.set(secret, registerPassword(fixture));
      const hmacKey = requestedId(vectors, 'Mac');
      if (hmacKey !== undefined) replayer.ids.set(hmacKey, registerHmacKey(fixture));
      const activation = vectors.find((v) => v.name.endsWith('-Activate'));
      const pair = vectors.find((v) => v.name.endsWith('-CreateKeyPair'));
      for (const v of vectors) {
        // The recorded session activated the key pair between these captures.
        if (v.name.endsWith('-Sign') && activation !== undefined && pair !== undefined) {
          for (const [, id] of identifiers(decodeBinaryTtlv(pair.response))) await replayer.activate(activation, id);
        }
        answers.set(v.name, await replayer.replay(v));
      }
    });
    after(() => {
      fixture.close();
    });

    for (const v of vectors) {
      it(`${v.name}: answers in the request's version with PyKMIP's result and layout`, () => {
        const ours = answers.get(v.name);
        assert.ok(ours !== undefined);
        const recorded = decodeBinaryTtlv(v.response);
        assert.ok(recorded.type === 'Structure');
        assert.equal(ours.tag, 'ResponseMessage');
        const header = ours.value[0];
        assert.ok(header?.type === 'Structure' && header.tag === 'ResponseHeader');
        assert.deepEqual(header.value.map((c) => c.tag), ['ProtocolVersion', 'TimeStamp', 'BatchCount']);
        assert.deepEqual(header.value[0], (recorded.value[0] as TtlvStructure).value[0]);
        assert.equal(header.value[1]?.type, 'DateTime');
        const mine = batchItem(ours);
        const theirs = batchItem(recorded);
        const result = (s: TtlvStructure): unknown[] => [valueOf(s, 'Operation'), valueOf(s, 'ResultStatus'), valueOf(s, 'ResultReason')];
        assert.deepEqual(result(mine), result(theirs), JSON.stringify(valueOf(mine, 'ResultMessage')));
        const op = String(valueOf(mine, 'Operation'));
        if (!SERVER_SPECIFIC.has(op)) assert.deepEqual(layout(mine), layout(theirs));
      });
    }

    it('Get answers each object laid out as PyKMIP recorded it (symmetric, PKCS#1 public, PKCS#8 private)', () => {
      for (const v of vectors.filter((x) => x.name.endsWith('-Get') && !x.name.startsWith('003'))) {
        const payload = (item: TtlvStructure): TtlvNode | undefined => item.value.find((c) => c.tag === 'ResponsePayload');
        const ours = payload(batchItem(answers.get(v.name) as TtlvNode));
        const theirs = payload(batchItem(decodeBinaryTtlv(v.response)));
        assert.ok(ours !== undefined && theirs !== undefined, v.name);
        assert.deepEqual(shape(ours), shape(theirs), v.name);
        assert.equal(keyFormatOf(ours), keyFormatOf(theirs), v.name);
      }
    });
  });
}
