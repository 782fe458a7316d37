/**
 * Sign, SignatureVerify, MAC and MACVerify through the real HTTP endpoint, in both database
 * types: RSA-PSS and PKCS#1 v1.5 (SHA-256/384/512, over Data and DigestedData), ECDSA on P-256,
 * P-384 and P-521 (over Data and DigestedData), Ed25519, and HMAC-SHA256/384/512; every server signature and MAC is also
 * checked with node:crypto.
 * @module
 */
import assert from 'node:assert/strict';
import { constants, createHash, createHmac, verify, type KeyObject } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { bytesField } from '../helpers/kmip-requests.js';
import { bool, bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { USAGE } from '../../src/kmip/enums.js';
import {
  createPair, createWith, enumName, flipBit, hex, kmipModes, MODES, paramsNode, publicKey, symmetricKey, uidOf, type KmipClient, type Pair, type Params,
} from './kmip-modes.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const DATA = Buffer.from('the quick brown fox signs over HTTP', 'utf8');

type Hash = 'sha256' | 'sha384' | 'sha512';
type Input = { readonly data: Uint8Array } | { readonly digest: Uint8Array };

function signRequest(uid: string, input: Input, p?: Params, extra: readonly TtlvNode[] = []): TtlvNode {
  return struct('Sign', [text('UniqueIdentifier', uid), paramsNode(p), 'data' in input ? bytes('Data', input.data) : bytes('DigestedData', input.digest), ...extra]);
}
function verifyRequest(uid: string, input: Input, signature: Uint8Array | undefined, p?: Params): TtlvNode {
  return struct('SignatureVerify', [
    text('UniqueIdentifier', uid),
    paramsNode(p),
    'data' in input ? bytes('Data', input.data) : bytes('DigestedData', input.digest),
    signature === undefined ? undefined : bytes('SignatureData', signature),
  ]);
}
function macRequest(op: 'MAC' | 'MACVerify', uid: string, data: Uint8Array, p?: Params, mac?: Uint8Array): TtlvNode {
  return struct(op, [text('UniqueIdentifier', uid), paramsNode(p), bytes('Data', data), mac === undefined ? undefined : bytes('MACData', mac)]);
}

const digestOf = (hash: Hash, data: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(data).digest());
const HASHES: readonly [string, Hash][] = [['SHA256', 'sha256'], ['SHA384', 'sha384'], ['SHA512', 'sha512']];

function rsaVerifies(key: KeyObject, pss: boolean, hash: Hash, sig: Uint8Array): boolean {
  const padding = pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { padding: constants.RSA_PKCS1_PADDING };
  return verify(hash, DATA, { key, ...padding }, sig);
}

for (const mode of MODES) {
  describe(`Sign and SignatureVerify over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    let rsa: Pair;
    let rsaPub: KeyObject;
    before(async () => {
      rsa = await createPair(c(), { algorithm: 'RSA', length: 2048 });
      rsaPub = await publicKey(c(), rsa.pub);
    });

    const sign = async (uid: string, input: Input, p?: Params): Promise<Uint8Array> => {
      const res = await c().call(signRequest(uid, input, p));
      assert.equal(res.tag, 'SignResponse');
      assert.equal(uidOf(res), uid);
      return bytesField(res, 'SignatureData');
    };
    const validity = async (uid: string, input: Input, sig: Uint8Array, p?: Params): Promise<string> => {
      const res = await c().call(verifyRequest(uid, input, sig, p));
      assert.equal(res.tag, 'SignatureVerifyResponse');
      return enumName(res, 'ValidityIndicator');
    };

    for (const [name, pss, padding] of [['RSA-PSS', true, 'PSS'], ['RSA PKCS#1 v1.5', false, 'PKCS1v15']] as const) {
      for (const [hashName, hash] of HASHES) {
        it(`signs with ${name} ${hashName} over Data and over DigestedData; node and SignatureVerify accept both`, async () => {
          const p = { padding, hash: hashName };
          const overData = await sign(rsa.priv, { data: DATA }, p);
          const overDigest = await sign(rsa.priv, { digest: digestOf(hash, DATA) }, p);
          for (const sig of [overData, overDigest]) {
            assert.equal(sig.length, 256);
            assert.ok(rsaVerifies(rsaPub, pss, hash, sig), 'node:crypto verify');
            assert.ok(!rsaVerifies(rsaPub, !pss, hash, sig), 'the other padding must not verify');
            assert.equal(await validity(rsa.pub, { data: DATA }, sig, p), 'Valid');
            assert.equal(await validity(rsa.pub, { digest: digestOf(hash, DATA) }, sig, p), 'Valid');
            assert.equal(await validity(rsa.pub, { data: flipBit(DATA, 1) }, sig, p), 'Invalid');
          }
          // PKCS#1 v1.5 is deterministic: the digest path gives the very signature of the data path.
          if (!pss) assert.equal(hex(overDigest), hex(overData));
        });
      }
    }

    it('signs PKCS#1 v1.5 when named by DigitalSignatureAlgorithm, and PSS/SHA-256 with no parameters', async () => {
      const named = await sign(rsa.priv, { data: DATA }, { dsa: 'SHA384WithRSAEncryption' });
      assert.ok(rsaVerifies(rsaPub, false, 'sha384', named));
      const dflt = await sign(rsa.priv, { data: DATA });
      assert.ok(rsaVerifies(rsaPub, true, 'sha256', dflt));
      assert.equal(await validity(rsa.pub, { data: DATA }, dflt), 'Valid');
    });

    for (const [curve, hash] of [['P256', 'sha256'], ['P384', 'sha384'], ['P521', 'sha512']] as const) {
      it(`signs with ECDSA on ${curve} (${hash}, DER) over Data and DigestedData; node and SignatureVerify accept it`, async () => {
        const pair = await createPair(c(), { algorithm: 'ECDSA', curve });
        const pub = await publicKey(c(), pair.pub);
        const sig = await sign(pair.priv, { data: DATA });
        assert.ok(verify(hash, DATA, pub, sig), 'node:crypto verify');
        assert.equal(await validity(pair.pub, { data: DATA }, sig), 'Valid');
        assert.equal(await validity(pair.pub, { data: DATA }, flipBit(sig, 10)), 'Invalid');
        const sha256 = await sign(pair.priv, { data: DATA }, { dsa: 'ECDSAWithSHA256' });
        assert.ok(verify('sha256', DATA, pub, sha256), 'node:crypto verify ECDSAWithSHA256');
        const overDigest = await sign(pair.priv, { digest: digestOf(hash, DATA) });
        assert.ok(verify(hash, DATA, pub, overDigest), 'node:crypto verify of the DigestedData signature');
        assert.equal(await validity(pair.pub, { digest: digestOf(hash, DATA) }, sig), 'Valid');
      });
    }

    it('signs with Ed25519; node and SignatureVerify accept it', async () => {
      const pair = await createPair(c(), { algorithm: 'Ed25519' });
      const pub = await publicKey(c(), pair.pub);
      const sig = await sign(pair.priv, { data: DATA });
      assert.equal(sig.length, 64);
      assert.ok(verify(null, DATA, pub, sig), 'node:crypto verify');
      assert.equal(await validity(pair.pub, { data: DATA }, sig), 'Valid');
      assert.equal(await validity(pair.pub, { data: flipBit(DATA, 0) }, sig), 'Invalid');
    });

    it('refuses keys that cannot sign, digests where only messages are signed, and malformed requests', async () => {
      const ec = await createPair(c(), { algorithm: 'ECDSA', curve: 'P256' });
      const ed = await createPair(c(), { algorithm: 'Ed25519' });
      const x = await createPair(c(), { algorithm: 'ECDH', curve: 'CURVE25519' });
      await c().callError(signRequest(rsa.pub, { data: DATA }), 'Invalid_Object_Type');
      await c().callError(signRequest(x.priv, { data: DATA }), 'Invalid_Object_Type');
      await c().callError(signRequest(ec.priv, { data: DATA }, { padding: 'PSS' }), 'Bad_Cryptographic_Parameters');
      await c().callError(signRequest(ed.priv, { digest: digestOf('sha512', DATA) }), 'Bad_Cryptographic_Parameters');
      await c().callError(signRequest(ed.priv, { data: DATA }, { hash: 'SHA512' }), 'Bad_Cryptographic_Parameters');
      await c().callError(signRequest(rsa.priv, { digest: new Uint8Array(31) }), 'Bad_Cryptographic_Parameters');
      await c().callError(signRequest(rsa.priv, { data: DATA }, { dsa: 'SHA256WithRSAEncryption', padding: 'PSS' }), 'Bad_Cryptographic_Parameters');
      await c().callError(signRequest(ed.priv, { data: DATA }, undefined, [bool('InitIndicator', true)]), 'Feature_Not_Supported');
      await c().callError(signRequest('no-such-key', { data: DATA }), 'Item_Not_Found');
      await c().callError(verifyRequest(x.pub, { data: DATA }, new Uint8Array(64)), 'Invalid_Object_Type');
      await c().callError(verifyRequest(rsa.pub, { data: DATA }, undefined), 'Invalid_Message');
      await c().callError(verifyRequest(ed.priv, { data: DATA }, new Uint8Array(64)), 'Incompatible_Cryptographic_Usage_Mask');
    });
  });

  describe(`MAC and MACVerify over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);

    for (const [algorithm, hash, hashName] of [['HMACSHA256', 'sha256', 'SHA256'], ['HMACSHA384', 'sha384', 'SHA384'], ['HMACSHA512', 'sha512', 'SHA512']] as const) {
      it(`computes ${algorithm} as node's createHmac does, and MACVerify checks it`, async () => {
        const uid = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', algorithm)])));
        const key = await symmetricKey(c(), uid);
        const expected = createHmac(hash, key).update(DATA).digest('hex');
        for (const p of [undefined, { algorithm }, { hash: hashName }]) {
          const res = await c().call(macRequest('MAC', uid, DATA, p));
          assert.equal(res.tag, 'MACResponse');
          assert.equal(uidOf(res), uid);
          assert.equal(hex(bytesField(res, 'MACData')), expected);
        }
        const mac = new Uint8Array(Buffer.from(expected, 'hex'));
        const valid = await c().call(macRequest('MACVerify', uid, DATA, undefined, mac));
        assert.equal(valid.tag, 'MACVerifyResponse');
        assert.equal(enumName(valid, 'ValidityIndicator'), 'Valid');
        assert.equal(enumName(await c().call(macRequest('MACVerify', uid, DATA, undefined, flipBit(mac, 5))), 'ValidityIndicator'), 'Invalid');
        assert.equal(enumName(await c().call(macRequest('MACVerify', uid, flipBit(DATA, 5), { algorithm }, mac)), 'ValidityIndicator'), 'Invalid');
      });
    }

    it('refuses keys that do not MAC, parameters that contradict the key, and a MACVerify without MACData', async () => {
      const hmac = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'HMACSHA256')])));
      const aes = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)])));
      const unrestricted = uidOf(await c().call(createWith([enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), int('CryptographicUsageMask', USAGE.Unrestricted)])));
      await c().callError(macRequest('MAC', aes, DATA), 'Incompatible_Cryptographic_Usage_Mask');
      await c().callError(macRequest('MAC', unrestricted, DATA), 'Invalid_Object_Type');
      await c().callError(macRequest('MAC', hmac, DATA, { algorithm: 'HMACSHA512' }), 'Bad_Cryptographic_Parameters');
      await c().callError(macRequest('MAC', hmac, DATA, { hash: 'SHA384' }), 'Bad_Cryptographic_Parameters');
      await c().callError(macRequest('MAC', 'no-such-key', DATA), 'Item_Not_Found');
      await c().callError(macRequest('MACVerify', hmac, DATA), 'Invalid_Message');
      await c().callError(macRequest('MACVerify', aes, DATA, undefined, new Uint8Array(32)), 'Incompatible_Cryptographic_Usage_Mask');
    });
  });
}
