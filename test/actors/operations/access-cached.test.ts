/**
 * Per-object authorisation over the read cache the actor host always puts in front of the store:
 * a grantee's cached rights must follow every grant change at once (grant, revoke, the `*` row,
 * and the grants Destroy drops), or a revoked user keeps using the key.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { destroyRequest, encryptRequest, getAttributesRequest, revokeRequest } from '../../helpers/kmip-requests.js';

const ALICE = 'alice';
const BOB = 'bob';
const DATA = Buffer.from('cached rights', 'utf8');

for (const kind of STORE_KINDS) {
  describe(`Access control over the read cache (${kind} store)`, () => {
    let fx: ActorFixture;
    let key: string;
    beforeEach(() => {
      fx = openActorFixture(kind, { cached: true });
      key = fx.create({}, ALICE);
    });
    afterEach(() => {
      fx.close();
    });

    const revokeGrant = (user: string, operations: readonly string[]): void => {
      fx.access('revoke', { unique_identifier: key, user_id: user, operation_types: operations }, ALICE);
    };

    it('refuses a grantee as soon as its grant is revoked, after cached uses', () => {
      fx.callError(encryptRequest(key, DATA), 'Item_Not_Found', BOB);
      fx.grant(key, BOB, ['encrypt'], ALICE);
      fx.call(encryptRequest(key, DATA), BOB);
      fx.call(encryptRequest(key, DATA), BOB);
      revokeGrant(BOB, ['encrypt']);
      fx.callError(encryptRequest(key, DATA), 'Item_Not_Found', BOB);
    });

    it('drops the grants of a destroyed key, after cached uses', () => {
      fx.grant(key, BOB, ['getattributes', 'encrypt'], ALICE);
      fx.call(encryptRequest(key, DATA), BOB);
      fx.call(getAttributesRequest(key), BOB);
      fx.call(revokeRequest(key), ALICE);
      fx.call(getAttributesRequest(key), BOB);
      fx.call(destroyRequest(key), ALICE);
      // GetAttributes works on destroyed objects: only the dropped grant stops the grantee.
      fx.call(getAttributesRequest(key), ALICE);
      fx.callError(getAttributesRequest(key), 'Item_Not_Found', BOB);
      assert.deepEqual(fx.access('list-access', key, ALICE), []);
      assert.deepEqual(fx.access('obtained', null, BOB), []);
    });

    it('follows a * grant added and removed after cached lookups', () => {
      fx.callError(encryptRequest(key, DATA), 'Item_Not_Found', BOB);
      fx.grant(key, '*', ['encrypt'], ALICE);
      fx.call(encryptRequest(key, DATA), BOB);
      revokeGrant('*', ['encrypt']);
      fx.callError(encryptRequest(key, DATA), 'Item_Not_Found', BOB);
      // Bob's own row and the * row are separate: removing one leaves the other.
      fx.grant(key, BOB, ['encrypt'], ALICE);
      fx.grant(key, '*', ['encrypt'], ALICE);
      fx.call(encryptRequest(key, DATA), BOB);
      revokeGrant('*', ['encrypt']);
      fx.call(encryptRequest(key, DATA), BOB);
      revokeGrant(BOB, ['encrypt']);
      fx.callError(encryptRequest(key, DATA), 'Item_Not_Found', BOB);
    });
  });
}
