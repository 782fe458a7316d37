/**
 * The requests Cosmian's own client sends (test/fixtures/vectors), replayed against the actor:
 * responses must have Cosmian's exact wire form, byte for byte where nothing is random.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeJsonTtlv, parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { openActorFixture, START_TIME, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, getAttributesRequest, importRequest, structField, textField } from '../../helpers/kmip-requests.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { intField, locateResult, longField, tagsIn, tagsOfAttributes } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

// The key behind the get/encrypt/decrypt vectors, under the identifier they use.
const VECTOR_KEY = Buffer.from('0B3E539510BABD291BB9FEC2A390C833B05465F33374575CE4AAFFABD5E93020', 'hex');
const VECTOR_UID = '027cced1-ff2b-4bd3-a200-db1041583bdc';

function vectorText(op: string, file: string): string {
  return readFileSync(join(repoRoot(), 'test', 'fixtures', 'vectors', op, file), 'utf8');
}

/** The vector as compact JSON TTLV, the form responses are compared in. */
function vectorJson(op: string, file: string): string {
  return encodeJsonTtlv(parseJsonTtlv(vectorText(op, file)));
}

/** Tag and type of every node, depth first: the shape of a message without its values. */
function shape(n: TtlvNode): unknown {
  return n.type === 'Structure' ? [n.tag, n.value.map(shape)] : [n.tag, n.type];
}

for (const kind of STORE_KINDS) {
  describe(`Cosmian client vectors (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
      fx.call(importRequest({ uid: VECTOR_UID, key: VECTOR_KEY, tags: ['MySymmetricKey'] }));
    });
    afterEach(() => {
      fx.close();
    });

    const send = (op: string): TtlvStructure => fx.call(parseJsonTtlv(vectorText(op, 'request.json')));

    it('answers the Get vector (tag selector, AsRegistered) exactly as Cosmian does', () => {
      assert.equal(encodeJsonTtlv(send('get')), vectorJson('get', 'response.json'));
    });

    it('decrypts the Decrypt vector to the known plaintext', () => {
      const res = send('decrypt');
      assert.deepEqual(tagsIn(res), ['UniqueIdentifier', 'Data']);
      assert.equal(Buffer.from(bytesField(res, 'Data')).toString('utf8'), 'Hello, world!\n');
    });

    it('answers the Encrypt vector in the shape of its response', () => {
      const res = send('encrypt');
      assert.deepEqual(shape(res), shape(parseJsonTtlv(vectorText('encrypt', 'response.json'))));
    });

    it('answers the Create vector in the shape of its response, tagging the key', () => {
      const res = send('create');
      assert.deepEqual(shape(res), shape(parseJsonTtlv(vectorText('create', 'response.json'))));
      const uid = textField(res, 'UniqueIdentifier');
      assert.deepEqual(tagsOfAttributes(structField(fx.call(getAttributesRequest(uid)), 'Attributes')), ['MySymmetricKey', '_kk']);
    });

    it('answers the Locate vector (all symmetric keys via _kk) in the shape of its response', () => {
      fx.create();
      const res = send('locate');
      assert.deepEqual(shape(res), shape(parseJsonTtlv(vectorText('locate', 'response.json'))));
      assert.equal(locateResult(res).located, 2);
    });

    it('answers the Revoke vector (free-text reason) in the shape of its response', () => {
      fx.create({ uid: 'f54f14a3-5639-4054-8c23-54af891669db' });
      assert.equal(encodeJsonTtlv(send('revoke')), vectorJson('revoke', 'response.json'));
    });

    it('answers the Message vector in the shape of its response, with the clock in the header', () => {
      const res = send('message');
      assert.deepEqual(shape(res), shape(parseJsonTtlv(vectorText('message', 'response.json'))));
      const header = res.value[0];
      assert.ok(header?.type === 'Structure');
      assert.equal(longField(header, 'Timestamp'), BigInt(Math.floor(START_TIME / 1000)));
      assert.equal(intField(header, 'BatchCount'), 1);
    });
  });
}
