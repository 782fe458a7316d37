import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { bytes, enumeration, struct, text } from '../../../src/kmip/ttlv/build.js';
import { parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { encryptRequest, getRequest, structField, textField } from '../../helpers/kmip-requests.js';
import { enumField, flipBit, keyBlockOf, keyMaterialOf, rawKeyOf } from '../helpers.js';
import { createPair, fetchRequest, objectOf, Scratch, wrappedBytesOf, wrappingSpec, type Fetch, type PairIds, type WrapOptions } from '../asymmetric-helpers.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const scratch = new Scratch();
after(() => {
  scratch.close();
});

/** RFC 5649 unwrap by openssl. */
function opensslKwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  return scratch.opensslIn(['enc', '-d', `-id-aes${String(kek.length * 8)}-wrap-pad`, '-K', Buffer.from(kek).toString('hex'), '-iv', 'A65959A6'], wrapped);
}

/** RSA-OAEP (SHA-256, MGF1 SHA-256) decryption by openssl with a PKCS#8 DER private key file. */
function opensslOaepDecrypt(keyFile: string, data: Uint8Array): Buffer {
  const opts = ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', 'rsa_oaep_md:sha256', '-pkeyopt', 'rsa_mgf1_md:sha256'];
  return scratch.opensslIn(['pkeyutl', '-decrypt', '-inkey', keyFile, '-keyform', 'DER', ...opts], data);
}

/** AES-256-GCM of nonce || ciphertext || tag, opened by node. */
function gcmOpen(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, 12));
  d.setAuthTag(wrapped.subarray(wrapped.length - 16));
  return Buffer.concat([d.update(wrapped.subarray(12, wrapped.length - 16)), d.final()]);
}

/** An Import of an object, asking for it to be unwrapped or not. */
function importObject(uid: string, objectType: string, object: TtlvStructure, unwrap: boolean): TtlvNode {
  return struct('Import', [
    text('UniqueIdentifier', uid), enumeration('ObjectType', objectType), unwrap ? enumeration('KeyWrapType', 'NotWrapped') : undefined, object,
  ]);
}

/** The object with other wrapped bytes in its KeyValue. */
function withWrappedBytes(object: TtlvStructure, b: Uint8Array): TtlvStructure {
  return struct('Object', object.value.map((n) => (n.tag === 'KeyBlock' && n.type === 'Structure' ? struct('KeyBlock', n.value.map((c) => (c.tag === 'KeyValue' ? bytes('KeyValue', b) : c))) : n)));
}

for (const kind of STORE_KINDS) {
  describe(`Key wrapping on Get, Export and Import (${kind} store)`, () => {
    let fx: ActorFixture;
    let kek: string;
    let kekBytes: Uint8Array;
    let rsa: PairIds;
    let ec: PairIds;
    let rsaKeyFile: string;
    before(async () => {
      fx = openActorFixture(kind);
      kek = fx.create({ uid: 'kek' });
      kekBytes = fx.keyBytes(kek);
      rsa = await createPair(fx, { algorithm: 'RSA', length: 2048 });
      ec = await createPair(fx, { algorithm: 'ECDSA', curve: 'P256' });
      rsaKeyFile = scratch.file(rawKeyOf(fx.call(getRequest(rsa.priv, 'PKCS8'))));
    });
    after(() => {
      fx.close();
    });

    const wrappedGet = (op: Fetch, uid: string, wrapKey: string, o: WrapOptions, format?: string): TtlvStructure => fx.call(fetchRequest(op, uid, format, wrappingSpec(wrapKey, o)));

    for (const op of ['Get', 'Export'] satisfies Fetch[]) {
      it(`${op} with NoEncoding wraps the raw symmetric key with RFC 5649, as openssl unwraps it`, () => {
        const target = fx.create();
        for (const o of [{ encoding: 'NoEncoding' }, { encoding: 'NoEncoding', mode: 'NISTKeyWrap' }] satisfies WrapOptions[]) {
          const res = wrappedGet(op, target, kek, o);
          const block = keyBlockOf(res);
          assert.equal(enumField(block, 'KeyFormatType'), 'Raw');
          const data = structField(block, 'KeyWrappingData');
          assert.equal(enumField(data, 'WrappingMethod'), 'Encrypt');
          assert.equal(textField(structField(data, 'EncryptionKeyInformation'), 'UniqueIdentifier'), kek);
          assert.equal(enumField(data, 'EncodingOption'), 'NoEncoding');
          const wrapped = wrappedBytesOf(res);
          assert.equal(wrapped.length, 40);
          assert.deepEqual(opensslKwpUnwrap(kekBytes, wrapped), Buffer.from(fx.keyBytes(target)));
        }
      });
    }

    it('wraps a private key as PKCS#8 under NoEncoding, or as the byte format asked for', () => {
      const cases: readonly [string, string | undefined, string][] = [
        [rsa.priv, undefined, 'PKCS8'], [rsa.priv, 'PKCS1', 'PKCS1'], [ec.priv, undefined, 'PKCS8'], [ec.priv, 'ECPrivateKey', 'ECPrivateKey'], [ec.pub, undefined, 'PKCS8'], [rsa.pub, 'PKCS1', 'PKCS1'],
      ];
      for (const [uid, asked, format] of cases) {
        const res = wrappedGet('Get', uid, kek, { encoding: 'NoEncoding' }, asked);
        assert.equal(enumField(keyBlockOf(res), 'KeyFormatType'), format);
        assert.deepEqual(opensslKwpUnwrap(kekBytes, wrappedBytesOf(res)), Buffer.from(rawKeyOf(fx.call(getRequest(uid, format)))), `${uid} as ${format}`);
      }
      fx.callError(fetchRequest('Get', ec.priv, 'TransparentECPrivateKey', wrappingSpec(kek, { encoding: 'NoEncoding' })), 'Key_Format_Type_Not_Supported');
    });

    it('wraps with AES-GCM as nonce || ciphertext || tag, with a fresh nonce each time', () => {
      const target = fx.create();
      const res = wrappedGet('Get', target, kek, { mode: 'GCM', encoding: 'NoEncoding' });
      const params = structField(structField(structField(keyBlockOf(res), 'KeyWrappingData'), 'EncryptionKeyInformation'), 'CryptographicParameters');
      assert.equal(enumField(params, 'BlockCipherMode'), 'GCM');
      const wrapped = wrappedBytesOf(res);
      assert.equal(wrapped.length, 12 + 32 + 16);
      assert.deepEqual(gcmOpen(kekBytes, wrapped), Buffer.from(fx.keyBytes(target)));
      assert.notDeepEqual(wrappedBytesOf(wrappedGet('Get', target, kek, { mode: 'GCM', encoding: 'NoEncoding' })).subarray(0, 12), wrapped.subarray(0, 12));
      const pkcs8 = wrappedBytesOf(wrappedGet('Get', ec.priv, kek, { mode: 'GCM', encoding: 'NoEncoding' }));
      assert.deepEqual(gcmOpen(kekBytes, pkcs8), Buffer.from(rawKeyOf(fx.call(getRequest(ec.priv, 'PKCS8')))));
    });

    it('wraps with RSA-OAEP SHA-256 under an RSA public key, as openssl pkeyutl decrypts it', () => {
      const target = fx.create();
      for (const o of [{ encoding: 'NoEncoding', padding: 'OAEP', hash: 'SHA256' }, { encoding: 'NoEncoding' }] satisfies WrapOptions[]) {
        const wrapped = wrappedBytesOf(wrappedGet('Get', target, rsa.pub, o));
        assert.equal(wrapped.length, 256);
        assert.deepEqual(opensslOaepDecrypt(rsaKeyFile, wrapped), Buffer.from(fx.keyBytes(target)));
      }
      // An RSA private key's PKCS#8 is far more than OAEP carries in one block.
      fx.callError(fetchRequest('Get', rsa.priv, undefined, wrappingSpec(rsa.pub, { encoding: 'NoEncoding' })), 'Bad_Cryptographic_Parameters');
    });

    it('wraps with RSA-AES key wrap: an OAEP-encrypted AES-256 key, then RFC 5649 under it', () => {
      for (const uid of [ec.priv, fx.create()]) {
        const wrapped = wrappedBytesOf(wrappedGet('Get', uid, rsa.pub, { algorithm: 'AES', encoding: 'NoEncoding' }));
        const ephemeral = opensslOaepDecrypt(rsaKeyFile, wrapped.subarray(0, 256));
        assert.equal(ephemeral.length, 32);
        const expected = uid === ec.priv ? rawKeyOf(fx.call(getRequest(uid, 'PKCS8'))) : fx.keyBytes(uid);
        assert.deepEqual(opensslKwpUnwrap(ephemeral, wrapped.subarray(256)), Buffer.from(expected));
      }
    });

    it('wraps the JSON TTLV of the KeyValue by default (TTLVEncoding)', () => {
      const target = fx.create();
      const res = wrappedGet('Export', target, kek, {});
      assert.equal(enumField(structField(keyBlockOf(res), 'KeyWrappingData'), 'EncodingOption'), 'TTLVEncoding');
      const value = parseJsonTtlv(opensslKwpUnwrap(kekBytes, wrappedBytesOf(res)).toString('utf8'));
      assert.equal(value.tag, 'KeyValue');
      assert.ok(value.type === 'Structure');
      assert.deepEqual(value.value.find((n) => n.tag === 'KeyMaterial'), keyMaterialOf(fx.call(getRequest(target))));
    });

    const ROUND_TRIPS: readonly [string, () => string, 'SymmetricKey' | 'SecretData' | 'PrivateKey' | 'PublicKey', () => string, WrapOptions][] = [
      ['an AES key under RFC 5649', () => fx.create(), 'SymmetricKey', () => kek, {}],
      ['an AES key under AES-GCM', () => fx.create(), 'SymmetricKey', () => kek, { mode: 'GCM' }],
      ['an RSA private key under AES-GCM', () => rsa.priv, 'PrivateKey', () => kek, { mode: 'GCM' }],
      ['an EC private key under RSA-AES', () => ec.priv, 'PrivateKey', () => rsa.pub, { algorithm: 'AES' }],
      ['an EC public key under RFC 5649', () => ec.pub, 'PublicKey', () => kek, {}],
      ['an RSA private key under NoEncoding PKCS#8 and RSA-AES', () => rsa.priv, 'PrivateKey', () => rsa.pub, { algorithm: 'AES', encoding: 'NoEncoding' }],
      ['an AES key under NoEncoding RSA-OAEP', () => fx.create(), 'SymmetricKey', () => rsa.pub, { encoding: 'NoEncoding' }],
      ['secret data under RFC 5649', () => textField(fx.call(struct('Create', [enumeration('ObjectType', 'SecretData'), struct('Attributes', [])])), 'UniqueIdentifier'), 'SecretData', () => kek, {}],
    ];
    for (const [name, target, objectType, wrapKey, o] of ROUND_TRIPS) {
      it(`Exports ${name} wrapped and Imports it back unwrapped (KeyWrapType NotWrapped) as the same key`, () => {
        const uid = target();
        const exported = objectOf(wrappedGet('Export', uid, wrapKey(), o));
        const copy = textField(fx.call(importObject('', objectType, exported, true)), 'UniqueIdentifier');
        assert.notEqual(copy, uid);
        const original = fx.call(getRequest(uid));
        const imported = fx.call(getRequest(copy));
        assert.equal(enumField(keyBlockOf(imported), 'KeyFormatType'), enumField(keyBlockOf(original), 'KeyFormatType'));
        assert.deepEqual(keyMaterialOf(imported), keyMaterialOf(original));
      });
    }

    it('keeps a wrapped object as registered when Import does not ask to unwrap it', async () => {
      const target = fx.create();
      const exported = objectOf(wrappedGet('Export', target, kek, {}));
      const kept = textField(fx.call(importObject('kept-wrapped', 'SymmetricKey', exported, false)), 'UniqueIdentifier');
      const back = fx.call(getRequest(kept));
      assert.deepEqual(keyBlockOf(back), structField(exported, 'KeyBlock'));
      fx.callError(encryptRequest(kept, Buffer.from('data')), 'Feature_Not_Supported');
      fx.callError(fetchRequest('Get', kept, undefined, wrappingSpec(kek)), 'Invalid_Field');
      fx.callError(fetchRequest('Get', fx.create(), undefined, wrappingSpec(kept)), 'Feature_Not_Supported');
      const priv = objectOf(wrappedGet('Export', (await createPair(fx, { algorithm: 'Ed25519' })).priv, kek, {}));
      const keptPriv = textField(fx.call(importObject('', 'PrivateKey', priv, false)), 'UniqueIdentifier');
      fx.callError(struct('Sign', [text('UniqueIdentifier', keptPriv), bytes('Data', Buffer.from('data'))]), 'Invalid_Object_Type');
    });

    for (const op of ['Get', 'Export'] satisfies Fetch[]) {
      it(`${op} with KeyWrapType NotWrapped hands out a key stored wrapped in the clear; AsRegistered hands it back as stored`, () => {
        const target = fx.create();
        const exported = objectOf(wrappedGet('Export', target, kek, { mode: 'GCM' }));
        const kept = textField(fx.call(importObject('', 'SymmetricKey', exported, false)), 'UniqueIdentifier');
        const ask = (wrapType: string, format?: string): TtlvStructure => fx.call(struct(op, [text('UniqueIdentifier', kept), format === undefined ? undefined : enumeration('KeyFormatType', format), enumeration('KeyWrapType', wrapType)]));
        assert.deepEqual(keyBlockOf(ask('AsRegistered')), structField(exported, 'KeyBlock'));
        assert.deepEqual(Buffer.from(rawKeyOf(ask('NotWrapped'))), Buffer.from(fx.keyBytes(target)));
        assert.deepEqual(keyMaterialOf(ask('NotWrapped', 'TransparentSymmetricKey')), keyMaterialOf(fx.call(getRequest(target, 'TransparentSymmetricKey'))));
        const priv = objectOf(wrappedGet('Export', ec.priv, rsa.pub, { algorithm: 'AES', encoding: 'NoEncoding' }));
        const keptPriv = textField(fx.call(importObject('', 'PrivateKey', priv, false)), 'UniqueIdentifier');
        const clear = fx.call(struct(op, [text('UniqueIdentifier', keptPriv), enumeration('KeyFormatType', 'PKCS8'), enumeration('KeyWrapType', 'NotWrapped')]));
        assert.deepEqual(rawKeyOf(clear), rawKeyOf(fx.call(getRequest(ec.priv, 'PKCS8'))));
      });
    }

    it('refuses to unwrap under a public key that links to no private key', () => {
      const spki = rawKeyOf(fx.call(getRequest(rsa.pub, 'PKCS8')));
      const block = struct('KeyBlock', [enumeration('KeyFormatType', 'PKCS8'), struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', spki)])]), enumeration('CryptographicAlgorithm', 'RSA')]);
      const lonePub = textField(fx.call(importObject('', 'PublicKey', struct('Object', [block]), false)), 'UniqueIdentifier');
      const exported = objectOf(wrappedGet('Export', fx.create(), lonePub, { algorithm: 'AES' }));
      fx.callError(importObject('', 'SymmetricKey', exported, true), 'Invalid_Object_Type');
    });

    it('refuses wrapping parameters it does not wrap with', () => {
      const target = fx.create();
      fx.callError(fetchRequest('Get', target, undefined, wrappingSpec(kek, { mode: 'CBC' })), 'Unsupported_Cryptographic_Parameters');
      fx.callError(fetchRequest('Get', target, undefined, wrappingSpec(rsa.pub, { padding: 'PKCS1v15', encoding: 'NoEncoding' })), 'Unsupported_Cryptographic_Parameters');
    });

    it('refuses a wrapping key without WrapKey, and an unwrapping key without UnwrapKey', () => {
      const target = fx.create();
      fx.callError(fetchRequest('Get', target, undefined, wrappingSpec(fx.create({ usageMask: USAGE.Encrypt | USAGE.Decrypt }))), 'Incompatible_Cryptographic_Usage_Mask');
      fx.callError(fetchRequest('Get', target, undefined, wrappingSpec(rsa.priv, { algorithm: 'AES' })), 'Incompatible_Cryptographic_Usage_Mask');
      const wrapOnly = fx.create({ usageMask: USAGE.WrapKey });
      const exported = objectOf(wrappedGet('Export', target, wrapOnly, {}));
      fx.callError(importObject('', 'SymmetricKey', exported, true), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it("refuses a key wrapping itself, an unknown wrapping key and another user's", () => {
      fx.callError(fetchRequest('Get', kek, undefined, wrappingSpec(kek)), 'Invalid_Field');
      fx.callError(fetchRequest('Export', rsa.pub, undefined, wrappingSpec(rsa.pub, { algorithm: 'AES' })), 'Invalid_Field');
      fx.callError(fetchRequest('Get', fx.create(), undefined, wrappingSpec('no-such-key')), 'Item_Not_Found');
      fx.callError(fetchRequest('Get', fx.create(), undefined, wrappingSpec(fx.create({}, 'bob'))), 'Item_Not_Found');
    });

    const TAMPERED: readonly [string, () => string, WrapOptions, number][] = [
      ['RFC 5649', () => kek, {}, 0], ['AES-GCM', () => kek, { mode: 'GCM' }, 20], ['RSA-OAEP', () => rsa.pub, { encoding: 'NoEncoding' }, 7],
      ['RSA-AES (the RSA part)', () => rsa.pub, { algorithm: 'AES' }, 9], ['RSA-AES (the AES part)', () => rsa.pub, { algorithm: 'AES' }, 300],
    ];
    for (const [name, wrapKey, o, index] of TAMPERED) {
      it(`refuses to unwrap ${name} wrapped bytes with one bit flipped, with Cryptographic_Failure`, () => {
        const res = wrappedGet('Export', fx.create(), wrapKey(), o);
        const tampered = withWrappedBytes(objectOf(res), flipBit(wrappedBytesOf(res), index));
        fx.callError(importObject('', 'SymmetricKey', tampered, true), 'Cryptographic_Failure');
      });
    }
  });
}
