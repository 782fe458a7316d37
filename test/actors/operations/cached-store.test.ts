/**
 * The actor host puts a read cache in front of each store; every change must still be seen by
 * the next request, however the record was cached or decoded before.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { int } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import {
  bytesField, decryptRequest, deleteAttributeRequest, destroyRequest, encryptRequest, exportRequest, getAttributesRequest, getRequest, importRequest,
  locateRequest, revokeRequest, setAttributeRequest, structField, tagAttribute,
} from '../../helpers/kmip-requests.js';
import { enumField, hexOf, intField, locateResult, rawKeyOf, tagsOfAttributes } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

for (const kind of STORE_KINDS) {
  describe(`Actor over the read cache (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind, { cached: true });
    });
    afterEach(() => {
      fx.close();
    });

    it('sees attribute and tag changes at once', () => {
      const uid = fx.create({ tags: ['a'] });
      fx.call(encryptRequest(uid, Buffer.from('warm the cache')));
      fx.call(setAttributeRequest(uid, int('CryptographicUsageMask', 0x8)));
      fx.callError(encryptRequest(uid, Buffer.from('x')), 'Incompatible_Cryptographic_Usage_Mask');
      fx.call(setAttributeRequest(uid, tagAttribute(['b'])));
      assert.deepEqual(tagsOfAttributes(structField(fx.call(getAttributesRequest(uid)), 'Attributes')), ['_kk', 'b']);
      fx.call(deleteAttributeRequest(uid, tagAttribute(['b'])));
      assert.deepEqual(tagsOfAttributes(structField(fx.call(getAttributesRequest(uid)), 'Attributes')), ['_kk']);
      assert.equal(locateResult(fx.call(locateRequest({ tags: ['b'] }))).located, 0);
    });

    it('sees state changes at once: Revoke then Destroy', () => {
      const uid = fx.create();
      const s = fx.call(encryptRequest(uid, Buffer.from('m')));
      fx.call(revokeRequest(uid));
      fx.callError(getRequest(uid), 'Item_Not_Found');
      fx.callError(encryptRequest(uid, Buffer.from('m')), 'Item_Not_Found');
      fx.call(decryptRequest(uid, bytesField(s, 'Data'), bytesField(s, 'IvCounterNonce'), bytesField(s, 'AuthenticatedEncryptionTag')));
      fx.call(destroyRequest(uid));
      assert.equal(rawKeyOf(fx.call(exportRequest(uid))).length, 0);
      fx.callError(decryptRequest(uid, bytesField(s, 'Data'), bytesField(s, 'IvCounterNonce'), bytesField(s, 'AuthenticatedEncryptionTag')), 'Item_Not_Found');
      assert.equal(enumField(structField(fx.call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State'), 'Destroyed');
    });

    it('uses the new material at once after an Import with ReplaceExisting', () => {
      const first = new Uint8Array(randomBytes(32));
      const second = new Uint8Array(randomBytes(32));
      fx.call(importRequest({ uid: 'swap', key: first }));
      const old = fx.call(encryptRequest('swap', Buffer.from('old')));
      fx.call(importRequest({ uid: 'swap', key: second, replace: true }));
      assert.equal(hexOf(fx.keyBytes('swap')), hexOf(second));
      fx.callError(decryptRequest('swap', bytesField(old, 'Data'), bytesField(old, 'IvCounterNonce'), bytesField(old, 'AuthenticatedEncryptionTag')), 'Cryptographic_Failure');
      assert.equal(intField(structField(fx.call(getAttributesRequest('swap')), 'Attributes'), 'CryptographicLength'), 256);
    });
  });
}
