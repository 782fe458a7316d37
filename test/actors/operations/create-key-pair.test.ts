import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { int, text } from '../../../src/kmip/ttlv/build.js';
import { linksOf } from '../../../src/kmip/links.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { getAttributesRequest, getRequest, structField, tagAttribute, textField } from '../../helpers/kmip-requests.js';
import { enumField, intField, rawKeyOf, tagsOfAttributes } from '../helpers.js';
import { createKeyPairRequest, createPair, privateDer, publicDer, spkiOf, type PairIds, type PairOptions } from '../asymmetric-helpers.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';
import type { ResultReason } from '../../../src/kmip/kmip-error.js';

/** A pair to generate and what it must turn out to be. */
interface PairCase {
  readonly name: string;
  readonly request: PairOptions;
  /** Node's asymmetricKeyType, and the named curve for NIST keys. */
  readonly type: 'rsa' | 'ec' | 'ed25519' | 'x25519';
  readonly namedCurve?: string;
  /** The CryptographicAlgorithm both keys carry, their length and their RecommendedCurve. */
  readonly algorithm: string;
  readonly bits: number;
  readonly curve?: string;
  readonly privateMask: number;
  readonly publicMask: number;
  readonly plainOnly?: boolean;
}

const RSA_MASKS = { privateMask: USAGE.Sign | USAGE.Decrypt | USAGE.UnwrapKey, publicMask: USAGE.Verify | USAGE.Encrypt | USAGE.WrapKey };
const EC_MASKS: Readonly<Record<string, { privateMask: number; publicMask: number }>> = {
  EC: { privateMask: USAGE.Sign | USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Decrypt, publicMask: USAGE.Verify | USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Encrypt },
  ECDSA: { privateMask: USAGE.Sign, publicMask: USAGE.Verify },
  ECDH: { privateMask: USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Decrypt, publicMask: USAGE.KeyAgreement | USAGE.DeriveKey | USAGE.Encrypt },
};
const SIGN_MASKS = { privateMask: USAGE.Sign, publicMask: USAGE.Verify };
const X25519_MASKS = EC_MASKS.ECDH ?? SIGN_MASKS;

const NIST = [['P256', 'prime256v1', 256], ['P384', 'secp384r1', 384], ['P521', 'secp521r1', 521]] as const;

const CASES: readonly PairCase[] = [
  { name: 'RSA 2048', request: { algorithm: 'RSA', length: 2048 }, type: 'rsa', algorithm: 'RSA', bits: 2048, ...RSA_MASKS },
  { name: 'RSA 3072', request: { algorithm: 'RSA', length: 3072 }, type: 'rsa', algorithm: 'RSA', bits: 3072, ...RSA_MASKS, plainOnly: true },
  { name: 'RSA 4096', request: { algorithm: 'RSA', length: 4096 }, type: 'rsa', algorithm: 'RSA', bits: 4096, ...RSA_MASKS, plainOnly: true },
  ...['EC', 'ECDSA', 'ECDH'].flatMap((algorithm) =>
    NIST.map(([curve, namedCurve, bits]): PairCase => ({
      name: `${algorithm} ${curve}`, request: { algorithm, curve }, type: 'ec', namedCurve, algorithm, bits, curve, ...(EC_MASKS[algorithm] ?? SIGN_MASKS),
    })),
  ),
  { name: 'ECDSA P384 named by CryptographicLength 384', request: { algorithm: 'ECDSA', length: 384 }, type: 'ec', namedCurve: 'secp384r1', algorithm: 'ECDSA', bits: 384, curve: 'P384', ...SIGN_MASKS },
  { name: 'Ed25519', request: { algorithm: 'Ed25519' }, type: 'ed25519', algorithm: 'Ed25519', bits: 256, curve: 'CURVEED25519', ...SIGN_MASKS },
  { name: 'Ed25519 with CURVEED25519', request: { algorithm: 'Ed25519', curve: 'CURVEED25519' }, type: 'ed25519', algorithm: 'Ed25519', bits: 256, curve: 'CURVEED25519', ...SIGN_MASKS },
  { name: 'EC with CURVEED25519', request: { algorithm: 'EC', curve: 'CURVEED25519' }, type: 'ed25519', algorithm: 'Ed25519', bits: 256, curve: 'CURVEED25519', ...SIGN_MASKS },
  { name: 'ECDH with CURVE25519', request: { algorithm: 'ECDH', curve: 'CURVE25519' }, type: 'x25519', algorithm: 'ECDH', bits: 255, curve: 'CURVE25519', ...X25519_MASKS },
  { name: 'ECDH with no curve (X25519 by default)', request: { algorithm: 'ECDH' }, type: 'x25519', algorithm: 'ECDH', bits: 255, curve: 'CURVE25519', ...X25519_MASKS },
  { name: 'EC with no curve (X25519 by default)', request: { algorithm: 'EC' }, type: 'x25519', algorithm: 'ECDH', bits: 255, curve: 'CURVE25519', ...X25519_MASKS },
];

const attributesOf = (fx: ActorFixture, uid: string): TtlvStructure => structField(fx.call(getAttributesRequest(uid)), 'Attributes');

/** The links of an object, as type -> identifier. */
function linkMap(attrs: TtlvStructure): Record<string, string> {
  return Object.fromEntries(linksOf(attrs.value).map((l) => [l.type, l.id]));
}

function checkKey(fx: ActorFixture, c: PairCase, uid: string, objectType: string, mask: number, tags: readonly string[]): void {
  const attrs = attributesOf(fx, uid);
  assert.equal(enumField(attrs, 'ObjectType'), objectType);
  assert.equal(enumField(attrs, 'CryptographicAlgorithm'), c.algorithm);
  assert.equal(intField(attrs, 'CryptographicLength'), c.bits);
  assert.equal(intField(attrs, 'CryptographicUsageMask'), mask, `${objectType} usage mask`);
  // State is reported by reference only, as Cosmian's full listing leaves it out.
  assert.equal(enumField(structField(fx.call(getAttributesRequest(uid, ['State'])), 'Attributes'), 'State'), 'Active');
  if (c.curve !== undefined) assert.equal(enumField(structField(attrs, 'CryptographicDomainParameters'), 'RecommendedCurve'), c.curve);
  assert.deepEqual(tagsOfAttributes(attrs)?.sort(), [...tags].sort());
}

for (const kind of STORE_KINDS) {
  describe(`CreateKeyPair (${kind} store)`, () => {
    let fx: ActorFixture;
    before(() => {
      fx = openActorFixture(kind);
    });
    after(() => {
      fx.close();
    });

    for (const c of CASES.filter((x) => x.plainOnly !== true || kind === 'plain')) {
      it(`${c.name}: two linked keys of the right kind, tagged _sk/_pk with the default usage masks`, async () => {
        const res = await fx.callAsync(createKeyPairRequest({ ...c.request, common: [tagAttribute(['pair', c.name])] }));
        assert.equal(res.tag, 'CreateKeyPairResponse');
        const [priv, pub] = [textField(res, 'PrivateKeyUniqueIdentifier'), textField(res, 'PublicKeyUniqueIdentifier')];
        assert.notEqual(priv, pub);
        checkKey(fx, c, priv, 'PrivateKey', c.privateMask, ['_sk', 'pair', c.name]);
        checkKey(fx, c, pub, 'PublicKey', c.publicMask, ['_pk', 'pair', c.name]);
        assert.deepEqual(linkMap(attributesOf(fx, priv)), { PublicKeyLink: pub });
        assert.deepEqual(linkMap(attributesOf(fx, pub)), { PrivateKeyLink: priv });
        // The two halves belong together and are what the attributes say.
        const publicKey = publicDer(rawKeyOf(fx.call(getRequest(pub, 'PKCS8'))), 'spki');
        const privateKey = privateDer(rawKeyOf(fx.call(getRequest(priv, 'PKCS8'))), 'pkcs8');
        assert.equal(publicKey.asymmetricKeyType, c.type);
        assert.deepEqual(spkiOf(privateKey), spkiOf(publicKey));
        if (c.type === 'rsa') assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, c.bits);
        if (c.namedCurve !== undefined) assert.equal(publicKey.asymmetricKeyDetails?.namedCurve, c.namedCurve);
      });
    }

    it('gives each call a fresh pair', async () => {
      const a = await createPair(fx, { algorithm: 'Ed25519' });
      const b = await createPair(fx, { algorithm: 'Ed25519' });
      assert.equal(new Set([a.priv, a.pub, b.priv, b.pub]).size, 4);
      assert.notDeepEqual(rawKeyOf(fx.call(getRequest(a.pub, 'Raw'))), rawKeyOf(fx.call(getRequest(b.pub, 'Raw'))));
    });

    it('adds private-only and public-only tags to the common ones', async () => {
      const ids = await createPair(fx, {
        algorithm: 'ECDSA', curve: 'P256', common: [tagAttribute(['both'])],
        privateAttributes: [tagAttribute(['secret-half'])], publicAttributes: [tagAttribute(['public-half'])],
      });
      assert.deepEqual(tagsOfAttributes(attributesOf(fx, ids.priv))?.sort(), ['_sk', 'both', 'secret-half']);
      assert.deepEqual(tagsOfAttributes(attributesOf(fx, ids.pub))?.sort(), ['_pk', 'both', 'public-half']);
    });

    it('takes the usage masks of PrivateKeyAttributes and PublicKeyAttributes over the defaults and the common mask', async () => {
      const own = await createPair(fx, {
        algorithm: 'RSA', length: 2048,
        privateAttributes: [int('CryptographicUsageMask', USAGE.Decrypt)], publicAttributes: [int('CryptographicUsageMask', USAGE.Encrypt)],
      });
      assert.equal(intField(attributesOf(fx, own.priv), 'CryptographicUsageMask'), USAGE.Decrypt);
      assert.equal(intField(attributesOf(fx, own.pub), 'CryptographicUsageMask'), USAGE.Encrypt);
      const common = await createPair(fx, {
        algorithm: 'EC', curve: 'P384', common: [int('CryptographicUsageMask', USAGE.DeriveKey)],
        publicAttributes: [int('CryptographicUsageMask', USAGE.Verify)],
      });
      assert.equal(intField(attributesOf(fx, common.priv), 'CryptographicUsageMask'), USAGE.DeriveKey);
      assert.equal(intField(attributesOf(fx, common.pub), 'CryptographicUsageMask'), USAGE.Verify);
    });

    it('honours the UniqueIdentifier asked for in PrivateKeyAttributes and PublicKeyAttributes', async () => {
      const named = await createPair(fx, { algorithm: 'Ed25519', privateAttributes: [text('UniqueIdentifier', `sk-${kind}`)] });
      assert.equal(named.priv, `sk-${kind}`);
      assert.notEqual(named.pub, named.priv);
      assert.deepEqual(linkMap(attributesOf(fx, named.pub)), { PrivateKeyLink: `sk-${kind}` });
      const both: PairIds = await createPair(fx, {
        algorithm: 'ECDH', curve: 'CURVE25519',
        privateAttributes: [text('UniqueIdentifier', 'x-sk')], publicAttributes: [text('UniqueIdentifier', 'x-pk')],
      });
      assert.deepEqual(both, { priv: 'x-sk', pub: 'x-pk' });
      assert.deepEqual(linkMap(attributesOf(fx, 'x-sk')), { PublicKeyLink: 'x-pk' });
    });

    it('refuses identifiers that exist, or one identifier for both keys, and stores neither key', async () => {
      await createPair(fx, { algorithm: 'Ed25519', privateAttributes: [text('UniqueIdentifier', 'taken')] });
      await fx.callErrorAsync(createKeyPairRequest({ algorithm: 'Ed25519', privateAttributes: [text('UniqueIdentifier', 'taken')] }), 'Object_Already_Exists');
      await fx.callErrorAsync(
        createKeyPairRequest({ algorithm: 'Ed25519', privateAttributes: [text('UniqueIdentifier', 'fresh-sk')], publicAttributes: [text('UniqueIdentifier', 'taken')] }),
        'Object_Already_Exists',
      );
      fx.callError(getRequest('fresh-sk'), 'Item_Not_Found');
      await fx.callErrorAsync(
        createKeyPairRequest({ algorithm: 'Ed25519', privateAttributes: [text('UniqueIdentifier', 'same')], publicAttributes: [text('UniqueIdentifier', 'same')] }),
        'Invalid_Field',
      );
      fx.callError(getRequest('same'), 'Item_Not_Found');
    });

    const REFUSED: readonly [string, PairOptions, ResultReason][] = [
      ['RSA 1024', { algorithm: 'RSA', length: 1024 }, 'Invalid_Attribute_Value'],
      ['RSA 2047', { algorithm: 'RSA', length: 2047 }, 'Invalid_Attribute_Value'],
      ['RSA without a length', { algorithm: 'RSA' }, 'Invalid_Message'],
      ['EC on P192', { algorithm: 'EC', curve: 'P192' }, 'Feature_Not_Supported'],
      ['ECDSA on CURVE448', { algorithm: 'ECDSA', curve: 'CURVE448' }, 'Feature_Not_Supported'],
      ['EC on a curve no one knows', { algorithm: 'EC', curve: 'SECP256K1' }, 'Invalid_Field'],
      ['ECDSA on CURVE25519', { algorithm: 'ECDSA', curve: 'CURVE25519' }, 'Invalid_Attribute_Value'],
      ['ECDH on CURVEED25519', { algorithm: 'ECDH', curve: 'CURVEED25519' }, 'Invalid_Attribute_Value'],
      ['Ed25519 on P256', { algorithm: 'Ed25519', curve: 'P256' }, 'Invalid_Attribute_Value'],
      ['no algorithm', { curve: 'P256' }, 'Invalid_Message'],
      ['an AES key pair', { algorithm: 'AES', length: 256 }, 'Feature_Not_Supported'],
      ['a reserved tag', { algorithm: 'Ed25519', common: [tagAttribute(['_sk'])] }, 'Invalid_Attribute_Value'],
    ];
    for (const [name, request, reason] of REFUSED) {
      it(`refuses ${name} with ${reason}`, async () => {
        await fx.callErrorAsync(createKeyPairRequest(request), reason);
      });
    }
  });
}
