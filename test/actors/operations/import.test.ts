import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, decryptRequest, encryptRequest, getAttributesRequest, getRequest, importRequest, structField, textField } from '../../helpers/kmip-requests.js';
import { enumField, hexOf, intField, rawImportRequest, tagsOfAttributes } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fresh random key of n bytes. */
function keyOf(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

for (const kind of STORE_KINDS) {
  describe(`Import (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const importUid = (o: Parameters<typeof importRequest>[0]): string => {
      const res = fx.call(importRequest(o));
      assert.equal(res.tag, 'ImportResponse');
      return textField(res, 'UniqueIdentifier');
    };

    it('imports a Raw key and gives back the same bytes', () => {
      const key = keyOf(32);
      const uid = importUid({ uid: 'raw-1', key, format: 'Raw' });
      assert.equal(uid, 'raw-1');
      assert.equal(hexOf(fx.keyBytes(uid)), hexOf(key));
    });

    it('imports a TransparentSymmetricKey key', () => {
      const key = keyOf(16);
      const uid = importUid({ uid: 'tsk-1', key, format: 'TransparentSymmetricKey' });
      assert.equal(hexOf(fx.keyBytes(uid)), hexOf(key));
    });

    it('imports the pre-4.11 bare-ByteString KeyMaterial', () => {
      const key = keyOf(32);
      const uid = importUid({ uid: 'bare-1', key, format: 'bare' });
      assert.equal(hexOf(fx.keyBytes(uid)), hexOf(key));
    });

    it('imports a ChaCha20 key', () => {
      const uid = importUid({ key: keyOf(32), algorithm: 'ChaCha20' });
      assert.equal(enumField(structField(fx.call(getAttributesRequest(uid)), 'Attributes'), 'CryptographicAlgorithm'), 'ChaCha20');
    });

    it('gives an empty UniqueIdentifier a fresh server UUID', () => {
      const a = importUid({ uid: '', key: keyOf(32) });
      const b = importUid({ uid: '', key: keyOf(32) });
      assert.match(a, UUID);
      assert.match(b, UUID);
      assert.notEqual(a, b);
    });

    it('stores an imported key with mask 2108, its tags and _kk, as TransparentSymmetricKey', () => {
      const uid = importUid({ key: keyOf(32), tags: ['imported'] });
      const attrs = structField(fx.call(getAttributesRequest(uid)), 'Attributes');
      assert.equal(intField(attrs, 'CryptographicUsageMask'), 2108);
      assert.equal(enumField(attrs, 'KeyFormatType'), 'TransparentSymmetricKey');
      assert.equal(intField(attrs, 'CryptographicLength'), 256);
      assert.deepEqual(tagsOfAttributes(attrs)?.sort(), ['_kk', 'imported']);
    });

    it('refuses an existing UniqueIdentifier without ReplaceExisting, keeping the old key', () => {
      const first = keyOf(32);
      importUid({ uid: 'k', key: first });
      fx.callError(importRequest({ uid: 'k', key: keyOf(32) }), 'Object_Already_Exists');
      fx.callError(importRequest({ uid: 'k', key: keyOf(32), replace: false }), 'Object_Already_Exists');
      assert.equal(hexOf(fx.keyBytes('k')), hexOf(first));
    });

    it('replaces an existing key when ReplaceExisting is set', () => {
      const first = keyOf(32);
      const second = keyOf(32);
      importUid({ uid: 'k', key: first, tags: ['old'] });
      assert.equal(importUid({ uid: 'k', key: second, replace: true, tags: ['new'] }), 'k');
      assert.equal(hexOf(fx.keyBytes('k')), hexOf(second));
      const attrs = structField(fx.call(getAttributesRequest('k')), 'Attributes');
      assert.deepEqual(tagsOfAttributes(attrs)?.sort(), ['_kk', 'new']);
    });

    it('replaces a key created by Create when ReplaceExisting is set', () => {
      const uid = fx.create();
      const key = keyOf(32);
      importUid({ uid, key, replace: true });
      assert.equal(hexOf(fx.keyBytes(uid)), hexOf(key));
    });

    it("refuses to replace another user's key", () => {
      const key = keyOf(32);
      importUid({ uid: 'admins', key });
      fx.callError(importRequest({ uid: 'admins', key: keyOf(32), replace: true }), 'Object_Already_Exists', 'bob');
      assert.equal(hexOf(fx.keyBytes('admins')), hexOf(key));
    });

    it('refuses a CryptographicLength that does not match the key material', () => {
      const err = fx.callError(
        rawImportRequest({
          uid: 'mismatch',
          keyFormatType: 'Raw',
          material: struct('KeyMaterial', [bytes('ByteString', keyOf(16))]),
          attributes: [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)],
          blockLength: 256,
        }),
        'Invalid_Attribute_Value',
      );
      assert.match(err.message, /256/);
      fx.callError(getRequest('mismatch'), 'Item_Not_Found');
    });

    it('refuses a KeyBlock CryptographicLength that does not match when no Attributes are sent', () => {
      fx.callError(
        rawImportRequest({ keyFormatType: 'Raw', material: struct('KeyMaterial', [bytes('ByteString', keyOf(32))]), blockLength: 128 }),
        'Invalid_Attribute_Value',
      );
    });

    it('refuses key sizes AES does not have', () => {
      fx.callError(importRequest({ key: keyOf(20) }), 'Invalid_Attribute_Value');
      fx.callError(importRequest({ key: new Uint8Array(0) }), 'Invalid_Attribute_Value');
    });

    it('refuses key formats other than Raw and TransparentSymmetricKey', () => {
      fx.callError(
        rawImportRequest({ keyFormatType: 'PKCS8', material: struct('KeyMaterial', [bytes('ByteString', keyOf(32))]), blockLength: 256 }),
        'Key_Format_Type_Not_Supported',
      );
    });

    it('refuses a TransparentSymmetricKey whose KeyMaterial holds no Key', () => {
      fx.callError(
        rawImportRequest({ keyFormatType: 'TransparentSymmetricKey', material: struct('KeyMaterial', [bytes('ByteString', keyOf(32))]), blockLength: 256 }),
        'Invalid_Message',
      );
    });

    it('keeps wrapped key material as registered, refuses to use it, and cannot unwrap without a named key', () => {
      const wrapped = {
        keyFormatType: 'Raw',
        material: struct('KeyMaterial', [bytes('ByteString', keyOf(40))]),
        blockExtras: [struct('KeyWrappingData', [enumeration('WrappingMethod', 'Encrypt')])],
      };
      const uid = textField(fx.call(rawImportRequest({ ...wrapped, uid: 'kept-wrapped' })), 'UniqueIdentifier');
      fx.callError(encryptRequest(uid, keyOf(8)), 'Feature_Not_Supported');
      const asked = rawImportRequest({ ...wrapped, uid: 'unwrap-me' });
      const withNotWrapped = asked.type === 'Structure' ? struct('Import', [...asked.value, enumeration('KeyWrapType', 'NotWrapped')]) : asked;
      fx.callError(withNotWrapped, 'Invalid_Message');
    });

    it('refuses object types it cannot hold, and private keys whose PKCS#8 does not parse', () => {
      fx.callError(rawImportRequest({ objectType: 'SplitKey', keyFormatType: 'Raw', material: struct('KeyMaterial', [bytes('ByteString', keyOf(32))]) }), 'Feature_Not_Supported');
      fx.callError(
        rawImportRequest({ objectType: 'PrivateKey', keyFormatType: 'PKCS8', material: struct('KeyMaterial', [bytes('ByteString', keyOf(32))]) }),
        'Invalid_Attribute_Value',
      );
    });

    it('refuses a UniqueIdentifier starting with "["', () => {
      fx.callError(importRequest({ uid: '["x"]', key: keyOf(32) }), 'Invalid_Field');
    });

    it('refuses reserved "_" tags on import', () => {
      fx.callError(importRequest({ key: keyOf(32), tags: ['_kk'] }), 'Invalid_Attribute_Value');
    });

    it('decrypts what node:crypto encrypted with AES-256-GCM under the same key', () => {
      const key = keyOf(32);
      const uid = importUid({ uid: 'interop', key });
      const nonce = randomBytes(12);
      const aad = Buffer.from('header v1', 'utf8');
      const plaintext = Buffer.from('interoperable plaintext', 'utf8');
      const c = createCipheriv('aes-256-gcm', key, nonce);
      c.setAAD(aad);
      const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
      const res = fx.call(decryptRequest(uid, ciphertext, nonce, c.getAuthTag(), { aad }));
      assert.equal(Buffer.from(bytesField(res, 'Data')).toString('utf8'), 'interoperable plaintext');
      assert.equal(textField(res, 'UniqueIdentifier'), 'interop');
    });

    it('takes the key attributes from the KeyValue when the Import carries none', () => {
      const key = keyOf(16);
      const res = fx.call(
        rawImportRequest({
          uid: 'embedded',
          keyFormatType: 'Raw',
          material: struct('KeyMaterial', [bytes('ByteString', key)]),
          blockLength: 128,
        }),
      );
      assert.equal(textField(res, 'UniqueIdentifier'), 'embedded');
      const attrs = structField(fx.call(getAttributesRequest('embedded')), 'Attributes');
      assert.equal(intField(attrs, 'CryptographicLength'), 128);
      assert.equal(textField(attrs, 'UniqueIdentifier'), 'embedded');
    });

    it('ignores a UniqueIdentifier inside Attributes in favour of the request one', () => {
      fx.call(
        rawImportRequest({
          uid: 'outer',
          keyFormatType: 'Raw',
          material: struct('KeyMaterial', [bytes('ByteString', keyOf(32))]),
          attributes: [enumeration('CryptographicAlgorithm', 'AES'), text('UniqueIdentifier', 'inner')],
        }),
      );
      assert.equal(textField(structField(fx.call(getAttributesRequest('outer')), 'Attributes'), 'UniqueIdentifier'), 'outer');
      fx.callError(getRequest('inner'), 'Item_Not_Found');
    });
  });
}
