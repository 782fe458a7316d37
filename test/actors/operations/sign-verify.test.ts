import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bool, bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { decodeKeyBlock } from '../../../src/kmip/key-block.js';
import { parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { asStructure } from '../../../src/kmip/ttlv/read.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, START_TIME, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { bytesField, revokeRequest, textField } from '../../helpers/kmip-requests.js';
import { enumField, flipBit } from '../helpers.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

type Hash = 'sha256' | 'sha384' | 'sha512';

/** What a key pair is made of. */
type PairOptions = { readonly algorithm: string; readonly length?: number; readonly curve?: string; readonly privateMask?: number; readonly publicMask?: number };

/** A CreateKeyPair request. */
function createKeyPairRequest(o: PairOptions): TtlvNode {
  const mask = (tag: string, m: number | undefined): TtlvNode | undefined => (m === undefined ? undefined : struct(tag, [int('CryptographicUsageMask', m)]));
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [enumeration('CryptographicAlgorithm', o.algorithm), o.length === undefined ? undefined : int('CryptographicLength', o.length),
      o.curve === undefined ? undefined : struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', o.curve)])]),
    mask('PrivateKeyAttributes', o.privateMask),
    mask('PublicKeyAttributes', o.publicMask),
  ]);
}

/** The identifiers of a new pair and its public key as node sees it. */
type Pair = { readonly priv: string; readonly pub: string; readonly publicKey: KeyObject };

/** A pair made on the server; the public key is read as the SPKI DER the store keeps (Get is not what is tested here). */
async function createPair(fx: ActorFixture, o: PairOptions): Promise<Pair> {
  const res = await fx.callAsync(createKeyPairRequest(o));
  const pub = textField(res, 'PublicKeyUniqueIdentifier');
  const material = decodeKeyBlock(asStructure(parseJsonTtlv(fx.store.get(pub)?.object ?? ''), 'stored object')).material;
  if (material.kind !== 'bytes') throw new Error(`unexpected material ${material.kind}`);
  return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub, publicKey: createPublicKey({ key: Buffer.from(material.bytes), format: 'der', type: 'spki' }) };
}

/** CryptographicParameters fields a test sets. */
type Params = { readonly padding?: string; readonly hash?: string; readonly dsa?: string; readonly algorithm?: string };

const PARAM_TAGS = { padding: 'PaddingMethod', hash: 'HashingAlgorithm', dsa: 'DigitalSignatureAlgorithm', algorithm: 'CryptographicAlgorithm' } as const;

function paramsNode(p: Params | undefined): TtlvNode | undefined {
  if (p === undefined) return undefined;
  return struct('CryptographicParameters', Object.entries(p).map(([k, v]) => enumeration(PARAM_TAGS[k as keyof Params], v)));
}

/** The message or its digest. */
type Input = { readonly data: Uint8Array } | { readonly digest: Uint8Array };

/** Extra Sign fields. */
type SignExtras = { readonly correlation?: Uint8Array; readonly init?: boolean; readonly final?: boolean; readonly extra?: readonly TtlvNode[] };

function signRequest(uid: string, input: Input, p?: Params, o: SignExtras = {}): TtlvNode {
  return struct('Sign', [
    text('UniqueIdentifier', uid),
    paramsNode(p),
    'data' in input ? bytes('Data', input.data) : bytes('DigestedData', input.digest),
    ...(o.extra ?? []),
    o.correlation === undefined ? undefined : bytes('CorrelationValue', o.correlation),
    o.init === undefined ? undefined : bool('InitIndicator', o.init),
    o.final === undefined ? undefined : bool('FinalIndicator', o.final),
  ]);
}

/** A SignatureVerify request: a Sign request's fields plus SignatureData. */
function verifyRequest(uid: string, input: Input, signature: Uint8Array | undefined, p?: Params): TtlvNode {
  const sign = signRequest(uid, input, p, { extra: signature === undefined ? [] : [bytes('SignatureData', signature)] });
  return struct('SignatureVerify', sign.type === 'Structure' ? sign.value : []);
}

const DATA = Buffer.from('the quick brown fox signs over the lazy dog', 'utf8');
const digestOf = (hash: Hash, data: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(data).digest());

/** Node's verdict on an RSA signature. */
function rsaVerifies(key: KeyObject, pss: boolean, hash: Hash, data: Uint8Array, sig: Uint8Array): boolean {
  const padding = pss ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : { padding: constants.RSA_PKCS1_PADDING };
  return verify(hash, data, { key, ...padding }, sig);
}

const dir = mkdtempSync(join(tmpdir(), 'kms-sign-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

/** `openssl pkeyutl -verify` over the message; true when openssl accepts the signature. */
function opensslVerifies(key: KeyObject, data: Uint8Array, sig: Uint8Array, opts: readonly string[]): boolean {
  const [pub, msg, sigFile] = ['pub.pem', 'msg.bin', 'sig.bin'].map((f) => join(dir, f)) as [string, string, string];
  for (const [file, content] of [[pub, key.export({ type: 'spki', format: 'pem' })], [msg, data], [sigFile, sig]] as const) writeFileSync(file, content);
  return spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', ...opts, '-in', msg, '-sigfile', sigFile], { stdio: 'pipe' }).status === 0;
}

const rsaOpenssl = (pss: boolean, hash: Hash): string[] => ['-digest', hash, '-pkeyopt', `rsa_padding_mode:${pss ? 'pss' : 'pkcs1'}`, ...(pss ? ['-pkeyopt', 'rsa_pss_saltlen:digest'] : [])];

const RSA_CASES: readonly { name: string; params: Params | undefined; pss: boolean; hash: Hash }[] = [
  { name: 'no parameters (RSASSA-PSS, SHA-256)', params: undefined, pss: true, hash: 'sha256' },
  { name: 'PaddingMethod PSS, SHA256', params: { padding: 'PSS', hash: 'SHA256' }, pss: true, hash: 'sha256' },
  { name: 'RSASSAPSS, SHA384', params: { dsa: 'RSASSAPSS', hash: 'SHA384' }, pss: true, hash: 'sha384' },
  { name: 'PaddingMethod PSS, SHA512', params: { padding: 'PSS', hash: 'SHA512', algorithm: 'RSA' }, pss: true, hash: 'sha512' },
  { name: 'SHA256WithRSAEncryption', params: { dsa: 'SHA256WithRSAEncryption' }, pss: false, hash: 'sha256' },
  { name: 'PaddingMethod PKCS1v15, SHA384', params: { padding: 'PKCS1v15', hash: 'SHA384' }, pss: false, hash: 'sha384' },
  { name: 'SHA512WithRSAEncryption with PKCS1v15 and SHA512', params: { dsa: 'SHA512WithRSAEncryption', padding: 'PKCS1v15', hash: 'SHA512' }, pss: false, hash: 'sha512' },
];

// Curve keys: NIST curves sign with ECDSA (DER), Ed25519 with EdDSA over the whole message (hash null).
const CURVE_CASES: readonly { curve: string; params: Params | undefined; hash: Hash | null }[] = [
  { curve: 'Ed25519', params: undefined, hash: null },
  { curve: 'P256', params: undefined, hash: 'sha256' },
  { curve: 'P384', params: undefined, hash: 'sha384' },
  { curve: 'P521', params: undefined, hash: 'sha512' },
  { curve: 'P256', params: { dsa: 'ECDSAWithSHA384' }, hash: 'sha384' },
  { curve: 'P521', params: { hash: 'SHA256', algorithm: 'ECDSA' }, hash: 'sha256' },
];

for (const kind of STORE_KINDS) {
  describe(`Sign and SignatureVerify (${kind} store)`, () => {
    let fx: ActorFixture;
    let rsa: Pair;
    const ec = new Map<string, Pair>();
    let ed: Pair;
    let x25519: Pair;
    before(async () => {
      fx = openActorFixture(kind);
      rsa = await createPair(fx, { algorithm: 'RSA', length: 2048 });
      for (const curve of ['P256', 'P384', 'P521']) ec.set(curve, await createPair(fx, { algorithm: 'EC', curve }));
      ed = await createPair(fx, { algorithm: 'Ed25519' });
      ec.set('Ed25519', ed);
      x25519 = await createPair(fx, { algorithm: 'ECDH', curve: 'CURVE25519' });
    });
    after(() => { fx.close(); });

    const signature = (uid: string, input: Input, p?: Params, o?: SignExtras): Uint8Array => bytesField(fx.call(signRequest(uid, input, p, o)), 'SignatureData');
    const validity = (uid: string, input: Input, sig: Uint8Array, p?: Params): string => enumField(fx.call(verifyRequest(uid, input, sig, p)), 'ValidityIndicator');
    const ecPair = (curve: string): Pair => ec.get(curve) ?? assert.fail(`no ${curve} pair`);

    for (const c of RSA_CASES) {
      it(`RSA-2048 signs with ${c.name}; node, openssl and SignatureVerify accept it`, () => {
        const sig = signature(rsa.priv, { data: DATA }, c.params);
        assert.equal(sig.length, 256);
        assert.ok(rsaVerifies(rsa.publicKey, c.pss, c.hash, DATA, sig), 'node:crypto verify');
        assert.ok(!rsaVerifies(rsa.publicKey, !c.pss, c.hash, DATA, sig), 'the other padding must not verify');
        assert.ok(opensslVerifies(rsa.publicKey, DATA, sig, rsaOpenssl(c.pss, c.hash)), 'openssl pkeyutl -verify');
        assert.equal(validity(rsa.pub, { data: DATA }, sig, c.params), 'Valid');
        assert.equal(validity(rsa.pub, { data: flipBit(DATA, 3) }, sig, c.params), 'Invalid');
        assert.equal(validity(rsa.pub, { data: DATA }, flipBit(sig, 100), c.params), 'Invalid');
      });
    }

    for (const c of CURVE_CASES) {
      it(`${c.curve} with ${c.params === undefined ? 'default parameters' : JSON.stringify(c.params)} signs with ${c.hash ?? 'EdDSA'}`, () => {
        const pair = ecPair(c.curve);
        const sig = signature(pair.priv, { data: DATA }, c.params);
        if (c.hash === null) assert.equal(sig.length, 64);
        assert.ok(verify(c.hash, DATA, pair.publicKey, sig), 'node:crypto verify');
        assert.ok(opensslVerifies(pair.publicKey, DATA, sig, c.hash === null ? [] : ['-digest', c.hash]), 'openssl pkeyutl -verify');
        assert.equal(validity(pair.pub, { data: DATA }, sig, c.params), 'Valid');
        assert.equal(validity(pair.pub, { data: flipBit(DATA, 0) }, sig, c.params), 'Invalid');
        assert.equal(validity(pair.pub, { data: DATA }, flipBit(sig, 10), c.params), 'Invalid');
        assert.equal(validity(pair.pub, { data: DATA }, new Uint8Array(3), c.params), 'Invalid');
      });
    }

    it('signs DigestedData with RSA, verifiable over the original message, and verifies digests too', () => {
      const cases = [[true, 'sha384', { padding: 'PSS', hash: 'SHA384' }], [false, 'sha256', { dsa: 'SHA256WithRSAEncryption' }], [true, 'sha256', undefined]] as const;
      for (const [pss, hash, params] of cases) {
        const sig = signature(rsa.priv, { digest: digestOf(hash, DATA) }, params);
        assert.ok(rsaVerifies(rsa.publicKey, pss, hash, DATA, sig), `node:crypto verify ${hash}`);
        assert.ok(opensslVerifies(rsa.publicKey, DATA, sig, rsaOpenssl(pss, hash)), 'openssl pkeyutl -verify');
        assert.equal(validity(rsa.pub, { data: DATA }, sig, params), 'Valid');
        assert.equal(validity(rsa.pub, { digest: digestOf(hash, DATA) }, sig, params), 'Valid');
        assert.equal(validity(rsa.pub, { digest: digestOf(hash, flipBit(DATA)) }, sig, params), 'Invalid');
      }
      const overData = signature(rsa.priv, { data: DATA }, { padding: 'PKCS1v15', hash: 'SHA512' });
      assert.equal(validity(rsa.pub, { digest: digestOf('sha512', DATA) }, overData, { padding: 'PKCS1v15', hash: 'SHA512' }), 'Valid');
    });

    it('signs DigestedData with ECDSA on each NIST curve, verifiable over the original message by node and openssl', () => {
      for (const [curve, hash] of [['P256', 'sha256'], ['P384', 'sha384'], ['P521', 'sha512']] as const) {
        const pair = ecPair(curve);
        const sig = signature(pair.priv, { digest: digestOf(hash, DATA) });
        assert.ok(verify(hash, DATA, pair.publicKey, sig), `node:crypto verify ${curve}`);
        assert.ok(opensslVerifies(pair.publicKey, DATA, sig, ['-digest', hash]), `openssl pkeyutl -verify ${curve}`);
        assert.equal(validity(pair.pub, { digest: digestOf(hash, DATA) }, sig), 'Valid');
        assert.equal(validity(pair.pub, { digest: digestOf(hash, flipBit(DATA)) }, sig), 'Invalid');
      }
    });

    it('refuses wrong-length digests (RSA and ECDSA), digests for Ed25519, and malformed inputs', () => {
      fx.callError(signRequest(rsa.priv, { digest: digestOf('sha256', DATA) }, { padding: 'PSS', hash: 'SHA384' }), 'Bad_Cryptographic_Parameters');
      fx.callError(signRequest(rsa.priv, { digest: new Uint8Array(31) }), 'Bad_Cryptographic_Parameters');
      fx.callError(signRequest(ecPair('P256').priv, { digest: digestOf('sha384', DATA) }), 'Bad_Cryptographic_Parameters');
      fx.callError(signRequest(ed.priv, { digest: digestOf('sha512', DATA) }), 'Bad_Cryptographic_Parameters');
      fx.callError(verifyRequest(ed.pub, { digest: digestOf('sha512', DATA) }, new Uint8Array(64)), 'Bad_Cryptographic_Parameters');
      // Exactly one of Data and DigestedData, and SignatureData to verify.
      fx.callError(signRequest(rsa.priv, { data: DATA }, undefined, { extra: [bytes('DigestedData', digestOf('sha256', DATA))] }), 'Invalid_Message');
      fx.callError(struct('Sign', [text('UniqueIdentifier', rsa.priv)]), 'Invalid_Message');
      fx.callError(verifyRequest(rsa.pub, { data: DATA }, undefined), 'Invalid_Message');
    });

    it('refuses parameters that contradict each other or the key', () => {
      const refused = (uid: string, p: Params, reason: 'Bad_Cryptographic_Parameters' | 'Unsupported_Cryptographic_Parameters' = 'Bad_Cryptographic_Parameters'): void => {
        fx.callError(signRequest(uid, { data: DATA }, p), reason);
      };
      for (const p of [{ dsa: 'SHA256WithRSAEncryption', hash: 'SHA384' }, { dsa: 'SHA256WithRSAEncryption', padding: 'PSS' }, { dsa: 'RSASSAPSS', padding: 'PKCS1v15' }]) refused(rsa.priv, p);
      for (const p of [{ padding: 'OAEP' }, { dsa: 'ECDSAWithSHA256' }, { algorithm: 'ECDSA' }]) refused(rsa.priv, p);
      refused(ecPair('P256').priv, { padding: 'PSS' });
      refused(ed.priv, { hash: 'SHA512' });
      refused(ed.priv, { dsa: 'ECDSAWithSHA256' });
      refused(rsa.priv, { dsa: 'SHA1WithRSAEncryption' }, 'Unsupported_Cryptographic_Parameters');
      refused(ecPair('P384').priv, { hash: 'SHA3256' }, 'Unsupported_Cryptographic_Parameters');
    });

    it('refuses keys that cannot sign: X25519, public keys, symmetric keys', () => {
      fx.callError(signRequest(x25519.priv, { data: DATA }), { code: 'KMIP_ERROR', reason: 'Invalid_Object_Type', message: /X25519/ });
      fx.callError(verifyRequest(x25519.pub, { data: DATA }, new Uint8Array(64)), 'Invalid_Object_Type');
      fx.callError(signRequest(rsa.pub, { data: DATA }), 'Invalid_Object_Type');
      fx.callError(signRequest(fx.create(), { data: DATA }), 'Invalid_Object_Type');
      fx.callError(signRequest('no-such-key', { data: DATA }), 'Item_Not_Found');
    });

    it('echoes the CorrelationValue and refuses streaming', () => {
      const correlation = Buffer.from('c0ffee', 'hex');
      const res = fx.call(signRequest(ed.priv, { data: DATA }, undefined, { correlation }));
      assert.deepEqual([res.tag, textField(res, 'UniqueIdentifier'), bytesField(res, 'CorrelationValue')], ['SignResponse', ed.priv, new Uint8Array(correlation)]);
      fx.callError(signRequest(ed.priv, { data: DATA }, undefined, { init: true }), 'Feature_Not_Supported');
      fx.callError(signRequest(ed.priv, { data: DATA }, undefined, { init: false, final: true }), 'Feature_Not_Supported');
    });

    it('checks the usage masks: Sign on the private key, Verify on the key named', async () => {
      const verifyOnly = await createPair(fx, { algorithm: 'Ed25519', privateMask: USAGE.Verify, publicMask: USAGE.Encrypt });
      fx.callError(signRequest(verifyOnly.priv, { data: DATA }), 'Incompatible_Cryptographic_Usage_Mask');
      const sig = signature(ed.priv, { data: DATA });
      fx.callError(verifyRequest(verifyOnly.pub, { data: DATA }, sig), 'Incompatible_Cryptographic_Usage_Mask');
      // The default private mask has no Verify; one that has it verifies with its own public half.
      fx.callError(verifyRequest(ed.priv, { data: DATA }, sig), 'Incompatible_Cryptographic_Usage_Mask');
      const both = await createPair(fx, { algorithm: 'Ed25519', privateMask: USAGE.Sign | USAGE.Verify });
      const own = signature(both.priv, { data: DATA });
      assert.equal(validity(both.priv, { data: DATA }, own), 'Valid');
      assert.equal(validity(both.priv, { data: DATA }, sig), 'Invalid');
    });

    it('refuses Sign once the private key is revoked; old signatures stay verifiable', async () => {
      const pair = await createPair(fx, { algorithm: 'Ed25519' });
      const sig = signature(pair.priv, { data: DATA });
      fx.call(revokeRequest(pair.priv));
      fx.callError(signRequest(pair.priv, { data: DATA }), 'Item_Not_Found');
      assert.equal(validity(pair.pub, { data: DATA }, sig), 'Valid');
      fx.call(revokeRequest(pair.pub, { code: 'KeyCompromise', occurred: BigInt(START_TIME - 1000) }));
      assert.equal(validity(pair.pub, { data: DATA }, sig), 'Valid');
      assert.equal(validity(pair.pub, { data: flipBit(DATA) }, sig), 'Invalid');
    });
  });
}
