import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { createRequest, getAttributesRequest, getRequest, locateRequest, structField, tagAttribute, textField } from '../../helpers/kmip-requests.js';
import { createWithAttributes, createWithoutLength, enumField, hexOf, intField, keyBlockOf, locateResult, rawKeyOf, tagsOfAttributes, vendorValues } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

for (const kind of STORE_KINDS) {
  describe(`Create (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    /** The number of Active objects the caller owns. */
    const activeCount = (): number => locateResult(fx.call(locateRequest())).located;

    it('answers with ObjectType SymmetricKey and a server-chosen UUID', () => {
      const res = fx.call(createRequest());
      assert.equal(res.tag, 'CreateResponse');
      assert.equal(enumField(res, 'ObjectType'), 'SymmetricKey');
      assert.match(textField(res, 'UniqueIdentifier'), UUID);
    });

    for (const bits of [128, 192, 256]) {
      it(`creates an AES-${bits} key with ${bits / 8} bytes of material`, () => {
        const uid = fx.create({ algorithm: 'AES', length: bits });
        const res = fx.call(getRequest(uid));
        assert.equal(rawKeyOf(res).length, bits / 8);
        const block = keyBlockOf(res);
        assert.equal(enumField(block, 'CryptographicAlgorithm'), 'AES');
        assert.equal(intField(block, 'CryptographicLength'), bits);
        const attrs = structField(fx.call(getAttributesRequest(uid)), 'Attributes');
        assert.equal(intField(attrs, 'CryptographicLength'), bits);
      });
    }

    it('creates a 256-bit ChaCha20 key', () => {
      const uid = fx.create({ algorithm: 'ChaCha20', length: 256 });
      const res = fx.call(getRequest(uid));
      assert.equal(rawKeyOf(res).length, 32);
      assert.equal(enumField(keyBlockOf(res), 'CryptographicAlgorithm'), 'ChaCha20');
    });

    it('makes a 256-bit key when CryptographicLength is absent', () => {
      const uid = textField(fx.call(createWithoutLength('AES')), 'UniqueIdentifier');
      assert.equal(fx.keyBytes(uid).length, 32);
      assert.equal(intField(structField(fx.call(getAttributesRequest(uid)), 'Attributes'), 'CryptographicLength'), 256);
    });

    it('refuses an algorithm it cannot make symmetric keys for', () => {
      for (const algorithm of ['RSA', 'DES', 'ECDH']) {
        const err = fx.callError(createRequest({ algorithm }), 'Feature_Not_Supported');
        assert.match(err.message, new RegExp(algorithm));
      }
      assert.equal(activeCount(), 0);
    });

    it('refuses a Create without CryptographicAlgorithm', () => {
      fx.callError(createWithAttributes([int('CryptographicLength', 256)]), 'Invalid_Message');
    });

    it('refuses an algorithm name that is not a KMIP enumeration value', () => {
      fx.callError(createRequest({ algorithm: 'NotAnAlgorithm' }), 'Feature_Not_Supported');
    });

    it('refuses AES lengths other than 128, 192 and 256 bits', () => {
      for (const length of [0, 64, 100, 512]) {
        const err = fx.callError(createRequest({ algorithm: 'AES', length }), 'Invalid_Attribute_Value');
        assert.match(err.message, new RegExp(`\\b${length}\\b`));
      }
      assert.equal(activeCount(), 0);
    });

    it('refuses a ChaCha20 key that is not 256 bits', () => {
      fx.callError(createRequest({ algorithm: 'ChaCha20', length: 128 }), 'Invalid_Attribute_Value');
    });

    it('refuses to Create object types other than SymmetricKey', () => {
      fx.callError(createWithAttributes([enumeration('CryptographicAlgorithm', 'AES')], 'PrivateKey'), 'Feature_Not_Supported');
    });

    it('stores the tags of the cosmian/tag vendor attribute, with the _kk system tag', () => {
      const uid = fx.create({ tags: ['payments', 'eu'] });
      const attrs = structField(fx.call(getAttributesRequest(uid)), 'Attributes');
      assert.deepEqual(tagsOfAttributes(attrs)?.sort(), ['_kk', 'eu', 'payments']);
      assert.deepEqual(locateResult(fx.call(locateRequest({ tags: ['payments'] }))).ids, [uid]);
    });

    it('refuses tags in the reserved "_" namespace and empty tags', () => {
      for (const tags of [['_kk'], ['ok', '_mine'], ['']]) fx.callError(createRequest({ tags }), 'Invalid_Attribute_Value');
      assert.equal(activeCount(), 0);
    });

    it('honours a requested UniqueIdentifier', () => {
      const res = fx.call(createRequest({ uid: 'my-key-1' }));
      assert.equal(textField(res, 'UniqueIdentifier'), 'my-key-1');
      assert.equal(textField(fx.call(getRequest('my-key-1')), 'UniqueIdentifier'), 'my-key-1');
    });

    it('refuses a requested UniqueIdentifier that is taken, keeping the first key', () => {
      fx.create({ uid: 'dup' });
      const before = hexOf(fx.keyBytes('dup'));
      fx.callError(createRequest({ uid: 'dup' }), 'Object_Already_Exists');
      assert.equal(hexOf(fx.keyBytes('dup')), before);
      assert.equal(activeCount(), 1);
    });

    it('refuses a UniqueIdentifier that another user already holds', () => {
      fx.create({ uid: 'shared-name' }, 'bob');
      fx.callError(createRequest({ uid: 'shared-name' }), 'Object_Already_Exists');
    });

    it('refuses a requested UniqueIdentifier starting with "[" (tag selector syntax)', () => {
      fx.callError(createRequest({ uid: '["x"]' }), 'Invalid_Field');
      fx.callError(createRequest({ uid: '[' }), 'Invalid_Field');
      assert.equal(activeCount(), 0);
    });

    it('refuses a requested UniqueIdentifier that is not a TextString', () => {
      fx.callError(createWithAttributes([enumeration('CryptographicAlgorithm', 'AES'), int('UniqueIdentifier', 7)]), 'Invalid_Message');
    });

    it('refuses key formats other than TransparentSymmetricKey and Raw', () => {
      for (const keyFormatType of ['PKCS8', 'Opaque', 'TransparentECPrivateKey']) {
        fx.callError(createRequest({ keyFormatType }), 'Key_Format_Type_Not_Supported');
      }
      const uid = fx.create({ keyFormatType: 'Raw' });
      // Whatever the request says, the key is stored as TransparentSymmetricKey.
      assert.equal(enumField(structField(fx.call(getAttributesRequest(uid)), 'Attributes'), 'KeyFormatType'), 'TransparentSymmetricKey');
    });

    it('gives a key the usage mask 2108 when none is requested', () => {
      const uid = fx.create();
      assert.equal(intField(structField(fx.call(getAttributesRequest(uid)), 'Attributes'), 'CryptographicUsageMask'), 2108);
    });

    it('honours a requested usage mask', () => {
      const uid = fx.create({ usageMask: 0x4 | 0x8 });
      assert.equal(intField(structField(fx.call(getAttributesRequest(uid)), 'Attributes'), 'CryptographicUsageMask'), 12);
    });

    it('draws fresh random material for every key', () => {
      const a = fx.keyBytes(fx.create());
      const b = fx.keyBytes(fx.create());
      assert.notEqual(hexOf(a), hexOf(b));
      assert.ok(a.some((x) => x !== 0) && b.some((x) => x !== 0), 'key material must not be all zeros');
    });

    it('treats an empty VendorAttributes list as no vendor attributes', () => {
      const res = fx.call(createWithAttributes([enumeration('CryptographicAlgorithm', 'AES'), struct('VendorAttributes', [])]));
      const attrs = structField(fx.call(getAttributesRequest(textField(res, 'UniqueIdentifier'))), 'Attributes');
      assert.deepEqual([...vendorValues(attrs).keys()], ['cosmian/tag']);
    });

    it('keeps attributes it does not interpret and reports the identifier it chose', () => {
      const res = fx.call(createWithAttributes([enumeration('CryptographicAlgorithm', 'AES'), text('Comment', 'kept as sent'), tagAttribute(['t'])]));
      const uid = textField(res, 'UniqueIdentifier');
      const attrs = structField(fx.call(getAttributesRequest(uid)), 'Attributes');
      assert.equal(textField(attrs, 'Comment'), 'kept as sent');
      assert.equal(textField(attrs, 'UniqueIdentifier'), uid);
      assert.equal(enumField(attrs, 'ObjectType'), 'SymmetricKey');
    });
  });
}
