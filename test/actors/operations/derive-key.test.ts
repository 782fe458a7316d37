import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, pbkdf2Sync, type KeyObject } from 'node:crypto';
import { bool, bytes, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { getAttribute } from '../../../src/kmip/attributes.js';
import { PBKDF2_MAX_WORK } from '../../../src/crypto/kdf.js';
import { decodeKeyBlock } from '../../../src/kmip/key-block.js';
import { linkedId } from '../../../src/kmip/links.js';
import { parseJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { asStructure } from '../../../src/kmip/ttlv/read.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { storedAttributes } from '../../../src/actors/stored-object.js';
import { DEFAULT_USER, openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { bytesField, encryptRequest, getRequest, messageRequest, parseResponse, revokeRequest, structField, tagAttribute, textField, toJson } from '../../helpers/kmip-requests.js';
import { createWithAttributes, enumField, rawImportRequest, rawKeyOf } from '../helpers.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

// RFC 5869 appendix A.1 (test case 1) and A.3 (test case 3: no salt, no info).
const RFC5869_IKM = new Uint8Array(22).fill(0x0b);
const RFC5869_SALT = hex('000102030405060708090a0b0c');
const RFC5869_INFO = hex('f0f1f2f3f4f5f6f7f8f9');
const RFC5869_OKM1 = '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865';
const RFC5869_OKM3 = '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8';

/** An Import of a Raw symmetric key with a usage mask (and any further attributes). */
function importKeyRequest(key: Uint8Array, algorithm: string, mask: number, extra: readonly TtlvNode[] = []): TtlvNode {
  const attrs = [enumeration('CryptographicAlgorithm', algorithm), int('CryptographicLength', key.length * 8)];
  return struct('Import', [
    text('UniqueIdentifier', ''),
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [...attrs, int('CryptographicUsageMask', mask), ...extra]),
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

async function createPair(fx: ActorFixture, algorithm: string, curve: string, privateAttributes: readonly TtlvNode[] = []): Promise<Pair> {
  const res = await fx.callAsync(struct('CreateKeyPair', [
    struct('CommonAttributes', [enumeration('CryptographicAlgorithm', algorithm), struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', curve)])]),
    struct('PrivateKeyAttributes', privateAttributes),
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

/** The protection flags stored with an object (undefined where the attribute is absent). */
function flags(fx: ActorFixture, uid: string): Record<'Sensitive' | 'Extractable' | 'AlwaysSensitive' | 'NeverExtractable', boolean | undefined> {
  const rec = fx.store.get(uid);
  assert.ok(rec !== undefined, `no record ${uid}`);
  const attrs = storedAttributes(rec);
  const flag = (tag: string): boolean | undefined => {
    const a = getAttribute(attrs, tag);
    return a?.type === 'Boolean' ? a.value : undefined;
  };
  return { Sensitive: flag('Sensitive'), Extractable: flag('Extractable'), AlwaysSensitive: flag('AlwaysSensitive'), NeverExtractable: flag('NeverExtractable') };
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
    // PBKDF2 runs on the thread pool, so its requests answer asynchronously.
    const deriveAsync = async (o: DeriveOptions): Promise<string> => textField(await fx.callAsync(deriveRequest(o)), 'UniqueIdentifier');
    const getHex = (uid: string): string => Buffer.from(fx.keyBytes(uid)).toString('hex');
    const createHmac = (...extra: TtlvNode[]): string =>
      textField(fx.call(createWithAttributes([enumeration('CryptographicAlgorithm', 'HMACSHA256'), int('CryptographicLength', 256), ...extra])), 'UniqueIdentifier');
    // For keys Get may not serve (Sensitive or not Extractable).
    const getHexStored = (uid: string): string => Buffer.from(storedBytes(fx, uid)).toString('hex');

    it('PBKDF2 derives the AES key node:crypto derives, which the server then encrypts with', async () => {
      const salt = hex('a1a2a3a4a5a6a7a8a9aaabacadaeaf');
      const uid = await deriveAsync({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: 4096, attributes: aes256(tagAttribute(['derived'])) });
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

    it('PBKDF2 with SHA-512 from a SecretData base into a SecretData object', async () => {
      const base = textField(fx.call(createWithAttributes([int('CryptographicLength', 256)], 'SecretData')), 'UniqueIdentifier');
      const secret = storedBytes(fx, base);
      const salt = hex('00112233445566778899');
      const uid = await deriveAsync({ objectType: 'SecretData', ids: [base], listForm: true, method: 'PBKDF2', hash: 'SHA512', salt, iterations: 1000n, attributes: [int('CryptographicLength', 512)] });
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

    it('bounds PBKDF2 work: IterationCount x output blocks over the limit is refused, naming the limit', () => {
      const salt = hex('0102030405060708');
      const limit = new RegExp(`limited to ${PBKDF2_MAX_WORK}`);
      const refused = { code: 'KMIP_ERROR', reason: 'Invalid_Field', message: limit } as const;
      // One SHA-256 block (an AES-256 key): the iteration count alone reaches the limit.
      fx.callError(deriveRequest({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: PBKDF2_MAX_WORK + 1, attributes: aes256() }), refused);
      // 1024 bytes of SHA-256 output are 32 blocks: far fewer iterations reach it.
      const secret1024 = [int('CryptographicLength', 8192)];
      fx.callError(deriveRequest({ objectType: 'SecretData', ids: [passwordKey], method: 'PBKDF2', salt, iterations: PBKDF2_MAX_WORK / 32 + 1, attributes: secret1024 }), refused);
      // SHA-1's 20-byte blocks: 1024 bytes are 52 of them.
      fx.callError(deriveRequest({ objectType: 'SecretData', ids: [passwordKey], method: 'PBKDF2', hash: 'SHA1', salt, iterations: Math.floor(PBKDF2_MAX_WORK / 52) + 1, attributes: secret1024 }), refused);
      fx.callError(deriveRequest({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: 2n ** 40n, attributes: aes256() }), refused);
    });

    it('accepts PBKDF2 work within the limit, many blocks included', async () => {
      const salt = hex('0102030405060708');
      const uid = await deriveAsync({ objectType: 'SecretData', ids: [passwordKey], method: 'PBKDF2', salt, iterations: 1000, attributes: [int('CryptographicLength', 8192)] });
      assert.equal(Buffer.from(storedBytes(fx, uid)).toString('hex'), pbkdf2Sync(password, salt, 1000, 1024, 'sha256').toString('hex'));
    });

    it('answers a PBKDF2 request with a promise (the derivation leaves the actor thread); HKDF answers at once', async () => {
      const salt = hex('0102030405060708');
      const body = Buffer.from(toJson(deriveRequest({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: 1000, attributes: aes256() })), 'utf8');
      const pending = fx.actor.handle('kmip', DEFAULT_USER, body);
      assert.ok(pending instanceof Promise);
      const uid = textField(parseResponse(await pending), 'UniqueIdentifier');
      assert.equal(getHex(uid), pbkdf2Sync(password, salt, 1000, 32, 'sha256').toString('hex'));
      const hkdf = fx.actor.handle('kmip', DEFAULT_USER, Buffer.from(toJson(deriveRequest({ ids: [passwordKey], method: 'HKDF', attributes: aes256() })), 'utf8'));
      assert.ok(!(hkdf instanceof Promise));
    });

    it('runs an asynchronous PBKDF2 item inside a batch in order with the items around it', async () => {
      const salt = hex('0102030405060708');
      const res = await fx.callAsync(messageRequest([
        deriveRequest({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: 1000, attributes: aes256(text('UniqueIdentifier', 'batch-derived')) }),
        deriveRequest({ ids: [passwordKey], method: 'PBKDF2', salt, iterations: PBKDF2_MAX_WORK + 1, attributes: aes256() }),
        getRequest('batch-derived'),
      ]));
      const items = structField(res, 'Items').value.filter((i): i is TtlvStructure => i.type === 'Structure');
      assert.deepEqual(items.map((i) => enumField(i, 'ResultStatus')), ['Success', 'OperationFailed', 'Success']);
      assert.equal(enumField(items[1] ?? struct('x', []), 'ResultReason'), 'Invalid_Field');
      assert.equal(Buffer.from(rawKeyOf(structField(items[2] ?? struct('x', []), 'ResponsePayload'))).toString('hex'), pbkdf2Sync(password, salt, 1000, 32, 'sha256').toString('hex'));
    });

    it('passes a Sensitive base on: the derived key is Sensitive, and AlwaysSensitive only if the base always was', () => {
      const mask = int('CryptographicUsageMask', USAGE.DeriveKey);
      const created = createHmac(mask, bool('Sensitive', true));
      assert.equal(flags(fx, created).AlwaysSensitive, true);
      const fromCreated = derive({ ids: [created], method: 'HKDF', attributes: aes256() });
      assert.deepEqual(flags(fx, fromCreated), { Sensitive: true, Extractable: undefined, AlwaysSensitive: true, NeverExtractable: false });
      fx.callError(getRequest(fromCreated), 'Sensitive');
      const imported = textField(fx.call(importKeyRequest(password, 'HMACSHA256', USAGE.DeriveKey, [bool('Sensitive', true)])), 'UniqueIdentifier');
      const fromImported = derive({ ids: [imported], method: 'HKDF', attributes: aes256() });
      assert.deepEqual(flags(fx, fromImported), { Sensitive: true, Extractable: undefined, AlwaysSensitive: false, NeverExtractable: false });
      // Asking for Sensitive does not make a key derived from a once-readable base AlwaysSensitive.
      const asked = derive({ ids: [passwordKey], method: 'HKDF', attributes: aes256(bool('Sensitive', true)) });
      assert.deepEqual(flags(fx, asked), { Sensitive: true, Extractable: undefined, AlwaysSensitive: false, NeverExtractable: false });
    });

    it('passes a non-Extractable base on: the derived key is not Extractable, and NeverExtractable only if the base never was', async () => {
      const mask = int('CryptographicUsageMask', USAGE.DeriveKey);
      const created = createHmac(mask, bool('Extractable', false));
      const fromCreated = await deriveAsync({ ids: [created], method: 'PBKDF2', salt: hex('01'), iterations: 10, attributes: aes256(bool('Extractable', true)) });
      assert.deepEqual(flags(fx, fromCreated), { Sensitive: undefined, Extractable: false, AlwaysSensitive: false, NeverExtractable: true });
      fx.callError(getRequest(fromCreated), 'Not_Extractable');
      const imported = textField(fx.call(importKeyRequest(password, 'HMACSHA256', USAGE.DeriveKey, [bool('Extractable', false)])), 'UniqueIdentifier');
      const fromImported = derive({ ids: [imported], method: 'HKDF', attributes: aes256() });
      assert.deepEqual(flags(fx, fromImported), { Sensitive: undefined, Extractable: false, AlwaysSensitive: false, NeverExtractable: false });
      const asked = derive({ ids: [passwordKey], method: 'HKDF', attributes: aes256(bool('Extractable', false)) });
      assert.deepEqual(flags(fx, asked), { Sensitive: undefined, Extractable: false, AlwaysSensitive: false, NeverExtractable: false });
      // A base that was always protected passes on both histories, into secret data too.
      const guarded = createHmac(mask, bool('Sensitive', true), bool('Extractable', false));
      const seed = derive({ objectType: 'SecretData', ids: [guarded], method: 'HKDF', attributes: [int('CryptographicLength', 256)] });
      assert.deepEqual(flags(fx, seed), { Sensitive: true, Extractable: false, AlwaysSensitive: true, NeverExtractable: true });
    });

    it('claims AlwaysSensitive / NeverExtractable from key agreement only when both private keys are stored here and always were protected', async () => {
      const guard = [bool('Sensitive', true), bool('Extractable', false)];
      const a = await createPair(fx, 'ECDH', 'CURVE25519', guard);
      const b = await createPair(fx, 'ECDH', 'CURVE25519', guard);
      const open = await createPair(fx, 'ECDH', 'CURVE25519');
      assert.deepEqual(flags(fx, a.priv), { Sensitive: true, Extractable: false, AlwaysSensitive: true, NeverExtractable: true });
      const both = derive({ ids: [a.priv, b.pub], method: 'AsymmetricKey', attributes: aes256() });
      assert.deepEqual(flags(fx, both), { Sensitive: true, Extractable: false, AlwaysSensitive: true, NeverExtractable: true });
      // The peer given as DerivationData: whoever holds its private key can compute the same key.
      const supplied = derive({ ids: [a.priv], method: 'AsymmetricKey', data: b.spki, attributes: aes256() });
      assert.deepEqual(flags(fx, supplied), { Sensitive: true, Extractable: false, AlwaysSensitive: false, NeverExtractable: false });
      assert.equal(getHexStored(supplied), getHexStored(both));
      // A stored peer whose private key could be read.
      const readable = derive({ ids: [a.priv, open.pub], method: 'AsymmetricKey', attributes: aes256() });
      assert.deepEqual(flags(fx, readable), { Sensitive: true, Extractable: false, AlwaysSensitive: false, NeverExtractable: false });
      // Our own unprotected private key passes nothing on, however protected the peer.
      const fromOpen = derive({ ids: [open.priv, a.pub], method: 'AsymmetricKey', attributes: aes256(bool('Sensitive', true)) });
      assert.deepEqual(flags(fx, fromOpen), { Sensitive: true, Extractable: undefined, AlwaysSensitive: false, NeverExtractable: false });
    });

    it('does not trust a PrivateKeyLink: a registered peer public key linked to a protected private key claims nothing', async () => {
      const guard = [bool('Sensitive', true), bool('Extractable', false)];
      const a = await createPair(fx, 'ECDH', 'CURVE25519', guard);
      const b = await createPair(fx, 'ECDH', 'CURVE25519', guard);
      const outside = await createPair(fx, 'ECDH', 'CURVE25519');
      // The client registers a public key whose private key it holds, linked to b's protected private key.
      const registered = textField(fx.call(rawImportRequest({
        objectType: 'PublicKey',
        keyFormatType: 'PKCS8',
        material: bytes('KeyMaterial', outside.spki),
        algorithm: 'ECDH',
        attributes: [
          int('CryptographicUsageMask', USAGE.KeyAgreement),
          struct('Link', [enumeration('LinkType', 'PrivateKeyLink'), text('LinkedObjectIdentifier', b.priv)]),
        ],
      })), 'UniqueIdentifier');
      assert.equal(linkedId(storedAttributes(fx.store.get(registered) ?? assert.fail('not stored')), 'PrivateKeyLink'), b.priv);
      const uid = derive({ ids: [a.priv, registered], method: 'AsymmetricKey', attributes: aes256() });
      assert.deepEqual(flags(fx, uid), { Sensitive: true, Extractable: false, AlwaysSensitive: false, NeverExtractable: false });
    });

    it('refuses incomplete or contradictory PBKDF2 and HKDF requests', () => {
      const salt = hex('0102030405060708');
      const base = { ids: [passwordKey], method: 'PBKDF2', attributes: aes256() };
      fx.callError(deriveRequest({ ...base, iterations: 1000 }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...base, salt }), 'Invalid_Message');
      fx.callError(deriveRequest({ ...base, salt, iterations: 0 }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, salt, iterations: 10_000_001 }), 'Invalid_Field');
      fx.callError(deriveRequest({ ...base, salt, iterations: -5 }), 'Invalid_Field');
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
      fx.callError(deriveRequest({ ...agree, ids: [x.priv] }), { code: 'KMIP_ERROR', reason: 'Invalid_Message', message: /needs the peer public key, as a second UniqueIdentifier or as DerivationData/ });
      fx.callError(deriveRequest({ ...agree, ids: [x.priv, p256.pub], data: x.spki }), { code: 'KMIP_ERROR', reason: 'Invalid_Message', message: /not both/ });
      fx.callError(deriveRequest({ ...agree, ids: [x.priv], data: hex('3000') }), 'Invalid_Field');
      const revoked = textField(fx.call(importKeyRequest(RFC5869_IKM, 'HMACSHA256', USAGE.DeriveKey)), 'UniqueIdentifier');
      fx.call(revokeRequest(revoked));
      fx.callError(deriveRequest({ ...hkdf, ids: [revoked] }), 'Item_Not_Found');
      fx.call(revokeRequest(x.pub));
      fx.callError(deriveRequest({ ...agree, ids: [p256.priv, x.pub] }), 'Item_Not_Found');
    });
  });
}
