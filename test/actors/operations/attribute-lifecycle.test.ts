import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, enumeration, int, long, text } from '../../../src/kmip/ttlv/build.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import {
  deleteAttributeRequest, encryptRequest, revokeRequest, setAttributeRequest, tagAttribute, textField,
} from '../../helpers/kmip-requests.js';
import { createWithAttributes, deleteByReferenceRequest, enumField, longField } from '../helpers.js';
import { addAttributeRequest, attributesOf, modifyAttributeRequest } from '../attribute-helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

for (const kind of STORE_KINDS) {
  describe(`read-only attributes, one-way flags and life-cycle dates (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const attributes = (uid: string, refs: readonly string[] = []): TtlvStructure => attributesOf(fx, uid, refs);
    const state = (uid: string): string => enumField(attributes(uid, ['State']), 'State');
    const createPreActive = (activation: number): string =>
      textField(fx.call(createWithAttributes([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), long('ActivationDate', BigInt(activation))])), 'UniqueIdentifier');

    describe('read-only and one-way attributes', () => {
      const serverOwned = [
        long('InitialDate', 1n), long('LastChangeDate', 1n), long('DestroyDate', 1n), long('CompromiseDate', 1n),
        bool('Fresh', false), bool('AlwaysSensitive', true), bool('NeverExtractable', true), enumeration('State', 'Deactivated'),
      ];
      for (const node of serverOwned) {
        it(`refuses every change to ${node.tag}`, () => {
          const uid = fx.create();
          for (const request of [setAttributeRequest(uid, node), addAttributeRequest(uid, node), modifyAttributeRequest(uid, node), deleteAttributeRequest(uid, node)]) {
            const err = fx.callError(request, 'Attribute_Read_Only');
            assert.match(err.message, new RegExp(node.tag));
          }
          fx.callError(deleteByReferenceRequest(uid, [node.tag]), 'Attribute_Read_Only');
        });
      }

      it('lets Sensitive go from false to true only', () => {
        const uid = fx.create();
        fx.call(setAttributeRequest(uid, bool('Sensitive', false)));
        fx.call(setAttributeRequest(uid, bool('Sensitive', true)));
        fx.callError(setAttributeRequest(uid, bool('Sensitive', false)), 'Attribute_Read_Only');
        fx.callError(modifyAttributeRequest(uid, bool('Sensitive', false)), 'Attribute_Read_Only');
        fx.callError(deleteByReferenceRequest(uid, ['Sensitive']), 'Attribute_Read_Only');
        assert.deepEqual(attributes(uid, ['Sensitive']).value, [bool('Sensitive', true)]);
      });

      it('lets Extractable go from true to false only', () => {
        const uid = fx.create();
        fx.call(addAttributeRequest(uid, bool('Extractable', true)));
        fx.call(modifyAttributeRequest(uid, bool('Extractable', false)));
        fx.callError(setAttributeRequest(uid, bool('Extractable', true)), 'Attribute_Read_Only');
        fx.callError(deleteAttributeRequest(uid, bool('Extractable', false)), 'Attribute_Read_Only');
        assert.deepEqual(attributes(uid, ['Extractable']).value, [bool('Extractable', false)]);
      });
    });

    describe('dates and state', () => {
      it('sets LastChangeDate to the time of every successful change, and only then', () => {
        const uid = fx.create();
        fx.advance(5_000);
        fx.call(setAttributeRequest(uid, text('Comment', 'x')));
        const first = fx.now();
        assert.equal(longField(attributes(uid, ['LastChangeDate']), 'LastChangeDate'), BigInt(first));
        fx.advance(7_000);
        fx.callError(setAttributeRequest(uid, bool('Fresh', true)), 'Attribute_Read_Only');
        assert.equal(longField(attributes(uid, ['LastChangeDate']), 'LastChangeDate'), BigInt(first));
        fx.call(addAttributeRequest(uid, tagAttribute(['t'])));
        assert.equal(longField(attributes(uid, ['LastChangeDate']), 'LastChangeDate'), BigInt(fx.now()));
      });

      it('moves a key to Deactivated when its DeactivationDate passes, after which Encrypt fails', () => {
        const uid = fx.create();
        fx.call(setAttributeRequest(uid, long('DeactivationDate', BigInt(fx.now() + 1_000))));
        assert.equal(state(uid), 'Active');
        fx.call(encryptRequest(uid, new Uint8Array([1])));
        fx.advance(2_000);
        assert.equal(state(uid), 'Deactivated');
        assert.throws(
          () => fx.call(encryptRequest(uid, new Uint8Array([1]))),
          (e: unknown) => e instanceof KmsError && (e.reason === 'Item_Not_Found' || e.reason === 'Wrong_Key_Lifecycle_State'),
        );
        fx.callError(setAttributeRequest(uid, long('DeactivationDate', BigInt(fx.now() + 9_000))), 'Attribute_Read_Only');
      });

      it('deactivates at once for a DeactivationDate already past', () => {
        const uid = fx.create();
        fx.advance(1_000);
        fx.call(setAttributeRequest(uid, long('DeactivationDate', BigInt(fx.now() - 500))));
        assert.equal(state(uid), 'Deactivated');
      });

      it('cancels a pending deactivation when DeactivationDate is deleted', () => {
        const uid = fx.create();
        fx.call(setAttributeRequest(uid, long('DeactivationDate', BigInt(fx.now() + 1_000))));
        fx.call(deleteByReferenceRequest(uid, ['DeactivationDate']));
        fx.advance(5_000);
        assert.equal(state(uid), 'Active');
      });

      it('lets ActivationDate move while PreActive only', () => {
        const uid = createPreActive(fx.now() + 10_000);
        assert.equal(state(uid), 'PreActive');
        fx.call(modifyAttributeRequest(uid, long('ActivationDate', BigInt(fx.now() + 3_000))));
        fx.advance(2_000);
        assert.equal(state(uid), 'PreActive');
        fx.advance(2_000);
        assert.equal(state(uid), 'Active');
        const err = fx.callError(setAttributeRequest(uid, long('ActivationDate', BigInt(fx.now() + 50_000))), 'Attribute_Read_Only');
        assert.match(err.message, /PreActive/);
        fx.callError(deleteByReferenceRequest(uid, ['ActivationDate']), 'Attribute_Read_Only');
      });

      it('activates at once for an ActivationDate moved into the past', () => {
        const uid = createPreActive(fx.now() + 10_000);
        fx.call(setAttributeRequest(uid, long('ActivationDate', BigInt(fx.now()))));
        assert.equal(state(uid), 'Active');
      });

      it('refuses date changes once the key is revoked', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid));
        fx.callError(setAttributeRequest(uid, long('DeactivationDate', BigInt(fx.now() + 1_000))), 'Attribute_Read_Only');
        fx.callError(setAttributeRequest(uid, long('ActivationDate', BigInt(fx.now() + 1_000))), 'Attribute_Read_Only');
      });
    });

  });
}
