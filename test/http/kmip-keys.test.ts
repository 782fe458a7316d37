/**
 * Making and bringing in keys through the real HTTP endpoint, in both database types: Create
 * (AES, ChaCha20, HMAC, secret data), CreateKeyPair (RSA 2048/3072/4096, NIST curves for ECDSA and
 * ECDH, Ed25519, X25519), Register and Import, Sensitive and non-Extractable keys, each with its refusals.
 * @module
 */
import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import { bytesField, getAttributesRequest, importRequest, structField, tagAttribute, textField } from '../helpers/kmip-requests.js';
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { linkedId } from '../../src/kmip/links.js';
import {
  createKeyPairRequest, createPair, createWith, enumName, getWith, hex, keyBlockOf, keyBytesOf, kmipModes, MODES, publicKey, symmetricKey, uidOf,
  type KmipClient,
} from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();

async function attributesOf(c: KmipClient, uid: string): Promise<TtlvStructure> {
  return structField(await c.call(getAttributesRequest(uid)), 'Attributes');
}

/** A KeyBlock-carrying object for Import or Register. */
function keyObject(format: string, material: TtlvNode, algorithm: string, length?: number): TtlvNode {
  return struct('Object', [
    struct('KeyBlock', [
      enumeration('KeyFormatType', format),
      struct('KeyValue', [material]),
      enumeration('CryptographicAlgorithm', algorithm),
      length === undefined ? undefined : int('CryptographicLength', length),
    ]),
  ]);
}

const byteMaterial = (b: Uint8Array): TtlvNode => struct('KeyMaterial', [bytes('ByteString', b)]);

function importKey(objectType: string, object: TtlvNode, attributes: readonly (TtlvNode | undefined)[] = []): TtlvNode {
  return struct('Import', [text('UniqueIdentifier', ''), enumeration('ObjectType', objectType), struct('Attributes', attributes), object]);
}

const DATA = Buffer.from('made over HTTP', 'utf8');

for (const mode of MODES) {
  describe(`Create over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);

    const SYMMETRIC: readonly { algorithm: string; length: number | undefined; bits: number }[] = [
      { algorithm: 'AES', length: 128, bits: 128 },
      { algorithm: 'AES', length: 192, bits: 192 },
      { algorithm: 'AES', length: 256, bits: 256 },
      { algorithm: 'ChaCha20', length: 256, bits: 256 },
      { algorithm: 'HMACSHA256', length: undefined, bits: 256 },
      { algorithm: 'HMACSHA384', length: undefined, bits: 384 },
      { algorithm: 'HMACSHA512', length: undefined, bits: 512 },
    ];
    for (const s of SYMMETRIC) {
      it(`creates a ${s.bits}-bit ${s.algorithm} key${s.length === undefined ? ' (the default length)' : ''}`, async () => {
        const res = await c().call(createWith([enumeration('CryptographicAlgorithm', s.algorithm), s.length === undefined ? undefined : int('CryptographicLength', s.length)]));
        assert.equal(res.tag, 'CreateResponse');
        assert.equal(enumName(res, 'ObjectType'), 'SymmetricKey');
        const uid = uidOf(res);
        const attrs = await attributesOf(c(), uid);
        assert.equal(enumName(attrs, 'CryptographicAlgorithm'), s.algorithm);
        assert.equal((await symmetricKey(c(), uid)).length * 8, s.bits);
      });
    }

    it('creates SecretData of 384 bits, handed back as Raw with its SecretDataType', async () => {
      const res = await c().call(createWith([int('CryptographicLength', 384)], 'SecretData'));
      assert.equal(enumName(res, 'ObjectType'), 'SecretData');
      const got = await c().call(getWith(uidOf(res), undefined));
      assert.equal(enumName(got, 'ObjectType'), 'SecretData');
      assert.equal(enumName(structField(got, 'Object'), 'SecretDataType'), 'Seed');
      assert.equal(enumName(keyBlockOf(got), 'KeyFormatType'), 'Raw');
      assert.equal(keyBytesOf(got).length, 48);
    });

    it('refuses sizes, algorithms and object types Create cannot make', async () => {
      await c().callError(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 100)]), 'Invalid_Attribute_Value');
      await c().callError(createWith([enumeration('CryptographicAlgorithm', 'ChaCha20'), int('CryptographicLength', 128)]), 'Invalid_Attribute_Value');
      await c().callError(createWith([enumeration('CryptographicAlgorithm', 'HMACSHA256'), int('CryptographicLength', 64)]), 'Invalid_Attribute_Value');
      await c().callError(createWith([enumeration('CryptographicAlgorithm', 'Camellia'), int('CryptographicLength', 256)]), 'Feature_Not_Supported');
      await c().callError(createWith([enumeration('CryptographicAlgorithm', 'RSA'), int('CryptographicLength', 2048)], 'PrivateKey'), 'Feature_Not_Supported');
      await c().callError(createWith([int('CryptographicLength', 12)], 'SecretData'), 'Invalid_Attribute_Value');
    });
  });

  describe(`CreateKeyPair over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);

    it('creates an RSA-2048 pair whose keys link to each other and whose public key is 2048 bits', async () => {
      const pair = await createPair(c(), { algorithm: 'RSA', length: 2048 });
      const pub = await publicKey(c(), pair.pub);
      assert.equal(pub.asymmetricKeyType, 'rsa');
      assert.equal(pub.asymmetricKeyDetails?.modulusLength, 2048);
      assert.equal(linkedId((await attributesOf(c(), pair.priv)).value, 'PublicKeyLink'), pair.pub);
      assert.equal(linkedId((await attributesOf(c(), pair.pub)).value, 'PrivateKeyLink'), pair.priv);
      const attrs = await attributesOf(c(), pair.priv);
      assert.equal(enumName(attrs, 'ObjectType'), 'PrivateKey');
      assert.equal(enumName(attrs, 'CryptographicAlgorithm'), 'RSA');
    });

    for (const bits of [3072, 4096]) {
      it(`creates an RSA-${bits} pair that signs and whose public key is ${bits} bits`, async () => {
        const pair = await createPair(c(), { algorithm: 'RSA', length: bits });
        const pub = await publicKey(c(), pair.pub);
        assert.equal(pub.asymmetricKeyDetails?.modulusLength, bits);
        const signature = bytesField(await c().call(struct('Sign', [text('UniqueIdentifier', pair.priv), bytes('Data', DATA)])), 'SignatureData');
        assert.ok(verify('sha256', DATA, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature));
      });
    }

    it('keeps a Sensitive private key in and a non-Extractable one in even wrapped', async () => {
      const sensitive = await c().call(
        struct('CreateKeyPair', [
          struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'ECDSA'), struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', 'P256')])]),
          struct('PrivateKeyAttributes', [{ tag: 'Sensitive', type: 'Boolean', value: true }]),
        ]),
      );
      await c().callError(getWith(textField(sensitive, 'PrivateKeyUniqueIdentifier'), 'PKCS8'), 'Sensitive');
      const locked = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), { tag: 'Extractable', type: 'Boolean', value: false }])));
      await c().callError(getWith(locked, 'Raw'), 'Not_Extractable');
      const kek = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)])));
      const spec = struct('KeyWrappingSpecification', [enumeration('WrappingMethod', 'Encrypt'), struct('EncryptionKeyInformation', [text('UniqueIdentifier', kek)])]);
      await c().callError(getWith(locked, undefined, [spec]), 'Not_Extractable');
    });

    const NIST: readonly [string, string][] = [['P256', 'prime256v1'], ['P384', 'secp384r1'], ['P521', 'secp521r1']];
    for (const algorithm of ['ECDSA', 'ECDH']) {
      for (const [curve, nodeCurve] of NIST) {
        it(`creates an ${algorithm} pair on ${curve}`, async () => {
          const pair = await createPair(c(), { algorithm, curve });
          const pub = await publicKey(c(), pair.pub);
          assert.equal(pub.asymmetricKeyType, 'ec');
          assert.equal(pub.asymmetricKeyDetails?.namedCurve, nodeCurve);
          assert.equal(enumName(await attributesOf(c(), pair.priv), 'CryptographicAlgorithm'), algorithm);
        });
      }
    }

    it('creates an Ed25519 pair, and an X25519 pair from ECDH on CURVE25519', async () => {
      const ed = await createPair(c(), { algorithm: 'Ed25519' });
      assert.equal((await publicKey(c(), ed.pub)).asymmetricKeyType, 'ed25519');
      const x = await createPair(c(), { algorithm: 'ECDH', curve: 'CURVE25519' });
      assert.equal((await publicKey(c(), x.pub)).asymmetricKeyType, 'x25519');
      assert.equal(enumName(await attributesOf(c(), x.priv), 'CryptographicAlgorithm'), 'ECDH');
    });

    it('refuses RSA without a length or of an odd size, unknown algorithms and curves that contradict them', async () => {
      await c().callError(createKeyPairRequest({ algorithm: 'RSA' }), 'Invalid_Message');
      await c().callError(createKeyPairRequest({ algorithm: 'RSA', length: 1000 }), 'Invalid_Attribute_Value');
      await c().callError(createKeyPairRequest({ algorithm: 'DSA', length: 2048 }), 'Feature_Not_Supported');
      await c().callError(createKeyPairRequest({ algorithm: 'ECDSA', curve: 'CURVE25519' }), 'Invalid_Attribute_Value');
      await c().callError(createKeyPairRequest({ algorithm: 'EC', curve: 'P192' }), 'Feature_Not_Supported');
    });
  });

  describe(`Register over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);

    it('registers an AES key under the identifier in its Attributes and gives the same bytes back', async () => {
      const key = new Uint8Array(randomBytes(32));
      const uid = `registered-${mode}`;
      const res = await c().call(struct('Register', [
        enumeration('ObjectType', 'SymmetricKey'),
        struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), text('UniqueIdentifier', uid), tagAttribute(['reg'])]),
        keyObject('Raw', byteMaterial(key), 'AES', 256),
      ]));
      assert.equal(res.tag, 'RegisterResponse');
      assert.equal(uidOf(res), uid);
      assert.equal(hex(await symmetricKey(c(), uid)), hex(key));
    });

    it('registers an Ed25519 private key (PKCS#8) that then signs verifiably', async () => {
      const pair = generateKeyPairSync('ed25519');
      const der = new Uint8Array(pair.privateKey.export({ format: 'der', type: 'pkcs8' }));
      const res = await c().call(struct('Register', [enumeration('ObjectType', 'PrivateKey'), struct('Attributes', []), keyObject('PKCS8', byteMaterial(der), 'Ed25519')]));
      const sig = await c().call(struct('Sign', [text('UniqueIdentifier', uidOf(res)), bytes('Data', DATA)]));
      assert.ok(verify(null, DATA, pair.publicKey, bytesField(sig, 'SignatureData')));
    });

    it('refuses a Register without the object, and object types it cannot hold', async () => {
      await c().callError(struct('Register', [enumeration('ObjectType', 'SymmetricKey'), struct('Attributes', [])]), 'Invalid_Message');
      await c().callError(struct('Register', [enumeration('ObjectType', 'SplitKey'), keyObject('Raw', byteMaterial(new Uint8Array(32)), 'AES', 256)]), 'Feature_Not_Supported');
    });
  });

  describe(`Import over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);

    it('imports a Raw AES key under its identifier, refuses the identifier again, and replaces it with ReplaceExisting', async () => {
      const uid = `imported-${mode}`;
      const first = new Uint8Array(randomBytes(32));
      const second = new Uint8Array(randomBytes(16));
      const res = await c().call(importRequest({ uid, key: first }));
      assert.equal(res.tag, 'ImportResponse');
      assert.equal(uidOf(res), uid);
      assert.equal(hex(await symmetricKey(c(), uid)), hex(first));
      await c().callError(importRequest({ uid, key: second }), 'Object_Already_Exists');
      await c().call(importRequest({ uid, key: second, format: 'TransparentSymmetricKey', replace: true }));
      assert.equal(hex(await symmetricKey(c(), uid)), hex(second));
    });

    it('imports a P-256 private key as ECPrivateKey and its public key as PKCS8, which sign and verify together', async () => {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const sec1 = new Uint8Array(pair.privateKey.export({ format: 'der', type: 'sec1' }));
      const spki = new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' }));
      const priv = uidOf(await c().call(importKey('PrivateKey', keyObject('ECPrivateKey', byteMaterial(sec1), 'ECDSA'))));
      const pub = uidOf(await c().call(importKey('PublicKey', keyObject('PKCS8', byteMaterial(spki), 'ECDSA'))));
      const sig = bytesField(await c().call(struct('Sign', [text('UniqueIdentifier', priv), bytes('Data', DATA)])), 'SignatureData');
      assert.ok(verify('sha256', DATA, pair.publicKey, sig));
      const res = await c().call(struct('SignatureVerify', [text('UniqueIdentifier', pub), bytes('Data', DATA), bytes('SignatureData', sig)]));
      assert.equal(enumName(res, 'ValidityIndicator'), 'Valid');
    });

    it('imports a Raw X25519 public key named by its curve and exports it as the same SPKI', async () => {
      const pair = generateKeyPairSync('x25519');
      const jwk = pair.publicKey.export({ format: 'jwk' });
      const raw = new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
      const curve = struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', 'CURVE25519')]);
      const uid = uidOf(await c().call(importKey('PublicKey', keyObject('Raw', byteMaterial(raw), 'ECDH'), [enumeration('CryptographicAlgorithm', 'ECDH'), curve])));
      const spki = pair.publicKey.export({ format: 'der', type: 'spki' });
      assert.equal(hex(keyBytesOf(await c().call(getWith(uid, 'PKCS8')))), hex(spki));
    });

    it('refuses formats, sizes and material it cannot read', async () => {
      await c().callError(importKey('SymmetricKey', keyObject('PKCS8', byteMaterial(new Uint8Array(32)), 'AES', 256)), 'Key_Format_Type_Not_Supported');
      await c().callError(importRequest({ key: new Uint8Array(20) }), 'Invalid_Attribute_Value');
      await c().callError(importKey('PrivateKey', keyObject('PKCS8', byteMaterial(new Uint8Array(40)), 'RSA')), 'Invalid_Attribute_Value');
      await c().callError(importRequest({ uid: '["x"]', key: new Uint8Array(32) }), 'Invalid_Field');
      await c().callError(struct('Import', [text('UniqueIdentifier', 'no-object'), enumeration('ObjectType', 'SymmetricKey')]), 'Invalid_Message');
    });
  });
}
