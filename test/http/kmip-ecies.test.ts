/**
 * ECIES Encrypt and Decrypt with EC (P-256) and X25519 key pairs through the real HTTP endpoint, in
 * both database types: encrypt with the public key's id, decrypt with the private key's, checked
 * against an independent ECDH + HKDF-SHA-256 + AES-256-GCM open with node:crypto; wrong keys,
 * altered data, usage masks and Ed25519 keys are refused.
 * @module
 */
import assert from 'node:assert/strict';
import { createDecipheriv, createPublicKey, diffieHellman, hkdfSync, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { bytesField, textField } from '../helpers/kmip-requests.js';
import { bytes, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { USAGE } from '../../src/kmip/enums.js';
import { createKeyPairRequest, flipBit, kmipModes, MODES, paramsNode, privateKey, type KmipClient, type Pair, type PairOptions, type Params } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const PLAINTEXT = Buffer.from('forty-two bytes of plaintext over http!!!!', 'utf8');
const AAD = Buffer.from('header v1', 'utf8');
const LABEL = Buffer.from('KMS ECIES v1 HKDF-SHA-256 AES-256-GCM', 'ascii');
const NONCE = 12;
const TAG = 16;

/** A CreateKeyPair with explicit usage masks on each key. */
function pairRequest(o: PairOptions, privateMask: number, publicMask: number): TtlvNode {
  const base = createKeyPairRequest(o);
  assert.ok(base.type === 'Structure');
  return struct('CreateKeyPair', [
    ...base.value,
    struct('PrivateKeyAttributes', [int('CryptographicUsageMask', privateMask)]),
    struct('PublicKeyAttributes', [int('CryptographicUsageMask', publicMask)]),
  ]);
}

function cipherRequest(op: 'Encrypt' | 'Decrypt', uid: string, data: Uint8Array, o: { aad?: Uint8Array; nonce?: Uint8Array; params?: Params } = {}): TtlvNode {
  return struct(op, [
    text('UniqueIdentifier', uid),
    paramsNode(o.params),
    bytes('Data', data),
    o.nonce === undefined ? undefined : bytes('IvCounterNonce', o.nonce),
    o.aad === undefined ? undefined : bytes('AuthenticatedEncryptionAdditionalData', o.aad),
  ]);
}

const has = (s: TtlvStructure, tag: string): boolean => s.value.some((n) => n.tag === tag);

/** The public key as ECIES encodes it, from a JWK export: SEC1 uncompressed point or raw X25519. */
function rawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const part = (v: string | undefined): Buffer => Buffer.from(v ?? '', 'base64url');
  return jwk.kty === 'OKP' ? part(jwk.x) : Buffer.concat([Buffer.from([0x04]), part(jwk.x), part(jwk.y)]);
}

/** Opens ECIES output with node:crypto alone, given the recipient's private key. */
function openLocally(priv: KeyObject, pointLength: number, out: Uint8Array, aad?: Uint8Array): Buffer {
  const e = Buffer.from(out.subarray(0, pointLength));
  const x25519 = priv.asymmetricKeyType === 'x25519';
  const jwk = x25519
    ? { kty: 'OKP', crv: 'X25519', x: e.toString('base64url') }
    : { kty: 'EC', crv: 'P-256', x: e.subarray(1, 33).toString('base64url'), y: e.subarray(33, 65).toString('base64url') };
  const z = diffieHellman({ privateKey: priv, publicKey: createPublicKey({ key: jwk, format: 'jwk' }) });
  const key = Buffer.from(hkdfSync('sha256', z, Buffer.alloc(0), Buffer.concat([LABEL, e, rawPublic(createPublicKey(priv))]), 32));
  const d = createDecipheriv('aes-256-gcm', key, out.subarray(pointLength, pointLength + NONCE));
  d.setAuthTag(out.subarray(out.length - TAG));
  if (aad !== undefined) d.setAAD(aad);
  return Buffer.concat([d.update(out.subarray(pointLength + NONCE, out.length - TAG)), d.final()]);
}

const CURVES = [
  { name: 'P-256', pair: { algorithm: 'EC', curve: 'P256' }, pointLength: 65 },
  { name: 'X25519', pair: { algorithm: 'ECDH', curve: 'CURVE25519' }, pointLength: 32 },
] as const;

for (const mode of MODES) {
  describe(`ECIES Encrypt and Decrypt over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const pairs = new Map<string, Pair>();
    let other: Pair;
    let ed: Pair;
    let signOnly: Pair;
    let defaultEc: Pair;
    const create = async (o: PairOptions, privateMask: number, publicMask: number): Promise<Pair> => {
      const res = await c().call(pairRequest(o, privateMask, publicMask));
      return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
    };
    const pairOf = (name: string): Pair => pairs.get(name) ?? assert.fail(`no ${name} pair`);
    before(async () => {
      for (const curve of CURVES) pairs.set(curve.name, await create(curve.pair, USAGE.Decrypt | USAGE.Encrypt, USAGE.Encrypt));
      other = await create({ algorithm: 'EC', curve: 'P256' }, USAGE.Decrypt, USAGE.Encrypt);
      ed = await create({ algorithm: 'Ed25519' }, USAGE.Decrypt | USAGE.Encrypt, USAGE.Encrypt);
      // ECDSA pairs may only sign by default; EC pairs may also encrypt.
      const ecdsa = await c().call(createKeyPairRequest({ algorithm: 'ECDSA', curve: 'P256' }));
      signOnly = { priv: textField(ecdsa, 'PrivateKeyUniqueIdentifier'), pub: textField(ecdsa, 'PublicKeyUniqueIdentifier') };
      const ec = await c().call(createKeyPairRequest({ algorithm: 'EC', curve: 'P256' }));
      defaultEc = { priv: textField(ec, 'PrivateKeyUniqueIdentifier'), pub: textField(ec, 'PublicKeyUniqueIdentifier') };
    });

    const encrypt = async (uid: string, data: Uint8Array, aad?: Uint8Array): Promise<Uint8Array> => {
      const res = await c().call(cipherRequest('Encrypt', uid, data, aad === undefined ? {} : { aad }));
      assert.equal(res.tag, 'EncryptResponse');
      // Nonce and tag travel inside Data.
      assert.ok(!has(res, 'IvCounterNonce') && !has(res, 'AuthenticatedEncryptionTag'));
      return bytesField(res, 'Data');
    };
    const decrypt = async (uid: string, data: Uint8Array, aad?: Uint8Array): Promise<Buffer> => {
      const res = await c().call(cipherRequest('Decrypt', uid, data, aad === undefined ? {} : { aad }));
      assert.equal(res.tag, 'DecryptResponse');
      return Buffer.from(bytesField(res, 'Data'));
    };

    for (const curve of CURVES) {
      it(`encrypts to a ${curve.name} public key id and decrypts with the private key id, with and without AAD`, async () => {
        const { priv, pub } = pairOf(curve.name);
        const out = await encrypt(pub, PLAINTEXT);
        assert.equal(out.length, curve.pointLength + NONCE + PLAINTEXT.length + TAG);
        if (curve.name === 'P-256') assert.equal(out[0], 0x04);
        assert.deepEqual(await decrypt(priv, out), PLAINTEXT);
        const withAad = await encrypt(pub, PLAINTEXT, AAD);
        assert.deepEqual(await decrypt(priv, withAad, AAD), PLAINTEXT);
        await c().callError(cipherRequest('Decrypt', priv, withAad), 'Cryptographic_Failure');
        await c().callError(cipherRequest('Decrypt', priv, withAad, { aad: flipBit(AAD) }), 'Cryptographic_Failure');
      });

      it(`produces ${curve.name} ciphertext that node:crypto opens with ECDH, HKDF-SHA-256 and AES-256-GCM`, async () => {
        const { priv, pub } = pairOf(curve.name);
        const out = await encrypt(pub, PLAINTEXT, AAD);
        assert.deepEqual(openLocally(await privateKey(c(), priv), curve.pointLength, out, AAD), PLAINTEXT);
      });

      it(`encrypts with a ${curve.name} private key id whose mask allows Encrypt, as RSA does`, async () => {
        const { priv } = pairOf(curve.name);
        assert.deepEqual(await decrypt(priv, await encrypt(priv, PLAINTEXT)), PLAINTEXT);
      });

      it(`refuses altered ${curve.name} ciphertext with Cryptographic_Failure`, async () => {
        const { priv, pub } = pairOf(curve.name);
        const out = await encrypt(pub, PLAINTEXT);
        for (const at of [curve.pointLength - 1, curve.pointLength, curve.pointLength + NONCE + 1, out.length - 1]) {
          await c().callError(cipherRequest('Decrypt', priv, flipBit(out, at)), 'Cryptographic_Failure');
        }
        await c().callError(cipherRequest('Decrypt', priv, out.subarray(0, 20)), 'Cryptographic_Failure');
      });
    }

    it('fails to decrypt with the wrong private key, on the same or another curve', async () => {
      const out = await encrypt(pairOf('P-256').pub, PLAINTEXT);
      await c().callError(cipherRequest('Decrypt', other.priv, out), 'Cryptographic_Failure');
      await c().callError(cipherRequest('Decrypt', pairOf('X25519').priv, out), 'Cryptographic_Failure');
      await c().callError(cipherRequest('Decrypt', pairOf('P-256').priv, await encrypt(other.pub, PLAINTEXT)), 'Cryptographic_Failure');
    });

    it('answers an ephemeral point off the curve with a clean Cryptographic_Failure and keeps serving', async () => {
      const { priv, pub } = pairOf('P-256');
      const out = await encrypt(pub, PLAINTEXT);
      const message = await c().callError(cipherRequest('Decrypt', priv, flipBit(out, 64)), 'Cryptographic_Failure');
      assert.doesNotMatch(message, /point|curve|ephemeral/i, 'the error must not say which step failed');
      assert.deepEqual(await decrypt(priv, out), PLAINTEXT);
    });

    it('refuses Ed25519 keys, which only sign, with Invalid_Object_Type', async () => {
      await c().callError(cipherRequest('Encrypt', ed.pub, PLAINTEXT), 'Invalid_Object_Type');
      await c().callError(cipherRequest('Decrypt', ed.priv, new Uint8Array(80)), 'Invalid_Object_Type');
    });

    it('enforces the usage masks as for RSA keys', async () => {
      await c().callError(cipherRequest('Encrypt', signOnly.pub, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
      await c().callError(cipherRequest('Encrypt', other.priv, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
      const out = await encrypt(pairOf('P-256').pub, PLAINTEXT);
      await c().callError(cipherRequest('Decrypt', signOnly.priv, out), 'Incompatible_Cryptographic_Usage_Mask');
      assert.deepEqual(await decrypt(defaultEc.priv, await encrypt(defaultEc.pub, PLAINTEXT)), PLAINTEXT);
    });

    it('refuses a client nonce and parameters naming another construction', async () => {
      const { pub } = pairOf('P-256');
      await c().callError(cipherRequest('Encrypt', pub, PLAINTEXT, { nonce: new Uint8Array(NONCE) }), 'Bad_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', pub, PLAINTEXT, { params: { mode: 'CBC' } }), 'Bad_Cryptographic_Parameters');
      await c().callError(cipherRequest('Encrypt', pub, PLAINTEXT, { params: { algorithm: 'RSA' } }), 'Bad_Cryptographic_Parameters');
      const named = await c().call(cipherRequest('Encrypt', pub, PLAINTEXT, { params: { algorithm: 'EC', mode: 'GCM' } }));
      assert.deepEqual(await decrypt(pairOf('P-256').priv, bytesField(named, 'Data')), PLAINTEXT);
    });
  });
}
