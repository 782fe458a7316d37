import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, START_TIME, STORE_KINDS } from '../actor-fixture.js';
import { destroyRequest, encryptRequest, exportRequest, getAttributesRequest, revokeRequest, structField, textField } from '../../helpers/kmip-requests.js';
import { enumField, hexOf, rawKeyOf, revokeEnumRequest } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

const OCCURRED = BigInt(START_TIME - 86_400_000);

for (const kind of STORE_KINDS) {
  describe(`Revoke and Destroy (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const state = (uid: string): string => enumField(structField(fx.call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State');

    describe('Revoke', () => {
      it('deactivates a key given a free-text reason', () => {
        const uid = fx.create();
        const res = fx.call(revokeRequest(uid, 'rotated out'));
        assert.equal(res.tag, 'RevokeResponse');
        assert.equal(textField(res, 'UniqueIdentifier'), uid);
        assert.equal(state(uid), 'Deactivated');
      });

      it('refuses KeyCompromise without a CompromiseOccurrenceDate, leaving the key Active', () => {
        const uid = fx.create();
        fx.callError(revokeRequest(uid, { code: 'KeyCompromise' }), 'Missing_Data');
        fx.callError(revokeEnumRequest(uid, 'CACompromise'), 'Missing_Data');
        assert.equal(state(uid), 'Active');
      });

      it('marks a key Compromised for KeyCompromise with a CompromiseOccurrenceDate', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid, { code: 'KeyCompromise', occurred: OCCURRED }));
        assert.equal(state(uid), 'Compromised');
      });

      it('accepts the reason code as a bare Enumeration', () => {
        const compromised = fx.create();
        const superseded = fx.create();
        fx.call(revokeEnumRequest(compromised, 'KeyCompromise', OCCURRED));
        fx.call(revokeEnumRequest(superseded, 'Superseded'));
        assert.equal(state(compromised), 'Compromised');
        assert.equal(state(superseded), 'Deactivated');
      });

      it('turns a Deactivated key Compromised on a later KeyCompromise, never back', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid));
        fx.call(revokeRequest(uid, { code: 'KeyCompromise', occurred: OCCURRED }));
        assert.equal(state(uid), 'Compromised');
        fx.call(revokeRequest(uid, 'again'));
        assert.equal(state(uid), 'Compromised');
      });

      it('refuses a Revoke without RevocationReason', () => {
        const uid = fx.create();
        fx.callError(struct('Revoke', [text('UniqueIdentifier', uid)]), 'Invalid_Message');
        assert.equal(state(uid), 'Active');
      });

      it('refuses an unknown reason code', () => {
        const uid = fx.create();
        fx.callError(revokeEnumRequest(uid, 'BoredNow'), 'Invalid_Field');
      });

      it('reports an unknown or foreign key as Item_Not_Found', () => {
        fx.callError(revokeRequest('nope'), 'Item_Not_Found');
        const bobs = fx.create({}, 'bob');
        fx.callError(revokeRequest(bobs), 'Item_Not_Found');
        assert.equal(enumField(structField(fx.call(getAttributesRequest(bobs, ['State']), 'bob'), 'Attributes'), 'State'), 'Active');
      });
    });

    describe('Destroy', () => {
      it('refuses to destroy an Active key, which stays usable', () => {
        const uid = fx.create();
        const err = fx.callError(destroyRequest(uid), 'Wrong_Key_Lifecycle_State');
        assert.match(err.message, /revoked first/);
        assert.equal(state(uid), 'Active');
        fx.call(encryptRequest(uid, new Uint8Array([1, 2, 3])));
      });

      it('destroys a Deactivated key', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid));
        const res = fx.call(destroyRequest(uid));
        assert.equal(res.tag, 'DestroyResponse');
        assert.equal(textField(res, 'UniqueIdentifier'), uid);
        assert.equal(state(uid), 'Destroyed');
      });

      it('destroys a Compromised key as Destroyed_Compromised', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid, { code: 'KeyCompromise', occurred: OCCURRED }));
        fx.call(destroyRequest(uid));
        assert.equal(state(uid), 'Destroyed_Compromised');
      });

      it('accepts destroying a key twice', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid));
        fx.call(destroyRequest(uid));
        assert.equal(textField(fx.call(destroyRequest(uid)), 'UniqueIdentifier'), uid);
        assert.equal(state(uid), 'Destroyed');
      });

      it('marks a destroyed key Destroyed_Compromised when revoked for compromise afterwards', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid));
        fx.call(destroyRequest(uid));
        fx.call(revokeRequest(uid, { code: 'KeyCompromise', occurred: OCCURRED }));
        assert.equal(state(uid), 'Destroyed_Compromised');
      });

      it('removes the material: Export is empty and the stored object is gone', () => {
        const uid = fx.create();
        assert.equal(rawKeyOf(fx.call(exportRequest(uid))).length, 32);
        fx.call(revokeRequest(uid));
        fx.call(destroyRequest(uid));
        assert.equal(rawKeyOf(fx.call(exportRequest(uid))).length, 0);
        assert.equal(fx.store.get(uid)?.object, '');
      });

      it('reports an unknown key as Item_Not_Found', () => {
        fx.callError(destroyRequest('nope'), 'Item_Not_Found');
      });
    });
  });
}

describe('Destroy on a plain store', () => {
  let fx: ActorFixture;
  beforeEach(() => {
    fx = openActorFixture('plain');
  });
  afterEach(() => {
    fx.close();
  });

  /** Whether any file of the database (main file, WAL, shared memory) holds the text. */
  const onDisk = (needle: string): string[] =>
    fs.readdirSync(fx.dir).filter((name) => fs.readFileSync(path.join(fx.dir, name)).includes(Buffer.from(needle, 'latin1')));

  it('leaves no copy of the destroyed key material in the database files', () => {
    const uid = fx.create();
    const key = hexOf(fx.keyBytes(uid));
    // The search must be able to see the key before Destroy, or its silence afterwards proves nothing.
    assert.notDeepEqual(onDisk(key), []);
    fx.call(revokeRequest(uid));
    fx.call(destroyRequest(uid));
    assert.deepEqual(onDisk(key), [], 'destroyed key material is still readable in these files');
  });
});
