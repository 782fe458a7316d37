import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { bytes, enumeration, int, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { DEFAULT_USER, openActorFixture, START_TIME, STORE_KINDS } from '../actor-fixture.js';
import {
  bytesField, decryptRequest, destroyRequest, encryptRequest, exportRequest, getAttributesRequest, getRequest, revokeRequest, structField, tagAttribute, textField,
} from '../../helpers/kmip-requests.js';
import { createWithAttributes, createWithoutLength, enumField, hexOf, intField, keyBlockOf, rawKeyOf, tagsOfAttributes } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const HOUR = 3_600_000;
const DATA = Buffer.from('lifecycle plaintext', 'utf8');
const OCCURRED = BigInt(START_TIME - HOUR);

const aesAttributes = (extra: readonly TtlvNode[] = [], bits = 256): (TtlvNode | undefined)[] => [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', bits), ...extra];
const nameAttribute = (name: string): TtlvNode => struct('Name', [text('NameValue', name), enumeration('NameType', 'UninterpretedTextString')]);
const offsetNode = (seconds: number): TtlvNode => ({ tag: 'Offset', type: 'Interval', value: seconds });
const reKeyRequest = (uid: string, extra: readonly TtlvNode[] = []): TtlvNode => struct('ReKey', [text('UniqueIdentifier', uid), ...extra]);
const reKeyPairRequest = (priv: string): TtlvNode => struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', priv)]);
const signRequest = (uid: string, data: Uint8Array): TtlvNode => struct('Sign', [text('UniqueIdentifier', uid), bytes('Data', data)]);
const verifyRequest = (uid: string, data: Uint8Array, sig: Uint8Array): TtlvNode => struct('SignatureVerify', [text('UniqueIdentifier', uid), bytes('Data', data), bytes('SignatureData', sig)]);

/** A CreateKeyPair request; `privateExtra` goes to the private key alone. */
function pairRequest(algorithm: 'RSA' | 'EC', privateExtra: readonly TtlvNode[] = []): TtlvNode {
  const spec = algorithm === 'RSA' ? int('CryptographicLength', 2048) : struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', 'P256')]);
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [enumeration('CryptographicAlgorithm', algorithm), spec, tagAttribute(['pair-tag'])]),
    privateExtra.length === 0 ? undefined : struct('PrivateKeyAttributes', privateExtra),
  ]);
}

/** The links of an attribute list as `type -> identifier`, whether Link is one structure or Cosmian's list. */
function linksOf(attrs: TtlvStructure): Map<string, string> {
  const out = new Map<string, string>();
  const read = (n: TtlvNode): void => {
    if (n.type !== 'Structure') return;
    if (n.value.some((c) => c.tag === 'LinkType')) out.set(enumField(n, 'LinkType'), textField(n, 'LinkedObjectIdentifier'));
    else n.value.forEach(read);
  };
  attrs.value.filter((a) => a.tag === 'Link').forEach(read);
  return out;
}

/** A date attribute in milliseconds, whichever wire form it has. */
function dateMs(attrs: TtlvStructure, tag: string): number | undefined {
  const n = attrs.value.find((a) => a.tag === tag);
  if (n === undefined) return undefined;
  if (n.type === 'LongInteger') return Number(n.value);
  if (n.type === 'DateTime') return n.value.getTime();
  throw new Error(`${tag} is ${n.type}`);
}

for (const kind of STORE_KINDS) {
  describe(`Lifecycle operations (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const createdId = (res: TtlvStructure): string => textField(res, 'UniqueIdentifier');
    const attrs = (uid: string): TtlvStructure => structField(fx.call(getAttributesRequest(uid)), 'Attributes');
    const state = (uid: string): string => enumField(structField(fx.call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State');
    const seal = (uid: string): { data: Uint8Array; nonce: Uint8Array; tag: Uint8Array } => {
      const res = fx.call(encryptRequest(uid, DATA));
      return { data: bytesField(res, 'Data'), nonce: bytesField(res, 'IvCounterNonce'), tag: bytesField(res, 'AuthenticatedEncryptionTag') };
    };
    const open = (uid: string, s: { data: Uint8Array; nonce: Uint8Array; tag: Uint8Array }): string => hexOf(bytesField(fx.call(decryptRequest(uid, s.data, s.nonce, s.tag)), 'Data'));
    const pair = async (algorithm: 'RSA' | 'EC', privateExtra: readonly TtlvNode[] = []): Promise<{ priv: string; pub: string }> => {
      const res = await fx.callAsync(pairRequest(algorithm, privateExtra));
      return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
    };

    for (const [form, date] of [['LongInteger milliseconds', long('ActivationDate', BigInt(START_TIME + HOUR))], ['DateTime', { tag: 'ActivationDate', type: 'DateTime', value: new Date(START_TIME + HOUR) }]] as const) {
      it(`keeps a key with a future ActivationDate (${form}) PreActive, unusable for Encrypt, until the date passes`, () => {
        const uid = createdId(fx.call(createWithAttributes(aesAttributes([date]))));
        assert.equal(state(uid), 'PreActive');
        // A PreActive key is not found by operations that need an Active one.
        fx.callError(encryptRequest(uid, DATA), 'Item_Not_Found');
        fx.advance(HOUR - 1);
        assert.equal(state(uid), 'PreActive');
        fx.advance(1);
        assert.equal(state(uid), 'Active');
        assert.equal(open(uid, seal(uid)), hexOf(DATA));
      });
    }

    it('deactivates a key when its DeactivationDate passes: Encrypt refused, Decrypt still works', () => {
      const uid = createdId(fx.call(createWithAttributes(aesAttributes([long('DeactivationDate', BigInt(START_TIME + HOUR))]))));
      const sealed = seal(uid);
      fx.advance(HOUR);
      assert.equal(state(uid), 'Deactivated');
      fx.callError(encryptRequest(uid, DATA), 'Item_Not_Found');
      assert.equal(open(uid, sealed), hexOf(DATA));
    });

    it('activates a PreActive key at once (ActivationDate becomes now) and refuses to activate an Active one', () => {
      const uid = createdId(fx.call(createWithAttributes(aesAttributes([long('ActivationDate', BigInt(START_TIME + 10 * HOUR))]))));
      fx.advance(1234);
      const res = fx.call(struct('Activate', [text('UniqueIdentifier', uid)]));
      assert.equal(res.tag, 'ActivateResponse');
      assert.equal(textField(res, 'UniqueIdentifier'), uid);
      assert.equal(state(uid), 'Active');
      assert.equal(dateMs(attrs(uid), 'ActivationDate'), START_TIME + 1234);
      assert.equal(open(uid, seal(uid)), hexOf(DATA));
      fx.callError(struct('Activate', [text('UniqueIdentifier', uid)]), 'Wrong_Key_Lifecycle_State');
    });

    it('re-keys a symmetric key: new id and bytes, same algorithm and length, linked both ways, names, tags and usage carried over', () => {
      const old = createdId(fx.call(createWithAttributes(aesAttributes([nameAttribute('payments'), int('CryptographicUsageMask', USAGE.Encrypt | USAGE.Decrypt), tagAttribute(['rotate-me'])], 192))));
      const sealed = seal(old);
      const res = fx.call(reKeyRequest(old));
      assert.equal(res.tag, 'ReKeyResponse');
      const fresh = createdId(res);
      assert.notEqual(fresh, old);
      assert.notEqual(hexOf(fx.keyBytes(fresh)), hexOf(fx.keyBytes(old)));
      const a = attrs(fresh);
      assert.equal(enumField(a, 'CryptographicAlgorithm'), 'AES');
      assert.equal(intField(a, 'CryptographicLength'), 192);
      assert.equal(intField(a, 'CryptographicUsageMask'), USAGE.Encrypt | USAGE.Decrypt);
      assert.equal(textField(structField(a, 'Name'), 'NameValue'), 'payments');
      assert.ok(tagsOfAttributes(a)?.includes('rotate-me'));
      assert.equal(linksOf(a).get('ReplacedObjectLink'), old);
      assert.equal(linksOf(attrs(old)).get('ReplacementObjectLink'), fresh);
      assert.equal(state(fresh), 'Active');
      assert.equal(open(old, sealed), hexOf(DATA), 'the old key still decrypts what it encrypted');
      assert.equal(open(fresh, seal(fresh)), hexOf(DATA));
      fx.callError(reKeyRequest(old), 'Wrong_Key_Lifecycle_State');
      assert.notEqual(createdId(fx.call(reKeyRequest(fresh))), fresh, 'the replacement can be re-keyed in turn');
    });

    it('re-keys with an Offset: the new key stays PreActive until the offset passes', () => {
      const old = fx.create();
      const fresh = createdId(fx.call(reKeyRequest(old, [offsetNode(3600)])));
      assert.equal(state(fresh), 'PreActive');
      assert.equal(dateMs(attrs(fresh), 'ActivationDate'), START_TIME + HOUR);
      fx.callError(encryptRequest(fresh, DATA), 'Item_Not_Found');
      fx.advance(HOUR);
      assert.equal(state(fresh), 'Active');
      assert.equal(open(fresh, seal(fresh)), hexOf(DATA));
    });

    it('refuses to re-key a key registered wrapped, whose algorithm and length are only what its client claimed', () => {
      const wrapped = createdId(fx.call(struct('Register', [
        enumeration('ObjectType', 'SymmetricKey'),
        struct('Attributes', []),
        struct('Object', [struct('KeyBlock', [
          enumeration('KeyFormatType', 'Raw'),
          struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', new Uint8Array(40).fill(7))])]),
          enumeration('CryptographicAlgorithm', 'AES'),
          int('CryptographicLength', 256),
          struct('KeyWrappingData', [enumeration('WrappingMethod', 'Encrypt')]),
        ])]),
      ])));
      const before = fx.store.count({ owner: DEFAULT_USER });
      fx.callError(reKeyRequest(wrapped), { code: 'KMIP_ERROR', reason: 'Invalid_Object_Type', message: /stored wrapped/ });
      assert.equal(fx.store.count({ owner: DEFAULT_USER }), before, 'no replacement was stored');
    });

    it('refuses to re-key a record whose algorithm and length no new key may have, instead of making any key it claims', () => {
      const uid = fx.create();
      const rec = fx.store.get(uid);
      assert.ok(rec !== undefined);
      const claim = (cryptographicAlgorithm: string, cryptographicLength: number): void => {
        fx.store.update({ ...rec, cryptographicAlgorithm, cryptographicLength });
      };
      // 2^27 bits would be a 16 MiB key; 100 bits is no whole number of bytes (once a RangeError, seen as INTERNAL).
      for (const [algorithm, bits] of [['AES', 2 ** 27], ['AES', 100], ['HMACSHA256', 2 ** 27], ['HMACSHA256', 100], ['ChaCha20', 128]] as const) {
        claim(algorithm, bits);
        fx.callError(reKeyRequest(uid), { code: 'KMIP_ERROR', reason: 'Invalid_Attribute_Value', message: new RegExp(`not ${bits}`) });
      }
      claim('RSA', 2048);
      fx.callError(reKeyRequest(uid), 'Feature_Not_Supported');
      claim('AES', 256);
      assert.notEqual(createdId(fx.call(reKeyRequest(uid))), uid, 'refused attempts left the key re-keyable');
    });

    for (const algorithm of ['RSA', 'EC'] as const) {
      it(`re-keys an ${algorithm} key pair: new linked pair, replacement links on both halves, old public key still verifies`, async () => {
        const old = await pair(algorithm);
        const oldSig = bytesField(fx.call(signRequest(old.priv, DATA)), 'SignatureData');
        const res = await fx.callAsync(reKeyPairRequest(old.priv));
        assert.equal(res.tag, 'ReKeyKeyPairResponse');
        const fresh = { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
        assert.equal(new Set([old.priv, old.pub, fresh.priv, fresh.pub]).size, 4);
        const [np, nq, op, oq] = [fresh.priv, fresh.pub, old.priv, old.pub].map((u) => attrs(u)) as [TtlvStructure, TtlvStructure, TtlvStructure, TtlvStructure];
        assert.equal(linksOf(np).get('PublicKeyLink'), fresh.pub);
        assert.equal(linksOf(nq).get('PrivateKeyLink'), fresh.priv);
        assert.equal(linksOf(np).get('ReplacedObjectLink'), old.priv);
        assert.equal(linksOf(nq).get('ReplacedObjectLink'), old.pub);
        assert.equal(linksOf(op).get('ReplacementObjectLink'), fresh.priv);
        assert.equal(linksOf(oq).get('ReplacementObjectLink'), fresh.pub);
        assert.equal(intField(np, 'CryptographicLength'), algorithm === 'RSA' ? 2048 : 256);
        assert.ok(tagsOfAttributes(nq)?.includes('pair-tag'));
        const sig = bytesField(fx.call(signRequest(fresh.priv, DATA)), 'SignatureData');
        assert.equal(enumField(fx.call(verifyRequest(fresh.pub, DATA, sig)), 'ValidityIndicator'), 'Valid');
        assert.equal(enumField(fx.call(verifyRequest(old.pub, DATA, oldSig)), 'ValidityIndicator'), 'Valid');
        assert.equal(enumField(fx.call(verifyRequest(old.pub, DATA, sig)), 'ValidityIndicator'), 'Invalid');
        await fx.callErrorAsync(reKeyPairRequest(old.priv), 'Wrong_Key_Lifecycle_State');
      });
    }

    it('revokes the public key with its private key, and either half revokes the other', async () => {
      const a = await pair('EC');
      fx.call(revokeRequest(a.priv, 'retired'));
      assert.deepEqual([state(a.priv), state(a.pub)], ['Deactivated', 'Deactivated']);
      const b = await pair('EC');
      fx.call(revokeRequest(b.pub, 'retired'));
      assert.deepEqual([state(b.priv), state(b.pub)], ['Deactivated', 'Deactivated']);
    });

    it('needs a CompromiseOccurrenceDate for KeyCompromise, then marks both halves Compromised', async () => {
      const p = await pair('EC');
      fx.callError(revokeRequest(p.priv, { code: 'KeyCompromise' }), 'Missing_Data');
      assert.deepEqual([state(p.priv), state(p.pub)], ['Active', 'Active']);
      fx.call(revokeRequest(p.priv, { code: 'KeyCompromise', occurred: OCCURRED }));
      assert.deepEqual([state(p.priv), state(p.pub)], ['Compromised', 'Compromised']);
      assert.equal(dateMs(attrs(p.pub), 'CompromiseOccurrenceDate'), Number(OCCURRED));
    });

    it('refuses to Destroy either half of a pair while one of them is Active', async () => {
      // The private key waits for its ActivationDate; the public key is Active at once.
      const p = await pair('EC', [long('ActivationDate', BigInt(START_TIME + HOUR))]);
      assert.deepEqual([state(p.priv), state(p.pub)], ['PreActive', 'Active']);
      const err = fx.callError(destroyRequest(p.priv), 'Wrong_Key_Lifecycle_State');
      assert.match(err.message, new RegExp(p.pub));
      fx.callError(destroyRequest(p.pub), 'Wrong_Key_Lifecycle_State');
      assert.deepEqual([state(p.priv), state(p.pub)], ['PreActive', 'Active']);
    });

    it('destroys both halves when the revoked private key is destroyed: Export shows them Destroyed and empty', async () => {
      const p = await pair('RSA');
      fx.call(revokeRequest(p.priv, 'retired'));
      fx.call(destroyRequest(p.priv));
      for (const uid of [p.priv, p.pub]) {
        assert.equal(state(uid), 'Destroyed');
        const exported = fx.call(exportRequest(uid));
        assert.equal(enumField(keyBlockOf(exported), 'KeyFormatType'), 'Opaque');
        assert.equal(rawKeyOf(exported).length, 0);
        assert.ok(dateMs(structField(exported, 'Attributes'), 'DestroyDate') !== undefined);
        fx.callError(getRequest(uid), 'Item_Not_Found');
      }
    });

    it('creates SecretData (256 bits by default)', () => {
      const res = fx.call(createWithAttributes([], 'SecretData'));
      assert.equal(enumField(res, 'ObjectType'), 'SecretData');
      const uid = createdId(res);
      assert.equal(intField(attrs(uid), 'CryptographicLength'), 256);
      const got = fx.call(getRequest(uid));
      assert.equal(enumField(structField(got, 'Object'), 'SecretDataType'), 'Seed');
      assert.equal(rawKeyOf(got).length, 32);
    });

    for (const [algorithm, bits, hash] of [['HMACSHA256', 256, 'sha256'], ['HMACSHA384', 384, 'sha384'], ['HMACSHA512', 512, 'sha512']] as const) {
      it(`creates ${algorithm} keys of ${bits} bits by default that the MAC operation uses`, () => {
        const uid = createdId(fx.call(createWithoutLength(algorithm)));
        assert.equal(intField(attrs(uid), 'CryptographicLength'), bits);
        const key = fx.keyBytes(uid);
        assert.equal(key.length, bits / 8);
        const mac = bytesField(fx.call(struct('MAC', [text('UniqueIdentifier', uid), bytes('Data', DATA)])), 'MACData');
        assert.equal(hexOf(mac), hexOf(createHmac(hash, key).update(DATA).digest()));
      });
    }

    it('refuses Create of a PrivateKey with a hint to use CreateKeyPair', () => {
      const err = fx.callError(createWithAttributes([enumeration('CryptographicAlgorithm', 'RSA'), int('CryptographicLength', 2048)], 'PrivateKey'), 'Feature_Not_Supported');
      assert.match(err.message, /CreateKeyPair/);
    });
  });
}
