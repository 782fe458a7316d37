/**
 * Get and Export through the real HTTP endpoint, in both database types: every key format of
 * symmetric, RSA, NIST EC and Curve25519 keys, key wrapping on Get (AES key wrap, AES-GCM,
 * RSA-OAEP, RSA-AES) checked with node:crypto, and unwrapping on Import (KeyWrapType NotWrapped).
 * @module
 */
import assert from 'node:assert/strict';
import { constants, createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, privateDecrypt, publicEncrypt, randomBytes, verify, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { bytesField, exportRequest, field, structField } from '../helpers/kmip-requests.js';
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import {
  createPair, createWith, enumName, getWith, hex, keyBlockOf, keyBytesOf, kmipModes, materialOf, MODES, paramsNode, privateKey, symmetricKey, uidOf,
  type KmipClient, type Pair, type Params,
} from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const AIV_5649 = Buffer.from('a65959a6', 'hex');

/** RFC 5649 key unwrap / wrap with node's OpenSSL ciphers. */
function kwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Buffer {
  const d = createDecipheriv(`id-aes${kek.length * 8}-wrap-pad`, kek, AIV_5649);
  return Buffer.concat([d.update(wrapped), d.final()]);
}
function kwpWrap(kek: Uint8Array, key: Uint8Array): Buffer {
  const c = createCipheriv(`id-aes${kek.length * 8}-wrap-pad`, kek, AIV_5649);
  return Buffer.concat([c.update(key), c.final()]);
}

const b64 = (s: string | undefined): bigint => BigInt(`0x${Buffer.from(s ?? '', 'base64url').toString('hex') || '0'}`);
const big = (s: TtlvStructure, tag: string): bigint => {
  const n = field(s, tag);
  assert.ok(n.type === 'BigInteger', `${tag} is ${n.type}`);
  return n.value;
};

/** A KeyWrappingSpecification naming the key and parameters. */
function wrapSpec(kek: string, p: Params | undefined, encoding?: string, method = 'Encrypt'): TtlvNode {
  return struct('KeyWrappingSpecification', [
    enumeration('WrappingMethod', method),
    struct('EncryptionKeyInformation', [text('UniqueIdentifier', kek), paramsNode(p)]),
    encoding === undefined ? undefined : enumeration('EncodingOption', encoding),
  ]);
}

/** The wrapped bytes of a wrapped Get response, after checking its KeyWrappingData names the key. */
function wrappedOf(res: TtlvStructure, kek: string): Uint8Array {
  const block = keyBlockOf(res);
  const data = structField(block, 'KeyWrappingData');
  assert.equal(enumName(data, 'WrappingMethod'), 'Encrypt');
  assert.equal(uidOf(structField(data, 'EncryptionKeyInformation')), kek);
  const value = field(block, 'KeyValue');
  assert.ok(value.type === 'ByteString', `a wrapped KeyValue is a ByteString, not ${value.type}`);
  return value.value;
}

/** An Import of a wrapped key block, asking the server to unwrap it with `kek`. */
function importWrapped(objectType: string, format: string, wrapped: Uint8Array, kek: string, p: Params | undefined, encoding: string, algorithm: string, length: number): TtlvNode {
  return struct('Import', [
    text('UniqueIdentifier', ''),
    enumeration('ObjectType', objectType),
    enumeration('KeyWrapType', 'NotWrapped'),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', format),
        bytes('KeyValue', wrapped),
        enumeration('CryptographicAlgorithm', algorithm),
        int('CryptographicLength', length),
        struct('KeyWrappingData', [
          enumeration('WrappingMethod', 'Encrypt'),
          struct('EncryptionKeyInformation', [text('UniqueIdentifier', kek), paramsNode(p)]),
          enumeration('EncodingOption', encoding),
        ]),
      ]),
    ]),
  ]);
}

const aes = (bits: number): TtlvNode => createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', bits)]);

for (const mode of MODES) {
  describe(`Get and Export formats over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    let rsa: Pair;
    let rsaKey: KeyObject;
    let ec: Pair;
    let aesId = '';
    before(async () => {
      rsa = await createPair(c(), { algorithm: 'RSA', length: 2048 });
      rsaKey = await privateKey(c(), rsa.priv);
      ec = await createPair(c(), { algorithm: 'ECDSA', curve: 'P256' });
      aesId = uidOf(await c().call(aes(256)));
    });

    it('gets a symmetric key as Raw by default and as TransparentSymmetricKey, the same bytes; Export adds the Attributes', async () => {
      const raw = await c().call(getWith(aesId, undefined));
      assert.equal(raw.tag, 'GetResponse');
      assert.equal(enumName(keyBlockOf(raw), 'KeyFormatType'), 'Raw');
      const t = await c().call(getWith(aesId, 'TransparentSymmetricKey'));
      assert.equal(hex(bytesField(materialOf(t), 'Key')), hex(keyBytesOf(raw)));
      const exported = await c().call(exportRequest(aesId));
      assert.equal(exported.tag, 'ExportResponse');
      assert.equal(enumName(structField(exported, 'Attributes'), 'CryptographicAlgorithm'), 'AES');
      assert.equal(hex(keyBytesOf(exported)), hex(keyBytesOf(raw)));
    });

    it('refuses formats a symmetric key has none of, and identifiers that name nothing', async () => {
      await c().callError(getWith(aesId, 'PKCS8'), 'Key_Format_Type_Not_Supported');
      await c().callError(exportRequest(aesId, 'TransparentECPrivateKey'), 'Key_Format_Type_Not_Supported');
      await c().callError(getWith('no-such-key', undefined), 'Item_Not_Found');
      await c().callError(exportRequest('no-such-key'), 'Item_Not_Found');
    });

    it('gets an RSA private key as PKCS1 (the default), PKCS8 and TransparentRSAPrivateKey, all the same key', async () => {
      const jwk = rsaKey.export({ format: 'jwk' });
      const dflt = await c().call(getWith(rsa.priv, undefined));
      assert.equal(enumName(keyBlockOf(dflt), 'KeyFormatType'), 'PKCS1');
      const pkcs1 = createPrivateKey({ key: Buffer.from(keyBytesOf(dflt)), format: 'der', type: 'pkcs1' });
      assert.equal(pkcs1.export({ format: 'jwk' }).d, jwk.d);
      const pkcs8 = await c().call(exportRequest(rsa.priv, 'PKCS8'));
      assert.equal(createPrivateKey({ key: Buffer.from(keyBytesOf(pkcs8)), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d, jwk.d);
      const m = materialOf(await c().call(getWith(rsa.priv, 'TransparentRSAPrivateKey')));
      const expected: [string, string | undefined][] = [['Modulus', jwk.n], ['PublicExponent', jwk.e], ['PrivateExponent', jwk.d], ['P', jwk.p], ['Q', jwk.q],
        ['PrimeExponentP', jwk.dp], ['PrimeExponentQ', jwk.dq], ['CrtCoefficient', jwk.qi]];
      for (const [tag, value] of expected) assert.equal(big(m, tag), b64(value), tag);
    });

    it('gets an RSA public key as PKCS1 (the default), PKCS8 and TransparentRSAPublicKey', async () => {
      const jwk = rsaKey.export({ format: 'jwk' });
      const dflt = await c().call(getWith(rsa.pub, undefined));
      assert.equal(enumName(keyBlockOf(dflt), 'KeyFormatType'), 'PKCS1');
      assert.equal(createPublicKey({ key: Buffer.from(keyBytesOf(dflt)), format: 'der', type: 'pkcs1' }).export({ format: 'jwk' }).n, jwk.n);
      const spki = await c().call(getWith(rsa.pub, 'PKCS8'));
      assert.equal(createPublicKey({ key: Buffer.from(keyBytesOf(spki)), format: 'der', type: 'spki' }).export({ format: 'jwk' }).n, jwk.n);
      const m = materialOf(await c().call(getWith(rsa.pub, 'TransparentRSAPublicKey')));
      assert.equal(big(m, 'Modulus'), b64(jwk.n));
      assert.equal(big(m, 'PublicExponent'), b64(jwk.e));
      await c().callError(getWith(rsa.priv, 'TransparentECPrivateKey'), 'Key_Format_Type_Not_Supported');
      await c().callError(getWith(rsa.pub, 'Raw'), 'Key_Format_Type_Not_Supported');
    });

    it('gets a P-256 private key as TransparentECPrivateKey (the default), ECPrivateKey and PKCS8, and its public key as TransparentECPublicKey and PKCS8', async () => {
      const key = await privateKey(c(), ec.priv);
      const jwk = key.export({ format: 'jwk' });
      const dflt = await c().call(getWith(ec.priv, undefined));
      assert.equal(enumName(keyBlockOf(dflt), 'KeyFormatType'), 'TransparentECPrivateKey');
      assert.equal(enumName(materialOf(dflt), 'RecommendedCurve'), 'P256');
      assert.equal(big(materialOf(dflt), 'D'), b64(jwk.d));
      const sec1 = keyBytesOf(await c().call(getWith(ec.priv, 'ECPrivateKey')));
      assert.equal(createPrivateKey({ key: Buffer.from(sec1), format: 'der', type: 'sec1' }).export({ format: 'jwk' }).d, jwk.d);
      const pub = await c().call(getWith(ec.pub, undefined));
      assert.equal(enumName(keyBlockOf(pub), 'KeyFormatType'), 'TransparentECPublicKey');
      const q = bytesField(materialOf(pub), 'QString');
      assert.equal(hex(q), `04${Buffer.from(jwk.x ?? '', 'base64url').toString('hex')}${Buffer.from(jwk.y ?? '', 'base64url').toString('hex')}`);
      const spki = keyBytesOf(await c().call(getWith(ec.pub, 'PKCS8')));
      assert.equal(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({ format: 'jwk' }).x, jwk.x);
      await c().callError(getWith(ec.priv, 'TransparentRSAPrivateKey'), 'Key_Format_Type_Not_Supported');
    });

    for (const [algorithm, curve] of [['Ed25519', undefined], ['ECDH', 'CURVE25519']] as const) {
      it(`gets ${curve ?? algorithm} keys as Raw: the 32-byte private scalar and public point`, async () => {
        const pair = await createPair(c(), curve === undefined ? { algorithm } : { algorithm, curve });
        const jwk = (await privateKey(c(), pair.priv)).export({ format: 'jwk' });
        assert.equal(hex(keyBytesOf(await c().call(getWith(pair.priv, 'Raw')))), Buffer.from(jwk.d ?? '', 'base64url').toString('hex'));
        assert.equal(hex(keyBytesOf(await c().call(exportRequest(pair.pub, 'Raw')))), Buffer.from(jwk.x ?? '', 'base64url').toString('hex'));
      });
    }
  });

  describe(`key wrapping on Get and unwrapping on Import over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    let rsa: Pair;
    let rsaKey: KeyObject;
    let kek = '';
    let kekBytes: Uint8Array = new Uint8Array(0);
    let target = '';
    let targetBytes: Uint8Array = new Uint8Array(0);
    before(async () => {
      rsa = await createPair(c(), { algorithm: 'RSA', length: 2048 });
      rsaKey = await privateKey(c(), rsa.priv);
      kek = uidOf(await c().call(aes(256)));
      kekBytes = await symmetricKey(c(), kek);
      target = uidOf(await c().call(aes(128)));
      targetBytes = await symmetricKey(c(), target);
    });

    const getWrapped = async (kekId: string, p: Params | undefined, encoding?: string): Promise<Uint8Array> =>
      wrappedOf(await c().call(getWith(target, undefined, [wrapSpec(kekId, p, encoding)])), kekId);

    it('wraps with AES key wrap (NISTKeyWrap, NoEncoding): RFC 5649 of the raw key under the KEK', async () => {
      const wrapped = await getWrapped(kek, { mode: 'NISTKeyWrap' }, 'NoEncoding');
      assert.equal(wrapped.length, targetBytes.length + 8);
      assert.equal(hex(kwpUnwrap(kekBytes, wrapped)), hex(targetBytes));
    });

    it('wraps with AES key wrap and TTLV encoding by default: the KeyValue JSON holds the key', async () => {
      const json = kwpUnwrap(kekBytes, await getWrapped(kek, undefined)).toString('utf8');
      assert.ok(json.includes('"KeyValue"') && json.toUpperCase().includes(hex(targetBytes).toUpperCase()), json);
    });

    it('wraps with AES-GCM: nonce, ciphertext and tag under the KEK', async () => {
      const wrapped = await getWrapped(kek, { mode: 'GCM' }, 'NoEncoding');
      assert.equal(wrapped.length, 12 + targetBytes.length + 16);
      const d = createDecipheriv('aes-256-gcm', kekBytes, wrapped.subarray(0, 12));
      d.setAuthTag(wrapped.subarray(wrapped.length - 16));
      assert.equal(hex(Buffer.concat([d.update(wrapped.subarray(12, wrapped.length - 16)), d.final()])), hex(targetBytes));
    });

    it('wraps with RSA-OAEP (SHA-256) under the public key', async () => {
      const wrapped = await getWrapped(rsa.pub, undefined, 'NoEncoding');
      assert.equal(wrapped.length, 256);
      assert.equal(hex(privateDecrypt({ key: rsaKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped)), hex(targetBytes));
    });

    it('wraps with RSA-AES key wrap: an OAEP-encrypted AES key, then RFC 5649 under it', async () => {
      const wrapped = await getWrapped(rsa.pub, { algorithm: 'AES' }, 'NoEncoding');
      const ephemeral = privateDecrypt({ key: rsaKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, wrapped.subarray(0, 256));
      assert.equal(hex(kwpUnwrap(ephemeral, wrapped.subarray(256))), hex(targetBytes));
    });

    it('wraps a private key: PKCS#8 bytes with NoEncoding, and a TTLV-encoded one that Import NotWrapped turns back into a signing key', async () => {
      const pair = await createPair(c(), { algorithm: 'ECDSA', curve: 'P384' });
      const spec = [wrapSpec(kek, { mode: 'NISTKeyWrap' }, 'NoEncoding')];
      const der = kwpUnwrap(kekBytes, wrappedOf(await c().call(getWith(pair.priv, undefined, spec)), kek));
      const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      assert.equal(key.asymmetricKeyDetails?.namedCurve, 'secp384r1');
      const wrapped = await c().call(getWith(pair.priv, undefined, [wrapSpec(kek, { mode: 'GCM' })]));
      assert.equal(enumName(keyBlockOf(wrapped), 'KeyFormatType'), 'TransparentECPrivateKey');
      const object = structField(wrapped, 'Object');
      const uid = uidOf(await c().call(struct('Import', [text('UniqueIdentifier', ''), enumeration('ObjectType', 'PrivateKey'), enumeration('KeyWrapType', 'NotWrapped'), object])));
      const data = Buffer.from('signed by the unwrapped copy', 'utf8');
      const sig = bytesField(await c().call(struct('Sign', [text('UniqueIdentifier', uid), bytes('Data', data)])), 'SignatureData');
      assert.ok(verify('sha384', data, createPublicKey(key), sig));
    });

    it('refuses MAC wrapping, a key wrapping itself, RSA PKCS#1 v1.5 wrapping and a KEK that does not exist', async () => {
      await c().callError(getWith(target, undefined, [wrapSpec(kek, undefined, 'NoEncoding', 'MACSign')]), 'Feature_Not_Supported');
      await c().callError(getWith(target, undefined, [wrapSpec(target, undefined)]), 'Invalid_Field');
      await c().callError(getWith(target, undefined, [wrapSpec(rsa.pub, { padding: 'PKCS1v15' })]), 'Unsupported_Cryptographic_Parameters');
      await c().callError(getWith(target, undefined, [wrapSpec('no-such-kek', undefined)]), 'Item_Not_Found');
    });

    it('imports an RFC 5649-wrapped key with KeyWrapType NotWrapped, unwrapping it under the KEK', async () => {
      const key = new Uint8Array(randomBytes(32));
      const uid = uidOf(await c().call(importWrapped('SymmetricKey', 'Raw', kwpWrap(kekBytes, key), kek, { mode: 'NISTKeyWrap' }, 'NoEncoding', 'AES', 256)));
      assert.equal(hex(await symmetricKey(c(), uid)), hex(key));
    });

    it('imports an RSA-AES-wrapped key with NotWrapped, unwrapping it with the RSA private key', async () => {
      const key = new Uint8Array(randomBytes(24));
      const ephemeral = randomBytes(32);
      const wrapped = Buffer.concat([publicEncrypt({ key: rsaKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ephemeral), kwpWrap(ephemeral, key)]);
      const uid = uidOf(await c().call(importWrapped('SymmetricKey', 'Raw', wrapped, rsa.priv, { algorithm: 'AES' }, 'NoEncoding', 'AES', 192)));
      assert.equal(hex(await symmetricKey(c(), uid)), hex(key));
    });

    it('round-trips a TTLV-encoded AES-GCM wrapped key: Get wrapped, then Import NotWrapped under a new identifier', async () => {
      const res = await c().call(getWith(target, 'TransparentSymmetricKey', [wrapSpec(kek, { mode: 'GCM' })]));
      const object = structField(res, 'Object');
      const uid = uidOf(await c().call(struct('Import', [text('UniqueIdentifier', ''), enumeration('ObjectType', 'SymmetricKey'), enumeration('KeyWrapType', 'NotWrapped'), object])));
      assert.notEqual(uid, target);
      assert.equal(hex(await symmetricKey(c(), uid)), hex(targetBytes));
    });

    it('round-trips an RSA-OAEP wrapped key: the block names the public key, whose linked private key unwraps it on Import', async () => {
      const res = await c().call(getWith(target, undefined, [wrapSpec(rsa.pub, { padding: 'OAEP', hash: 'SHA256' })]));
      const uid = uidOf(await c().call(struct('Import', [text('UniqueIdentifier', ''), enumeration('ObjectType', 'SymmetricKey'), enumeration('KeyWrapType', 'NotWrapped'), structField(res, 'Object')])));
      assert.equal(hex(await symmetricKey(c(), uid)), hex(targetBytes));
    });

    it('refuses to unwrap altered bytes, or with a key whose usage mask has no UnwrapKey', async () => {
      const altered = kwpWrap(kekBytes, new Uint8Array(randomBytes(32)));
      altered[5] = (altered[5] ?? 0) ^ 1;
      await c().callError(importWrapped('SymmetricKey', 'Raw', altered, kek, undefined, 'NoEncoding', 'AES', 256), 'Cryptographic_Failure');
      await c().callError(importWrapped('SymmetricKey', 'Raw', new Uint8Array(256 + 40), rsa.pub, { algorithm: 'AES' }, 'NoEncoding', 'AES', 256), 'Cryptographic_Failure');
      const encryptOnly = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), int('CryptographicUsageMask', 0x4)])));
      await c().callError(importWrapped('SymmetricKey', 'Raw', kwpWrap(kekBytes, new Uint8Array(32)), encryptOnly, undefined, 'NoEncoding', 'AES', 256), 'Incompatible_Cryptographic_Usage_Mask');
    });
  });
}
