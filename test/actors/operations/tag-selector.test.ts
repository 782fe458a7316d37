import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import {
  bytesField, decryptRequest, destroyRequest, encryptRequest, exportRequest, getAttributesRequest, getRequest, revokeRequest, structField, textField,
} from '../../helpers/kmip-requests.js';
import { enumField, hexOf, rawKeyOf } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

const selector = (...tags: string[]): string => JSON.stringify(tags);

for (const kind of STORE_KINDS) {
  describe(`Tag selectors as UniqueIdentifier (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it('selects the single object carrying all the tags', () => {
      const both = fx.create({ tags: ['a', 'b'] });
      fx.create({ tags: ['a'] });
      fx.create({ tags: ['b'] });
      const res = fx.call(getRequest(selector('a', 'b')));
      assert.equal(textField(res, 'UniqueIdentifier'), both);
      assert.equal(hexOf(rawKeyOf(res)), hexOf(fx.keyBytes(both)));
    });

    it('reports a selector matching nothing as Item_Not_Found', () => {
      fx.create({ tags: ['a'] });
      fx.callError(getRequest(selector('a', 'zzz')), 'Item_Not_Found');
      fx.callError(getRequest(selector('nothing')), 'Item_Not_Found');
    });

    it('refuses a selector matching two objects', () => {
      fx.create({ tags: ['twin'] });
      fx.create({ tags: ['twin'] });
      const err = fx.callError(getRequest(selector('twin')), 'Invalid_Field');
      assert.match(err.message, /more than one/);
    });

    it('refuses a malformed selector', () => {
      fx.create({ tags: ['a'] });
      for (const uid of ['[a', '[', '[]', '[1]', '["a", 2]', '[null]']) {
        fx.callError(getRequest(uid), 'Invalid_Field');
      }
    });

    it('works for Encrypt, Decrypt, GetAttributes, Export, Revoke and Destroy, answering with the real identifier', () => {
      const uid = fx.create({ tags: ['svc', 'prod'] });
      const sel = selector('prod', 'svc');
      const enc = fx.call(encryptRequest(sel, Buffer.from('hi')));
      assert.equal(textField(enc, 'UniqueIdentifier'), uid);
      const dec = fx.call(decryptRequest(sel, bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')));
      assert.equal(Buffer.from(bytesField(dec, 'Data')).toString(), 'hi');
      assert.equal(textField(fx.call(getAttributesRequest(sel)), 'UniqueIdentifier'), uid);
      assert.equal(textField(fx.call(revokeRequest(sel)), 'UniqueIdentifier'), uid);
      assert.equal(textField(fx.call(exportRequest(sel)), 'UniqueIdentifier'), uid);
      assert.equal(textField(fx.call(destroyRequest(sel)), 'UniqueIdentifier'), uid);
      assert.equal(enumField(structField(fx.call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State'), 'Destroyed');
    });

    it("ignores other users' objects when matching", () => {
      const mine = fx.create({ tags: ['dup'] });
      fx.create({ tags: ['dup'] }, 'bob');
      assert.equal(textField(fx.call(getRequest(selector('dup'))), 'UniqueIdentifier'), mine);
    });

    it('counts only the objects the operation may use: Get skips revoked keys, Export does not', () => {
      const active = fx.create({ tags: ['gen'] });
      const old = fx.create({ tags: ['gen'] });
      fx.call(revokeRequest(old));
      assert.equal(textField(fx.call(getRequest(selector('gen'))), 'UniqueIdentifier'), active);
      fx.callError(exportRequest(selector('gen')), 'Invalid_Field');
    });

    it('matches system tags too', () => {
      const uid = fx.create({ tags: ['only'] });
      assert.equal(textField(fx.call(getRequest(selector('_kk'))), 'UniqueIdentifier'), uid);
    });
  });
}
