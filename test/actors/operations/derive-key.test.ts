import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, pbkdf2Sync, type KeyObject } from 'node:crypto';
import { bytes, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { decodeKeyBlock } from '../../../src/kmip/key-block.js';
import { linkedId } from '../../../src/kmip/links.js';
import { parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { asStructure } from '../../../src/kmip/ttlv/read.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { storedAttributes } from '../../../src/actors/stored-object.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { bytesField, encryptRequest, revokeRequest, tagAttribute, textField } from '../../helpers/kmip-requests.js';
import { createWithAttributes } from '../helpers.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

// RFC 5869 appendix A.1 (test case 1) and A.3 (test case 3: no salt, no info).
const RFC5869_IKM = new Uint8Array(22).fill(0x0b);
const RFC5869_SALT = hex('000102030405060708090a0b0c');
const RFC5869_INFO = hex('f0f1f2f3f4f5f6f7f8f9');
const RFC5869_OKM1 = '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865';
const RFC5869_OKM3 = '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8';

/** An Import of a Raw symmetric key with a usage mask. */
function importKeyRequest(key: Uint8Array, algorithm: string, mask: number): TtlvNode {
  const attrs = [enumeration('CryptographicAlgorithm', algorithm), int('CryptographicLength', key.length * 8)];
  return struct('Import', [
    text('UniqueIdentifier', ''),
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [...attrs, int('CryptographicUsageMask', mask)]),
    struct('Object', [struct('KeyBlock', [enumeration('KeyFormatType', 'Raw'), struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', key)])]), ...attrs])]),
  ]);
}

/** What a DeriveKey request carries. */
interface DeriveOptions {
  readonly objectType?: string;
  readonly ids: readonly string[];
  /** Send the identifiers in Cosmian's list form instead of repeated fields. */
  readonly listForm?: boolean;
  readonly method: string;
  readonly hash?: string;
  readonly salt?: Uint8Array;
  readonly iterations?: number | bigint;
  readonly data?: Uint8Array;
  readonly iv?: Uint8Array;
  readonly attributes: readonly (TtlvNode | undefined)[];
}

function deriveRequest(o: DeriveOptions): TtlvNode {
  const ids = o.ids.map((id) => text('UniqueIdentifier', id));
  const iterations = o.iterations === undefined ? undefined : typeof o.iterations === 'bigint' ? long('IterationCount', o.iterations) : int('IterationCount', o.iterations);
  return struct('DeriveKey', [
    enumeration('ObjectType', o.objectType ?? 'SymmetricKey'),
    ...(o.listForm === true ? [struct('UniqueIdentifier', ids)] : ids),
    enumeration('DerivationMethod', o.method),
    struct('DerivationParameters', [
      o.hash === undefined ? undefined : struct('CryptographicParameters', [enumeration('HashingAlgorithm', o.hash)]),
      o.iv === undefined ? undefined : bytes('InitializationVector', o.iv),
      o.data === undefined ? undefined : bytes('DerivationData', o.data),
      o.salt === undefined ? undefined : bytes('Salt', o.salt),
      iterations,
    ]),
    struct('Attributes', o.attributes),
  ]);
}

const aes256 = (...more: TtlvNode[]): TtlvNode[] => [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), ...more];

/** The bytes a stored key or secret-data record holds (for objects Get does not serve here). */
function storedBytes(fx: ActorFixture, uid: string): Uint8Array {
  const rec = fx.store.get(uid);
  assert.ok(rec !== undefined, `no record ${uid}`);
  const block = decodeKeyBlock(asStructure(parseJsonTtlv(rec.object), 'stored object'));
  if (block.material.kind === 'bytes') return block.material.bytes;
  if (block.material.kind === 'symmetric') return block.material.key;
  throw new Error(`unexpected material ${block.material.kind}`);
}

/** A key pair made on the server: identifiers plus both halves read back from the store. */
interface Pair {
  readonly priv: string;
  readonly pub: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly spki: Uint8Array;
}

async function createPair(fx: ActorFixture, algorithm: string, curve: string): Promise<Pair> {
  const res = await fx.callAsync(struct('CreateKeyPair', [
    struct('CommonAttributes', [enumeration('CryptographicAlgorithm', algorithm), struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', curve)])]),
  ]));
  const priv = textField(res, 'PrivateKeyUniqueIdentifier');
  const pub = textField(res, 'PublicKeyUniqueIdentifier');
  const spki = storedBytes(fx, pub);
  return {
    priv,
    pub,
    spki,
    privateKey: createPrivateKey({ key: Buffer.from(storedBytes(fx, priv)), format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
  };
}

/** HKDF-SHA256(ECDH(a, b), salt, empty info), as the server documents it. */
function expectedAgreement(a: Pair, b: Pair, salt: Uint8Array, length: number): string {
  const shared = diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
  return Buffer.from(hkdfSync('sha256', shared, salt, new Uint8Array(0), length)).toString('hex');
}

for (const kind of STORE_KINDS) {
  describe(`DeriveKey (${kind} store)`, () => {
    let fx: ActorFixture;
    let password: Uint8Array;
    let passwordKey: string;
    before(() => {
      fx = openActorFixture(kind);
      password = new Uint8Array(Buffer.from('correct horse battery staple', 'utf8'));
      passwordKey = textField(fx.call(importKeyRequest(password, 'HMACSHA256', USAGE.DeriveKey)), 'UniqueIdentifier');
    });
    after(() => {
      fx.close();
    });

    const derive = (o: DeriveOptions): string => textField(fx.call(deriveRequest(o)), 'UniqueIdentifier');
    const getHex = (uid: string): string => Buffer.from(fx.keyBytes(uid)).toString('hex');

    it('PBKDF2 derives the AES key node:crypto derives, which the server then encrypts with', () => {
      const salt = hex('a1a2a3a4a5a6a7a8a9aaabacadaeaf');
      const uid = derive({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: 4096, attributes: aes256(tagAttribute(['derived'])) });
      const expected = pbkdf2Sync(password, salt, 4096, 32, 'sha256');
      assert.equal(getHex(uid), expected.toString('hex'));
      const res = fx.call(encryptRequest(uid, Buffer.from('derived keys work', 'utf8')));
      const decipher = createDecipheriv('aes-256-gcm', expected, bytesField(res, 'IvCounterNonce'));
      decipher.setAuthTag(bytesField(res, 'AuthenticatedEncryptionTag'));
      const plain = Buffer.concat([decipher.update(bytesField(res, 'Data')), decipher.final()]);
      assert.equal(plain.toString('utf8'), 'derived keys work');
      const rec = fx.store.get(uid);
      assert.ok(rec !== undefined);
      assert.equal(rec.objectType, 'SymmetricKey');
      assert.deepEqual([...rec.tags].sort(), ['_kk', 'derived']);
      assert.equal(linkedId(storedAttributes(rec), 'DerivationBaseObjectLink'), passwordKey);
    });

    it('PBKDF2 with SHA-512 from a SecretData base into a SecretData object', () => {
      const base = textField(fx.call(createWithAttributes([int('CryptographicLength', 256)], 'SecretData')), 'UniqueIdentifier');
      const secret = storedBytes(fx, base);
      const salt = hex('00112233445566778899');
      const uid = derive({ objectType: 'SecretData', ids: [base], listForm: true, method: 'PBKDF2', hash: 'SHA512', salt, iterations: 1000n, attributes: [int('CryptographicLength', 512)] });
      const rec = fx.store.get(uid);
      assert.ok(rec !== undefined);
      assert.equal(rec.objectType, 'SecretData');
      assert.ok(rec.tags.includes('_sd'));
      assert.equal(Buffer.from(storedBytes(fx, uid)).toString('hex'), pbkdf2Sync(secret, salt, 1000, 64, 'sha512').toString('hex'));
      assert.equal(linkedId(storedAttributes(rec), 'DerivationBaseObjectLink'), base);
    });

    it('HKDF matches RFC 5869 test cases 1 and 3', () => {
      const ikm = textField(fx.call(importKeyRequest(RFC5869_IKM, 'HMACSHA256', USAGE.DeriveKey)), 'UniqueIdentifier');
      const okmAttributes = [enumeration('CryptographicAlgorithm', 'HMACSHA256'), int('CryptographicLength', 336)];
      const one = derive({ ids: [ikm], method: 'HKDF', hash: 'SHA256', salt: RFC5869_SALT, data: RFC5869_INFO, attributes: okmAttributes });
      assert.equal(getHex(one), RFC5869_OKM1);
      const three = derive({ ids: [ikm], method: 'HKDF', attributes: okmAttributes });
      assert.equal(getHex(three), RFC5869_OKM3);
    });

    it('X25519 agreement gives both parties the same key, by identifier or by SPKI DerivationData', async () => {
      const a = await createPair(fx, 'ECDH', 'CURVE25519');
      const b = await createPair(fx, 'ECDH', 'CURVE25519');
      const salt = hex('5a17');
      const ab = derive({ ids: [a.priv, b.pub], method: 'AsymmetricKey', salt, attributes: aes256() });
      const ba = derive({ ids: [b.priv], method: 'AsymmetricKey', salt, data: a.spki, attributes: aes256() });
      assert.equal(getHex(ab), getHex(ba));
      assert.equal(getHex(ab), expectedAgreement(a, b, salt, 32));
      const rec = fx.store.get(ab);
      assert.ok(rec !== undefined);
      assert.equal(linkedId(storedAttributes(rec), 'DerivationBaseObjectLink'), a.priv);
    });

    it('P-256 ECDH agreement, base identifiers in list form', async () => {
      const a = await createPair(fx, 'EC', 'P256');
      const b = await createPair(fx, 'EC', 'P256');
      const ab = derive({ ids: [a.priv, b.pub], listForm: true, method: 'AsymmetricKey', attributes: aes256() });
      const ba = derive({ ids: [b.priv, a.pub], method: 'AsymmetricKey', attributes: aes256() });
      assert.equal(getHex(ab), getHex(ba));
      assert.equal(getHex(ab), expectedAgreement(a, b, new Uint8Array(0), 32));
    });

    it('refuses incomplete or contradictory PBKDF2 and HKDF requests', () => {
      const salt = hex('0102030405060708');
      const base = { ids: [passwordKey], method: 'PBKDF2', attributes: aes256() };
      fx.callError(deriveRequest({ ...base, iterations: 1000 }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...base, salt }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...base, salt, iterations: 0 }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, salt, iterations: 10_000_001 }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, salt, iterations: 1000, data: salt }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, ids: [passwordKey, passwordKey], salt, iterations: 1000 }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...base, method: 'HKDF', iterations: 1000 }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, method: 'HKDF', iv: salt }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, method: 'HKDF', hash: 'MD5' }), 'Unsupported_Cryptographic_Parameters');
      fx.callError(deriveRequest({ ...base, method: 'HMAC' }), 'Feature_Not_Supported');
    });

    it('checks the new object: its type, algorithm, size and identifier', () => {
      const base = { ids: [passwordKey], method: 'HKDF' };
      fx.callError(deriveRequest({ ...base, objectType: 'PrivateKey', attributes: aes256() }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, attributes: [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 100)] }), 'Invalid_Attribute_Value');
      fx.callError(deriveRequest({ ...base, attributes: [int('CryptographicLength', 256)] }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...base, objectType: 'SecretData', attributes: [int('CryptographicLength', 12)] }), 'Invalid_Attribute_Value');
      const uid = derive({ ...base, attributes: aes256(text('UniqueIdentifier', 'my-derived-key')) });
      assert.equal(uid, 'my-derived-key');
      fx.callError(deriveRequest({ ...base, attributes: aes256(text('UniqueIdentifier', 'my-derived-key')) }), 'Object_Already_Exists');
      fx.callError(deriveRequest({ ...base, attributes: aes256(tagAttribute(['_kk'])) }), 'Invalid_Attribute_Value');
    });

    it('checks the base objects: usage mask, type, state and curves', async () => {
      const hkdf = { method: 'HKDF', attributes: aes256() };
      fx.callError(deriveRequest({ ...hkdf, ids: [fx.create()] }), 'Incompatible_Cryptographic_Usage_Mask');
      fx.callError(deriveRequest({ ...hkdf, ids: ['no-such-object'] }), 'Item_Not_Found');
      const x = await createPair(fx, 'ECDH', 'CURVE25519');
      const p256 = await createPair(fx, 'EC', 'P256');
      const ed = await createPair(fx, 'Ed25519', 'CURVEED25519');
      fx.callError(deriveRequest({ ...hkdf, ids: [x.priv] }), 'Invalid_Object_Type');
      const agree = { method: 'AsymmetricKey', attributes: aes256() };
      fx.callError(deriveRequest({ ...agree, ids: [ed.priv, x.pub] }), 'Invalid_Object_Type');
      fx.callError(deriveRequest({ ...agree, ids: [x.pub, x.pub] }), 'Invalid_Object_Type');
      fx.callError(deriveRequest({ ...agree, ids: [x.priv, x.priv] }), 'Invalid_Object_Type');
      fx.callError(deriveRequest({ ...agree, ids: [x.priv, p256.pub] }), 'Bad_Cryptographic_Parameters');
      fx.callError(deriveRequest({ ...agree, ids: [x.priv] }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...agree, ids: [x.priv, p256.pub], data: x.spki }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...agree, ids: [x.priv], data: hex('3000') }), 'Invalid_Field');
      const revoked = textField(fx.call(importKeyRequest(RFC5869_IKM, 'HMACSHA256', USAGE.DeriveKey)), 'UniqueIdentifier');
      fx.call(revokeRequest(revoked));
      fx.callError(deriveRequest({ ...hkdf, ids: [revoked] }), 'Item_Not_Found');
      fx.call(revokeRequest(x.pub));
      fx.callError(deriveRequest({ ...agree, ids: [p256.priv, x.pub] }), 'Item_Not_Found');
    });
  });
}
