import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, START_TIME, STORE_KINDS } from '../actor-fixture.js';
import {
  deleteAttributeRequest, destroyRequest, encryptRequest, getAttributesRequest, locateRequest, revokeRequest, setAttributeRequest,
  structField, tagAttribute, textField, typedField,
} from '../../helpers/kmip-requests.js';
import {
  deleteByReferenceRequest, enumField, getVendorAttributeRequest, hexOf, intField, locateResult, longField, tagsIn, tagsOfAttributes,
  vendorAttribute, vendorValues,
} from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

for (const kind of STORE_KINDS) {
  describe(`GetAttributes, SetAttribute and DeleteAttribute (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const attributes = (uid: string, refs: readonly string[] = []): TtlvStructure => {
      const res = fx.call(getAttributesRequest(uid, refs));
      assert.equal(res.tag, 'GetAttributesResponse');
      assert.equal(textField(res, 'UniqueIdentifier'), uid);
      return structField(res, 'Attributes');
    };

    describe('GetAttributes', () => {
      it("returns all of a key's attributes: Cosmian's in its order, then the KMIP ones it lacks, tags last", () => {
        const uid = fx.create({ uid: 'all', tags: ['t1'] });
        const attrs = attributes(uid);
        assert.deepEqual(tagsIn(attrs), [
          'ActivationDate', 'CryptographicAlgorithm', 'CryptographicLength', 'CryptographicUsageMask', 'KeyFormatType', 'ObjectType', 'UniqueIdentifier',
          'InitialDate', 'LastChangeDate', 'Fresh', 'AlwaysSensitive', 'NeverExtractable', 'VendorAttributes',
        ]);
        assert.equal(longField(attrs, 'ActivationDate'), BigInt(START_TIME));
        assert.equal(longField(attrs, 'InitialDate'), BigInt(START_TIME));
        assert.equal(typedField(attrs, 'Fresh', 'Boolean').value, true);
        assert.equal(enumField(attrs, 'CryptographicAlgorithm'), 'AES');
        assert.equal(intField(attrs, 'CryptographicLength'), 256);
        assert.equal(intField(attrs, 'CryptographicUsageMask'), 2108);
        assert.equal(enumField(attrs, 'KeyFormatType'), 'TransparentSymmetricKey');
        assert.equal(enumField(attrs, 'ObjectType'), 'SymmetricKey');
        assert.equal(textField(attrs, 'UniqueIdentifier'), 'all');
        assert.deepEqual(tagsOfAttributes(attrs), ['_kk', 't1']);
      });

      it('returns only the attributes named by reference', () => {
        const uid = fx.create({ tags: ['t1'] });
        const attrs = attributes(uid, ['CryptographicAlgorithm', 'CryptographicUsageMask']);
        assert.deepEqual(tagsIn(attrs), ['CryptographicAlgorithm', 'CryptographicUsageMask']);
      });

      it('reports the State by reference, following the life cycle', () => {
        const uid = fx.create();
        assert.equal(enumField(attributes(uid, ['State']), 'State'), 'Active');
        fx.call(revokeRequest(uid));
        assert.equal(enumField(attributes(uid, ['State']), 'State'), 'Deactivated');
        fx.call(destroyRequest(uid));
        assert.deepEqual(tagsIn(attributes(uid, ['State'])), ['State']);
        assert.equal(enumField(attributes(uid, ['State']), 'State'), 'Destroyed');
      });

      it('returns just the tag attribute for a vendor attribute reference', () => {
        const uid = fx.create({ tags: ['t1'] });
        const attrs = structField(fx.call(getVendorAttributeRequest(uid, 'cosmian', 'tag')), 'Attributes');
        assert.deepEqual(tagsIn(attrs), ['VendorAttributes']);
        assert.deepEqual(tagsOfAttributes(attrs), ['_kk', 't1']);
      });

      it('returns all attributes for an empty AttributeReferences list', () => {
        const uid = fx.create({ tags: ['t1'] });
        const res = fx.call(struct('GetAttributes', [text('UniqueIdentifier', uid), struct('AttributeReferences', [])]));
        assert.deepEqual(tagsIn(structField(res, 'Attributes')), tagsIn(attributes(uid)));
      });

      it('returns an empty Attributes for a reference to an attribute the key lacks', () => {
        const uid = fx.create();
        assert.deepEqual(tagsIn(attributes(uid, ['DeactivationDate'])), []);
      });

      it('reports an unknown identifier as Item_Not_Found', () => {
        fx.callError(getAttributesRequest('nope'), 'Item_Not_Found');
      });

      it("hides another user's key", () => {
        const uid = fx.create({}, 'bob');
        fx.callError(getAttributesRequest(uid), 'Item_Not_Found');
      });
    });

    describe('SetAttribute', () => {
      it('changes the usage mask, and the new mask governs Encrypt', () => {
        const uid = fx.create();
        const res = fx.call(setAttributeRequest(uid, int('CryptographicUsageMask', 0x8)));
        assert.equal(res.tag, 'SetAttributeResponse');
        assert.equal(textField(res, 'UniqueIdentifier'), uid);
        assert.equal(intField(attributes(uid), 'CryptographicUsageMask'), 8);
        fx.callError(encryptRequest(uid, new Uint8Array([1])), 'Incompatible_Cryptographic_Usage_Mask');
      });

      it('adds a vendor attribute and replaces its value on a second set, leaving tags alone', () => {
        const uid = fx.create({ tags: ['keep'] });
        fx.call(setAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('red'))));
        fx.call(setAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('blue'))));
        const attrs = attributes(uid);
        const values = vendorValues(attrs);
        assert.deepEqual([...values.keys()].sort(), ['acme/color', 'cosmian/tag']);
        assert.equal(Buffer.from(values.get('acme/color') ?? []).toString(), 'blue');
        assert.deepEqual(tagsOfAttributes(attrs), ['_kk', 'keep']);
      });

      it('replaces the user tags, keeping the system tag', () => {
        const uid = fx.create({ tags: ['old1', 'old2'] });
        fx.call(setAttributeRequest(uid, tagAttribute(['new'])));
        assert.deepEqual(tagsOfAttributes(attributes(uid)), ['_kk', 'new']);
        assert.equal(locateResult(fx.call(locateRequest({ tags: ['old1'] }))).located, 0);
        assert.deepEqual(locateResult(fx.call(locateRequest({ tags: ['new', '_kk'] }))).ids, [uid]);
      });

      it('refuses tags in the reserved "_" namespace', () => {
        const uid = fx.create({ tags: ['a'] });
        fx.callError(setAttributeRequest(uid, tagAttribute(['_sk'])), 'Invalid_Attribute_Value');
        assert.deepEqual(tagsOfAttributes(attributes(uid)), ['_kk', 'a']);
      });

      for (const node of [
        enumeration('CryptographicAlgorithm', 'ChaCha20'),
        int('CryptographicLength', 128),
        text('UniqueIdentifier', 'renamed'),
        enumeration('ObjectType', 'PrivateKey'),
        enumeration('KeyFormatType', 'Raw'),
        enumeration('State', 'Active'),
      ]) {
        it(`refuses to change the read-only ${node.tag}`, () => {
          const uid = fx.create();
          const before = hexOf(fx.keyBytes(uid));
          const err = fx.callError(setAttributeRequest(uid, node), 'Attribute_Read_Only');
          assert.match(err.message, new RegExp(node.tag));
          const attrs = attributes(uid);
          assert.equal(enumField(attrs, 'CryptographicAlgorithm'), 'AES');
          assert.equal(intField(attrs, 'CryptographicLength'), 256);
          assert.equal(textField(attrs, 'UniqueIdentifier'), uid);
          assert.equal(hexOf(fx.keyBytes(uid)), before);
        });
      }

      it('sets an attribute that is not yet there, such as ActivationDate', () => {
        const uid = fx.create();
        fx.call(setAttributeRequest(uid, long('ActivationDate', 1_700_000_000_000n)));
        assert.equal(longField(attributes(uid, ['ActivationDate']), 'ActivationDate'), 1_700_000_000_000n);
      });

      it('refuses a NewAttribute holding two attributes', () => {
        const uid = fx.create();
        fx.callError(
          struct('SetAttribute', [text('UniqueIdentifier', uid), struct('NewAttribute', [int('CryptographicUsageMask', 4), int('CryptographicUsageMask', 8)])]),
          'Invalid_Message',
        );
      });

      it('refuses to change a destroyed key', () => {
        const uid = fx.create();
        fx.call(revokeRequest(uid));
        fx.call(destroyRequest(uid));
        fx.callError(setAttributeRequest(uid, int('CryptographicUsageMask', 4)), 'Item_Not_Found');
      });
    });

    describe('DeleteAttribute', () => {
      it('removes one tag and keeps the others', () => {
        const uid = fx.create({ tags: ['a', 'b'] });
        const res = fx.call(deleteAttributeRequest(uid, tagAttribute(['a'])));
        assert.equal(res.tag, 'DeleteAttributeResponse');
        assert.equal(textField(res, 'UniqueIdentifier'), uid);
        assert.deepEqual(tagsOfAttributes(attributes(uid)), ['_kk', 'b']);
        assert.equal(locateResult(fx.call(locateRequest({ tags: ['a'] }))).located, 0);
      });

      it('reports a tag the key does not carry as Attribute_Not_Found', () => {
        const uid = fx.create({ tags: ['a'] });
        fx.callError(deleteAttributeRequest(uid, tagAttribute(['zzz'])), 'Attribute_Not_Found');
        fx.callError(deleteAttributeRequest(uid, tagAttribute(['_kk'])), 'Attribute_Not_Found');
        assert.deepEqual(tagsOfAttributes(attributes(uid)), ['_kk', 'a']);
      });

      it('reports a missing attribute as Attribute_Not_Found', () => {
        const uid = fx.create();
        fx.callError(deleteAttributeRequest(uid, long('DeactivationDate', 0n)), 'Attribute_Not_Found');
        fx.callError(deleteByReferenceRequest(uid, ['Comment']), 'Attribute_Not_Found');
      });

      it('removes a vendor attribute', () => {
        const uid = fx.create();
        fx.call(setAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('red'))));
        fx.call(deleteAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('red'))));
        assert.deepEqual([...vendorValues(attributes(uid)).keys()], ['cosmian/tag']);
        fx.callError(deleteAttributeRequest(uid, vendorAttribute('acme', 'color', Buffer.from('red'))), 'Attribute_Not_Found');
      });

      it('removes the usage mask by reference, after which Encrypt is refused', () => {
        const uid = fx.create();
        fx.call(deleteByReferenceRequest(uid, ['CryptographicUsageMask']));
        assert.deepEqual(tagsIn(attributes(uid, ['CryptographicUsageMask'])), []);
        fx.callError(encryptRequest(uid, new Uint8Array([1])), 'Incompatible_Cryptographic_Usage_Mask');
      });

      it('refuses to delete a read-only attribute', () => {
        const uid = fx.create();
        fx.callError(deleteAttributeRequest(uid, enumeration('CryptographicAlgorithm', 'AES')), 'Attribute_Read_Only');
        assert.equal(enumField(attributes(uid), 'CryptographicAlgorithm'), 'AES');
      });

      it('refuses a DeleteAttribute that names nothing', () => {
        const uid = fx.create();
        fx.callError(struct('DeleteAttribute', [text('UniqueIdentifier', uid)]), 'Invalid_Message');
      });
    });
  });
}
