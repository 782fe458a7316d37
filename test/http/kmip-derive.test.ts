/**
 * DeriveKey, Hash and RNGRetrieve through the real HTTP endpoint, in both database types:
 * PBKDF2 and HKDF against node:crypto (and RFC 5869), key agreement with X25519 and P-256
 * (ECDH then HKDF-SHA256), the six SHA-2 and SHA-3 digests, and random bytes.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash, diffieHellman, hkdfSync, pbkdf2Sync, type KeyObject } from 'node:crypto';
import { describe, it } from 'node:test';
import { bytesField, getAttributesRequest, structField, tagAttribute } from '../helpers/kmip-requests.js';
import { bool, bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { linkedId } from '../../src/kmip/links.js';
import { USAGE } from '../../src/kmip/enums.js';
import {
  createPair, createWith, getWith, hex, importRaw, keyBytesOf, kmipModes, MODES, privateKey, publicKey, symmetricKey, uidOf, type KmipClient,
} from './kmip-modes.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

// RFC 5869 appendix A.1 (test case 1).
const RFC5869_IKM = new Uint8Array(22).fill(0x0b);
const RFC5869_SALT = fromHex('000102030405060708090a0b0c');
const RFC5869_INFO = fromHex('f0f1f2f3f4f5f6f7f8f9');
const RFC5869_OKM = '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865';

interface DeriveOptions {
  readonly objectType?: string;
  readonly ids: readonly string[];
  readonly method: string;
  readonly hash?: string;
  readonly salt?: Uint8Array;
  readonly iterations?: number;
  readonly data?: Uint8Array;
  readonly attributes: readonly (TtlvNode | undefined)[];
}

function deriveRequest(o: DeriveOptions): TtlvNode {
  return struct('DeriveKey', [
    enumeration('ObjectType', o.objectType ?? 'SymmetricKey'),
    ...o.ids.map((id) => text('UniqueIdentifier', id)),
    enumeration('DerivationMethod', o.method),
    struct('DerivationParameters', [
      o.hash === undefined ? undefined : struct('CryptographicParameters', [enumeration('HashingAlgorithm', o.hash)]),
      o.data === undefined ? undefined : bytes('DerivationData', o.data),
      o.salt === undefined ? undefined : bytes('Salt', o.salt),
      o.iterations === undefined ? undefined : int('IterationCount', o.iterations),
    ]),
    struct('Attributes', o.attributes),
  ]);
}

const aes256 = (...more: TtlvNode[]): TtlvNode[] => [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), ...more];

function hashRequest(algorithm: string, data: Uint8Array, extra: readonly TtlvNode[] = []): TtlvNode {
  return struct('Hash', [struct('CryptographicParameters', [enumeration('HashingAlgorithm', algorithm)]), bytes('Data', data), ...extra]);
}

/** HKDF-SHA256 over the ECDH secret of a private and a public key, as the server documents agreement. */
function agreed(priv: KeyObject, pub: KeyObject, salt: Uint8Array): string {
  return Buffer.from(hkdfSync('sha256', diffieHellman({ privateKey: priv, publicKey: pub }), salt, new Uint8Array(0), 32)).toString('hex');
}

for (const mode of MODES) {
  describe(`DeriveKey over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const password = new Uint8Array(Buffer.from('correct horse battery staple', 'utf8'));
    const derive = async (o: DeriveOptions): Promise<string> => {
      const res = await c().call(deriveRequest(o));
      assert.equal(res.tag, 'DeriveKeyResponse');
      return uidOf(res);
    };

    it('derives with PBKDF2 (SHA-256 by default, and SHA-512) the key node derives, linked to its base', async () => {
      const base = uidOf(await c().call(importRaw(password, 'HMACSHA256', [int('CryptographicUsageMask', USAGE.DeriveKey)])));
      const salt = fromHex('a1a2a3a4a5a6a7a8a9aaabacadaeaf');
      const uid = await derive({ ids: [base], method: 'PBKDF2', salt, iterations: 4096, attributes: aes256(tagAttribute(['derived'])) });
      assert.equal(hex(await symmetricKey(c(), uid)), pbkdf2Sync(password, salt, 4096, 32, 'sha256').toString('hex'));
      const attrs = structField(await c().call(getAttributesRequest(uid)), 'Attributes');
      assert.equal(linkedId(attrs.value, 'DerivationBaseObjectLink'), base);
      const secret = await derive({ objectType: 'SecretData', ids: [base], method: 'PBKDF2', hash: 'SHA512', salt, iterations: 1000, attributes: [int('CryptographicLength', 512)] });
      assert.equal(hex(keyBytesOf(await c().call(getWith(secret, undefined)))), pbkdf2Sync(password, salt, 1000, 64, 'sha512').toString('hex'));
    });

    it('derives with HKDF the RFC 5869 test case 1 output, and from a SecretData base', async () => {
      const ikm = uidOf(await c().call(importRaw(RFC5869_IKM, 'HMACSHA256', [int('CryptographicUsageMask', USAGE.DeriveKey)])));
      const okm = await derive({ ids: [ikm], method: 'HKDF', hash: 'SHA256', salt: RFC5869_SALT, data: RFC5869_INFO,
        attributes: [enumeration('CryptographicAlgorithm', 'HMACSHA256'), int('CryptographicLength', 336)] });
      assert.equal(hex(await symmetricKey(c(), okm)), RFC5869_OKM);
      const seed = uidOf(await c().call(createWith([int('CryptographicLength', 256), int('CryptographicUsageMask', USAGE.DeriveKey)], 'SecretData')));
      const seedBytes = keyBytesOf(await c().call(getWith(seed, undefined)));
      const fromSeed = await derive({ ids: [seed], method: 'HKDF', hash: 'SHA384', data: RFC5869_INFO, attributes: aes256() });
      assert.equal(hex(await symmetricKey(c(), fromSeed)), Buffer.from(hkdfSync('sha384', seedBytes, new Uint8Array(0), RFC5869_INFO, 32)).toString('hex'));
    });

    it('agrees on a key with X25519: both sides get HKDF-SHA256 of the shared secret, by identifier or by SPKI DerivationData', async () => {
      const a = await createPair(c(), { algorithm: 'ECDH', curve: 'CURVE25519' });
      const b = await createPair(c(), { algorithm: 'ECDH', curve: 'CURVE25519' });
      const salt = fromHex('5a17');
      const ab = await derive({ ids: [a.priv, b.pub], method: 'AsymmetricKey', salt, attributes: aes256() });
      const aSpki = keyBytesOf(await c().call(getWith(a.pub, 'PKCS8')));
      const ba = await derive({ ids: [b.priv], method: 'AsymmetricKey', salt, data: aSpki, attributes: aes256() });
      const expected = agreed(await privateKey(c(), a.priv), await publicKey(c(), b.pub), salt);
      assert.equal(hex(await symmetricKey(c(), ab)), expected);
      assert.equal(hex(await symmetricKey(c(), ba)), expected);
    });

    it('agrees on a key with P-256 ECDH, the same from either side', async () => {
      const a = await createPair(c(), { algorithm: 'ECDH', curve: 'P256' });
      const b = await createPair(c(), { algorithm: 'ECDH', curve: 'P256' });
      const ab = await derive({ ids: [a.priv, b.pub], method: 'AsymmetricKey', attributes: aes256() });
      const ba = await derive({ ids: [b.priv, a.pub], method: 'AsymmetricKey', attributes: aes256() });
      const expected = agreed(await privateKey(c(), b.priv), await publicKey(c(), a.pub), new Uint8Array(0));
      assert.equal(hex(await symmetricKey(c(), ab)), expected);
      assert.equal(hex(await symmetricKey(c(), ba)), expected);
    });

    it('refuses incomplete PBKDF2, unsupported methods, bases without DeriveKey usage and mismatched curves', async () => {
      const base = uidOf(await c().call(importRaw(password, 'HMACSHA256', [int('CryptographicUsageMask', USAGE.DeriveKey)])));
      const salt = fromHex('0102030405060708');
      await c().callError(deriveRequest({ ids: [base], method: 'PBKDF2', iterations: 1000, attributes: aes256() }), 'Invalid_Message');
      await c().callError(deriveRequest({ ids: [base], method: 'PBKDF2', salt, iterations: 0, attributes: aes256() }), 'Invalid_Field');
      await c().callError(deriveRequest({ ids: [base], method: 'HKDF', hash: 'MD5', attributes: aes256() }), 'Unsupported_Cryptographic_Parameters');
      await c().callError(deriveRequest({ ids: [base], method: 'HMAC', attributes: aes256() }), 'Feature_Not_Supported');
      await c().callError(deriveRequest({ ids: [base], method: 'HKDF', attributes: [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 100)] }), 'Invalid_Attribute_Value');
      const plainAes = uidOf(await c().call(createWith(aes256())));
      await c().callError(deriveRequest({ ids: [plainAes], method: 'HKDF', attributes: aes256() }), 'Incompatible_Cryptographic_Usage_Mask');
      const x = await createPair(c(), { algorithm: 'ECDH', curve: 'CURVE25519' });
      const p256 = await createPair(c(), { algorithm: 'ECDH', curve: 'P256' });
      await c().callError(deriveRequest({ ids: [x.priv, p256.pub], method: 'AsymmetricKey', attributes: aes256() }), 'Bad_Cryptographic_Parameters');
      await c().callError(deriveRequest({ ids: [x.priv], method: 'AsymmetricKey', attributes: aes256() }), 'Invalid_Message');
      await c().callError(deriveRequest({ ids: ['no-such-key'], method: 'HKDF', attributes: aes256() }), 'Item_Not_Found');
    });
  });

  describe(`Hash and RNGRetrieve over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const DATA = Buffer.from('hash me over HTTP', 'utf8');

    for (const [name, nodeName] of [['SHA256', 'sha256'], ['SHA384', 'sha384'], ['SHA512', 'sha512'], ['SHA3256', 'sha3-256'], ['SHA3384', 'sha3-384'], ['SHA3512', 'sha3-512']] as const) {
      it(`hashes with ${name} as node's createHash('${nodeName}') does`, async () => {
        const res = await c().call(hashRequest(name, DATA));
        assert.equal(res.tag, 'HashResponse');
        assert.equal(hex(bytesField(res, 'Data')), createHash(nodeName).update(DATA).digest('hex'));
      });
    }

    it('hashes an empty message and echoes the CorrelationValue', async () => {
      const res = await c().call(hashRequest('SHA256', new Uint8Array(0), [bytes('CorrelationValue', fromHex('c0ffee'))]));
      assert.equal(hex(bytesField(res, 'Data')), createHash('sha256').digest('hex'));
      assert.equal(hex(bytesField(res, 'CorrelationValue')), 'c0ffee');
    });

    it('refuses weak or unknown digests, a missing algorithm and streaming', async () => {
      await c().callError(hashRequest('MD5', DATA), 'Unsupported_Cryptographic_Parameters');
      await c().callError(hashRequest('SHA1', DATA), 'Unsupported_Cryptographic_Parameters');
      await c().callError(struct('Hash', [struct('CryptographicParameters', []), bytes('Data', DATA)]), 'Invalid_Message');
      await c().callError(struct('Hash', [bytes('Data', DATA)]), 'Invalid_Message');
      await c().callError(hashRequest('SHA256', DATA, [bool('InitIndicator', true), bool('FinalIndicator', false)]), 'Feature_Not_Supported');
    });

    it('retrieves DataLength random bytes, different every time', async () => {
      const draw = async (n: number): Promise<Uint8Array> => {
        const res = await c().call(struct('RNGRetrieve', [int('DataLength', n)]));
        assert.equal(res.tag, 'RNGRetrieveResponse');
        return bytesField(res, 'Data');
      };
      const a = await draw(32);
      const b = await draw(32);
      assert.equal(a.length, 32);
      assert.notEqual(hex(a), hex(b));
      assert.equal((await draw(1)).length, 1);
      assert.equal((await draw(65536)).length, 65536);
    });

    it('refuses a DataLength of 0, above 65536, or none', async () => {
      await c().callError(struct('RNGRetrieve', [int('DataLength', 0)]), 'Invalid_Field');
      await c().callError(struct('RNGRetrieve', [int('DataLength', 65537)]), 'Invalid_Field');
      await c().callError(struct('RNGRetrieve', []), 'Invalid_Message');
    });
  });
}
