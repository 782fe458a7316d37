import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { destroyRequest, exportRequest, field, getRequest, revokeRequest, structField, textField } from '../../helpers/kmip-requests.js';
import { enumField, hexOf, intField, keyBlockOf, keyMaterialOf, rawKeyOf, tagsIn, tagsOfAttributes } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

for (const kind of STORE_KINDS) {
  describe(`Get and Export (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it('returns Raw by default: a KeyMaterial Structure holding one ByteString', () => {
      const uid = fx.create({ uid: 'k1' });
      const res = fx.call(getRequest(uid));
      assert.equal(res.tag, 'GetResponse');
      assert.deepEqual(tagsIn(res), ['ObjectType', 'UniqueIdentifier', 'Object']);
      assert.equal(enumField(res, 'ObjectType'), 'SymmetricKey');
      assert.equal(textField(res, 'UniqueIdentifier'), 'k1');
      const block = keyBlockOf(res);
      assert.deepEqual(tagsIn(block), ['KeyFormatType', 'KeyValue', 'CryptographicAlgorithm', 'CryptographicLength']);
      assert.equal(enumField(block, 'KeyFormatType'), 'Raw');
      const material = keyMaterialOf(res);
      assert.equal(material.type, 'Structure');
      assert.deepEqual(material.type === 'Structure' ? material.value.map((c) => [c.tag, c.type]) : [], [['ByteString', 'ByteString']]);
      assert.equal(rawKeyOf(res).length, 32);
    });

    it('returns TransparentSymmetricKey on request: KeyMaterial holds Key, same bytes as Raw', () => {
      const uid = fx.create();
      const raw = rawKeyOf(fx.call(getRequest(uid, 'Raw')));
      const res = fx.call(getRequest(uid, 'TransparentSymmetricKey'));
      assert.equal(enumField(keyBlockOf(res), 'KeyFormatType'), 'TransparentSymmetricKey');
      const material = keyMaterialOf(res);
      assert.ok(material.type === 'Structure');
      assert.deepEqual(material.value.map((c) => c.tag), ['Key']);
      const key = material.value[0];
      assert.ok(key?.type === 'ByteString');
      assert.equal(hexOf(key.value), hexOf(raw));
    });

    for (const format of ['Raw', 'TransparentSymmetricKey']) {
      it(`embeds Attributes whose KeyFormatType is ${format} when Get asks for ${format}`, () => {
        const uid = fx.create({ usageMask: 12 });
        const value = structField(keyBlockOf(fx.call(getRequest(uid, format))), 'KeyValue');
        const attrs = structField(value, 'Attributes');
        assert.equal(enumField(attrs, 'KeyFormatType'), format);
        assert.equal(enumField(attrs, 'CryptographicAlgorithm'), 'AES');
        assert.equal(intField(attrs, 'CryptographicLength'), 256);
        assert.equal(intField(attrs, 'CryptographicUsageMask'), 12);
        assert.equal(enumField(attrs, 'ObjectType'), 'SymmetricKey');
      });
    }

    it('refuses key formats a symmetric key cannot be exported in', () => {
      const uid = fx.create();
      fx.callError(getRequest(uid, 'PKCS8'), 'Key_Format_Type_Not_Supported');
      fx.callError(exportRequest(uid, 'Opaque'), 'Key_Format_Type_Not_Supported');
    });

    it('refuses a wrapping request that names no wrapping key, or a method other than Encrypt', () => {
      const uid = fx.create();
      fx.callError(
        struct('Get', [text('UniqueIdentifier', uid), struct('KeyWrappingSpecification', [enumeration('WrappingMethod', 'Encrypt')])]),
        'Invalid_Message',
      );
      fx.callError(
        struct('Get', [text('UniqueIdentifier', uid), struct('KeyWrappingSpecification', [enumeration('WrappingMethod', 'MACSign')])]),
        'Feature_Not_Supported',
      );
    });

    it('accepts KeyWrapType AsRegistered, as ckms sends it', () => {
      const uid = fx.create();
      const res = fx.call(struct('Get', [text('UniqueIdentifier', uid), enumeration('KeyWrapType', 'AsRegistered')]));
      assert.equal(rawKeyOf(res).length, 32);
    });

    it('reports an unknown identifier as Item_Not_Found', () => {
      fx.callError(getRequest('no-such-key'), 'Item_Not_Found');
      fx.callError(exportRequest('no-such-key'), 'Item_Not_Found');
    });

    it('refuses to Get a revoked key', () => {
      const uid = fx.create();
      fx.call(revokeRequest(uid));
      fx.callError(getRequest(uid), 'Item_Not_Found');
    });

    it("hides another user's key from Get and Export", () => {
      const uid = fx.create({}, 'bob');
      fx.callError(getRequest(uid), 'Item_Not_Found');
      fx.callError(exportRequest(uid), 'Item_Not_Found');
      assert.equal(rawKeyOf(fx.call(getRequest(uid), 'bob')).length, 32);
    });

    it('Exports a key with its Attributes, tags included', () => {
      const uid = fx.create({ uid: 'exp', tags: ['finance'] });
      const res = fx.call(exportRequest(uid));
      assert.equal(res.tag, 'ExportResponse');
      assert.deepEqual(tagsIn(res), ['ObjectType', 'UniqueIdentifier', 'Attributes', 'Object']);
      const attrs = structField(res, 'Attributes');
      assert.deepEqual(tagsOfAttributes(attrs)?.sort(), ['_kk', 'finance']);
      assert.equal(textField(attrs, 'UniqueIdentifier'), 'exp');
      assert.equal(hexOf(rawKeyOf(res)), hexOf(fx.keyBytes(uid)));
    });

    it('Exports a revoked key with its material', () => {
      const uid = fx.create();
      const key = fx.keyBytes(uid);
      fx.call(revokeRequest(uid));
      const res = fx.call(exportRequest(uid, 'TransparentSymmetricKey'));
      const material = keyMaterialOf(res);
      assert.ok(material.type === 'Structure');
      const inner = field(material, 'Key');
      assert.ok(inner.type === 'ByteString');
      assert.equal(hexOf(inner.value), hexOf(key));
    });

    it('Exports a destroyed key as Opaque with empty KeyMaterial', () => {
      const uid = fx.create({ tags: ['gone'] });
      fx.call(revokeRequest(uid));
      fx.call(destroyRequest(uid));
      const res = fx.call(exportRequest(uid));
      const block = keyBlockOf(res);
      assert.equal(enumField(block, 'KeyFormatType'), 'Opaque');
      assert.equal(rawKeyOf(res).length, 0);
      assert.equal(enumField(block, 'CryptographicAlgorithm'), 'AES');
      assert.equal(intField(block, 'CryptographicLength'), 256);
      assert.deepEqual(tagsOfAttributes(structField(res, 'Attributes'))?.sort(), ['_kk', 'gone']);
    });

    it('finds nothing to Get once a key is destroyed', () => {
      const uid = fx.create();
      fx.call(revokeRequest(uid));
      fx.call(destroyRequest(uid));
      fx.callError(getRequest(uid), 'Item_Not_Found');
    });
  });
}
