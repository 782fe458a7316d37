/**
 * Trusted wrapping keys when more than one user is involved: a grantee who may Get a Sensitive
 * key receives it only wrapped under a trusted key of the key's owner; a key a client imported
 * or registered is never trusted, whatever it claims; and a public wrapping key is trusted only
 * through a private key that truly is its pair.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { bool, bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { addAttributeRequest } from '../attribute-helpers.js';
import { createKeyPairRequest, createTrustedKek, fetchRequest, WRAP_ONLY_MASK, wrappingSpec } from '../asymmetric-helpers.js';
import { createWithAttributes, keyBlockOf, rawImportRequest } from '../helpers.js';
import { deleteAttributeRequest, getAttributesRequest, structField, textField } from '../../helpers/kmip-requests.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const ALICE = 'alice';
const BOB = 'bob';
const WRAP_KEY = 0x10;
const UNWRAP_KEY = 0x20;

let outsider: { publicKey: KeyObject } | undefined;
/** An RSA public key whose private key the client holds (made once: RSA generation is slow). */
function outsideSpki(): Uint8Array {
  outsider ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  return new Uint8Array(outsider.publicKey.export({ format: 'der', type: 'spki' }));
}

const link = (type: string, id: string): TtlvNode => struct('Link', [enumeration('LinkType', type), text('LinkedObjectIdentifier', id)]);

/** Attributes a client might send to pass its own key off as a trusted one. */
const CLAIMS: readonly TtlvNode[] = [
  int('CryptographicUsageMask', WRAP_ONLY_MASK),
  bool('Sensitive', true),
  bool('Extractable', false),
  bool('AlwaysSensitive', true),
  bool('NeverExtractable', true),
];

function isWrapped(fx: ActorFixture, uid: string, kek: string, user: string, rsa = false): boolean {
  const res = fx.call(fetchRequest('Get', uid, undefined, wrappingSpec(kek, rsa ? { algorithm: 'AES' } : {})), user);
  return keyBlockOf(res).value.some((n) => n.tag === 'KeyWrappingData');
}

function flags(fx: ActorFixture, uid: string, user: string): Record<string, unknown> {
  const attrs = structField(fx.call(getAttributesRequest(uid, ['AlwaysSensitive', 'NeverExtractable']), user), 'Attributes');
  const read = (tag: string): unknown => attrs.value.find((n) => n.tag === tag)?.value;
  return { AlwaysSensitive: read('AlwaysSensitive'), NeverExtractable: read('NeverExtractable') };
}

async function pairOf(fx: ActorFixture, user: string, trusted: boolean, publicUid?: string): Promise<{ priv: string; pub: string }> {
  const res = await fx.callAsync(createKeyPairRequest({
    algorithm: 'RSA',
    length: 2048,
    privateAttributes: trusted ? [bool('Sensitive', true), bool('Extractable', false), int('CryptographicUsageMask', UNWRAP_KEY)] : [],
    publicAttributes: [int('CryptographicUsageMask', WRAP_KEY), ...(publicUid === undefined ? [] : [text('UniqueIdentifier', publicUid)])],
  }), user);
  return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
}

for (const kind of STORE_KINDS) {
  describe(`Trusted wrapping keys across users (${kind} store)`, () => {
    let fx: ActorFixture;
    let secret: string;
    beforeEach(() => {
      fx = openActorFixture(kind);
      secret = textField(fx.call(createWithAttributes([
        enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), bool('Sensitive', true),
      ]), ALICE), 'UniqueIdentifier');
      fx.grant(secret, BOB, ['get'], ALICE);
    });
    afterEach(() => {
      fx.close();
    });

    it('refuses a grantee holding get the Sensitive key wrapped under an AES key it imported or registered', () => {
      const known = new Uint8Array(randomBytes(32));
      const material = { keyFormatType: 'Raw', material: bytes('KeyMaterial', known), algorithm: 'AES', blockLength: 256 };
      const imported = textField(fx.call(rawImportRequest({ ...material, uid: 'bobs-known-key', attributes: CLAIMS }), BOB), 'UniqueIdentifier');
      const registered = textField(fx.call(struct('Register', [
        enumeration('ObjectType', 'SymmetricKey'),
        struct('Attributes', CLAIMS),
        struct('Object', [struct('KeyBlock', [enumeration('KeyFormatType', 'Raw'), struct('KeyValue', [bytes('KeyMaterial', known)]), enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)])]),
      ]), BOB), 'UniqueIdentifier');
      for (const kek of [imported, registered]) {
        // Whatever it claimed, a key a client supplied was known outside the server.
        assert.deepEqual(flags(fx, kek, BOB), { AlwaysSensitive: false, NeverExtractable: false });
        fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(kek)), 'Sensitive', BOB);
      }
    });

    it('keeps AlwaysSensitive and NeverExtractable off every key a client supplies, even its owner', () => {
      const known = new Uint8Array(randomBytes(32));
      const kek = textField(fx.call(rawImportRequest({ keyFormatType: 'Raw', material: bytes('KeyMaterial', known), algorithm: 'AES', blockLength: 256, attributes: CLAIMS }), ALICE), 'UniqueIdentifier');
      assert.deepEqual(flags(fx, kek, ALICE), { AlwaysSensitive: false, NeverExtractable: false });
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(kek)), 'Sensitive', ALICE);
      const generated = createTrustedKek(fx, undefined, ALICE);
      assert.deepEqual(flags(fx, generated, ALICE), { AlwaysSensitive: true, NeverExtractable: true });
      assert.ok(isWrapped(fx, secret, generated, ALICE));
    });

    it("wraps for a grantee only under the owner's trusted key, never under the grantee's own", () => {
      const bobs = createTrustedKek(fx, 'bobs-trusted', BOB);
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(bobs)), 'Sensitive', BOB);
      const alices = createTrustedKek(fx, 'alices-trusted', ALICE);
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(alices)), 'Item_Not_Found', BOB);
      fx.grant(alices, BOB, ['encrypt'], ALICE);
      assert.ok(isWrapped(fx, secret, alices, BOB));
      // The owner may choose any trusted key it may encrypt with.
      fx.grant(bobs, ALICE, ['encrypt'], BOB);
      assert.ok(isWrapped(fx, secret, bobs, ALICE));
    });

    it('refuses the relinked public key detour: links are the server\'s, and a PrivateKeyLink must name the true pair', async () => {
      const bobsPair = await pairOf(fx, BOB, false);
      const bobsAes = createTrustedKek(fx, 'bobs-wrap-only', BOB);
      fx.callError(deleteAttributeRequest(bobsPair.pub, link('PrivateKeyLink', bobsPair.priv)), 'Attribute_Read_Only', BOB);
      fx.callError(addAttributeRequest(bobsPair.pub, link('PrivateKeyLink', bobsAes)), 'Attribute_Read_Only', BOB);
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(bobsPair.pub, { algorithm: 'AES' })), 'Sensitive', BOB);
      // The same detour by Register, even by the owner: a public key whose private key the client
      // holds, linked to a trusted wrap-only AES key of the owner's.
      const alicesAes = createTrustedKek(fx, 'alices-wrap-only', ALICE);
      const relinked = textField(fx.call(rawImportRequest({
        objectType: 'PublicKey', keyFormatType: 'PKCS8', material: bytes('KeyMaterial', outsideSpki()), algorithm: 'RSA',
        attributes: [int('CryptographicUsageMask', WRAP_KEY), link('PrivateKeyLink', alicesAes)],
      }), ALICE), 'UniqueIdentifier');
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(relinked, { algorithm: 'AES' })), 'Sensitive', ALICE);
    });

    it('trusts a public key only while its stored key material is the linked private key\'s own', async () => {
      const trusted = await pairOf(fx, ALICE, true, 'alices-wrapping-pub');
      assert.ok(isWrapped(fx, secret, trusted.pub, ALICE, true));
      // Replaced by a key the client holds, keeping every link: owner, types and links all agree.
      fx.call(rawImportRequest({
        uid: trusted.pub, replace: true, objectType: 'PublicKey', keyFormatType: 'PKCS8', material: bytes('KeyMaterial', outsideSpki()), algorithm: 'RSA',
        attributes: [int('CryptographicUsageMask', WRAP_KEY), link('PrivateKeyLink', trusted.priv)],
      }), ALICE);
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(trusted.pub, { algorithm: 'AES' })), 'Sensitive', ALICE);
    });
  });
}
