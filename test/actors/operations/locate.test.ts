import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { int, struct } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { destroyRequest, locateRequest, revokeRequest } from '../../helpers/kmip-requests.js';
import { locateResult, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

const sorted = (ids: readonly string[] | undefined): string[] => [...(ids ?? [])].sort();

for (const kind of STORE_KINDS) {
  describe(`Locate (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const locate = (o: Parameters<typeof locateRequest>[0]): { located: number; ids: string[] | undefined } => {
      const res = fx.call(locateRequest(o));
      assert.equal(res.tag, 'LocateResponse');
      return locateResult(res);
    };

    it('finds by tag only the objects carrying every requested tag', () => {
      const ab = fx.create({ tags: ['a', 'b'] });
      const a = fx.create({ tags: ['a'] });
      fx.create({ tags: ['b'] });
      assert.deepEqual(locate({ tags: ['a', 'b'] }), { located: 1, ids: [ab] });
      assert.deepEqual(sorted(locate({ tags: ['a'] }).ids), sorted([ab, a]));
      assert.equal(locate({ tags: ['_kk'] }).located, 3);
      assert.equal(locate({ tags: ['a', 'c'] }).located, 0);
    });

    it('finds by CryptographicAlgorithm', () => {
      const aes = fx.create({ algorithm: 'AES' });
      const chacha = fx.create({ algorithm: 'ChaCha20' });
      assert.deepEqual(locate({ algorithm: 'AES' }).ids, [aes]);
      assert.deepEqual(locate({ algorithm: 'ChaCha20' }).ids, [chacha]);
    });

    it('finds by CryptographicLength', () => {
      const k128 = fx.create({ length: 128 });
      const k256 = fx.create({ length: 256 });
      assert.deepEqual(locate({ length: 128 }).ids, [k128]);
      assert.deepEqual(locate({ length: 256 }).ids, [k256]);
      assert.equal(locate({ length: 192 }).located, 0);
    });

    it('finds by ObjectType', () => {
      const uid = fx.create();
      assert.deepEqual(locate({ objectType: 'SymmetricKey' }).ids, [uid]);
      assert.equal(locate({ objectType: 'PrivateKey' }).located, 0);
    });

    it('finds by KeyFormatType, keys being stored as TransparentSymmetricKey', () => {
      const uid = fx.create();
      assert.deepEqual(locate({ keyFormatType: 'TransparentSymmetricKey' }).ids, [uid]);
      assert.equal(locate({ keyFormatType: 'PKCS8' }).located, 0);
    });

    it('combines criteria', () => {
      const hit = fx.create({ algorithm: 'AES', length: 128, tags: ['x'] });
      fx.create({ algorithm: 'AES', length: 256, tags: ['x'] });
      fx.create({ algorithm: 'AES', length: 128 });
      assert.deepEqual(locate({ algorithm: 'AES', length: 128, tags: ['x'], objectType: 'SymmetricKey' }).ids, [hit]);
    });

    it('finds only Active objects', () => {
      const active = fx.create({ tags: ['t'] });
      const revoked = fx.create({ tags: ['t'] });
      const destroyed = fx.create({ tags: ['t'] });
      fx.call(revokeRequest(revoked));
      fx.call(revokeRequest(destroyed));
      fx.call(destroyRequest(destroyed));
      assert.deepEqual(locate({ tags: ['t'] }), { located: 1, ids: [active] });
    });

    it('finds every Active object when no Attributes are given', () => {
      const a = fx.create();
      const b = fx.create({ algorithm: 'ChaCha20' });
      const res = locateResult(fx.call(struct('Locate', [])));
      assert.deepEqual(sorted(res.ids), sorted([a, b]));
      assert.equal(res.located, 2);
    });

    it('pages with MaximumItems and OffsetItems in creation order, LocatedItems counting every match', () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push(fx.create({ tags: ['page'] }));
        fx.advance(1000);
      }
      assert.deepEqual(locate({ tags: ['page'], max: 2 }), { located: 5, ids: ids.slice(0, 2) });
      assert.deepEqual(locate({ tags: ['page'], max: 2, offset: 2 }), { located: 5, ids: ids.slice(2, 4) });
      assert.deepEqual(locate({ tags: ['page'], max: 2, offset: 4 }), { located: 5, ids: ids.slice(4) });
      assert.deepEqual(locate({ tags: ['page'], offset: 3 }), { located: 5, ids: ids.slice(3) });
      assert.deepEqual(locate({ tags: ['page'], max: 2, offset: 9 }), { located: 5, ids: undefined });
      assert.deepEqual(locate({ tags: ['page'], max: 0 }), { located: 5, ids: undefined });
    });

    it('answers LocatedItems 0 and no UniqueIdentifier list when nothing matches', () => {
      fx.create({ tags: ['present'] });
      const res = fx.call(locateRequest({ tags: ['absent'] }));
      assert.deepEqual(tagsIn(res), ['LocatedItems']);
      assert.equal(locateResult(res).located, 0);
    });

    it("does not show one user's objects to another", () => {
      const mine = fx.create({ tags: ['shared-tag'] });
      const bobs = fx.create({ tags: ['shared-tag'] }, 'bob');
      assert.deepEqual(locateResult(fx.call(locateRequest({ tags: ['shared-tag'] }), 'bob')), { located: 1, ids: [bobs] });
      assert.deepEqual(locate({ tags: ['shared-tag'] }), { located: 1, ids: [mine] });
      assert.equal(locateResult(fx.call(locateRequest({}), 'carol')).located, 0);
    });

    it('refuses a negative MaximumItems or OffsetItems', () => {
      fx.callError(struct('Locate', [int('MaximumItems', -1)]), 'Invalid_Field');
      fx.callError(struct('Locate', [int('OffsetItems', -5)]), 'Invalid_Field');
    });
  });
}
