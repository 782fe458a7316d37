/**
 * The links the server keeps (a pair's PublicKeyLink and PrivateKeyLink, the Replaced and
 * Replacement links of a re-key, a derived key's DerivationBaseObjectLink) cannot be added,
 * changed or removed by clients, and Revoke and Destroy spread only to a key that truly is the
 * other half of the pair: the opposite type, the same owner, and linking back.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { bytes, enumeration, struct, text } from '../../../src/kmip/ttlv/build.js';
import { linksOf } from '../../../src/kmip/links.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { addAttributeRequest, modifyAttributeRequest } from '../attribute-helpers.js';
import { createKeyPairRequest } from '../asymmetric-helpers.js';
import { deleteByReferenceRequest, enumField, rawImportRequest } from '../helpers.js';
import {
  deleteAttributeRequest, destroyRequest, getAttributesRequest, revokeRequest, setAttributeRequest, structField, textField,
} from '../../helpers/kmip-requests.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const ALICE = 'alice';
const BOB = 'bob';
const SERVER_LINKS = ['PublicKeyLink', 'PrivateKeyLink', 'ReplacementObjectLink', 'ReplacedObjectLink', 'DerivationBaseObjectLink'];

const link = (type: string, id: string): TtlvNode => struct('Link', [enumeration('LinkType', type), text('LinkedObjectIdentifier', id)]);

for (const kind of STORE_KINDS) {
  describe(`Links the server keeps (${kind} store)`, () => {
    let fx: ActorFixture;
    let pair: { priv: string; pub: string };
    let unrelated: string;
    beforeEach(async () => {
      fx = openActorFixture(kind);
      const res = await fx.callAsync(createKeyPairRequest({ algorithm: 'Ed25519' }), ALICE);
      pair = { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
      unrelated = fx.create({}, ALICE);
    });
    afterEach(() => {
      fx.close();
    });

    const state = (uid: string): string => enumField(structField(fx.call(getAttributesRequest(uid, ['State']), ALICE), 'Attributes'), 'State');
    const linkTypes = (uid: string): string[] => linksOf(structField(fx.call(getAttributesRequest(uid, ['Link']), ALICE), 'Attributes').value).map((l) => l.type);

    it('refuses a grantee holding setattribute every way of repointing a pair link, so Revoke cannot spread to another key', () => {
      fx.grant(pair.priv, BOB, ['setattribute'], ALICE);
      fx.callError(modifyAttributeRequest(pair.priv, link('PublicKeyLink', unrelated)), 'Attribute_Read_Only', BOB);
      fx.callError(modifyAttributeRequest(pair.priv, link('PublicKeyLink', unrelated), link('PublicKeyLink', pair.pub)), 'Attribute_Read_Only', BOB);
      fx.callError(deleteAttributeRequest(pair.priv, link('PublicKeyLink', pair.pub)), 'Attribute_Read_Only', BOB);
      fx.callError(deleteByReferenceRequest(pair.priv, ['Link']), 'Attribute_Read_Only', BOB);
      fx.callError(setAttributeRequest(pair.priv, link('ParentLink', unrelated)), 'Attribute_Read_Only', BOB);
      fx.callError(addAttributeRequest(pair.priv, link('PublicKeyLink', unrelated)), 'Attribute_Read_Only', BOB);
      assert.deepEqual(linkTypes(pair.priv), ['PublicKeyLink']);
      fx.call(revokeRequest(pair.priv), ALICE);
      assert.equal(state(pair.pub), 'Deactivated');
      assert.equal(state(unrelated), 'Active');
    });

    it('refuses every server link type on any object, even to its owner, and keeps other link types editable', () => {
      for (const type of SERVER_LINKS) {
        fx.callError(addAttributeRequest(unrelated, link(type, pair.pub)), 'Attribute_Read_Only', ALICE);
        fx.callError(setAttributeRequest(unrelated, link(type, pair.pub)), 'Attribute_Read_Only', ALICE);
      }
      fx.call(addAttributeRequest(pair.pub, link('ParentLink', unrelated)), ALICE);
      fx.call(modifyAttributeRequest(pair.pub, link('ChildLink', unrelated), link('ParentLink', unrelated)), ALICE);
      fx.call(deleteAttributeRequest(pair.pub, link('ChildLink', unrelated)), ALICE);
      assert.deepEqual(linkTypes(pair.pub), ['PrivateKeyLink']);
      // With only a server link, ModifyAttribute without CurrentAttribute would replace it.
      fx.callError(modifyAttributeRequest(pair.pub, link('ParentLink', unrelated)), 'Attribute_Read_Only', ALICE);
      fx.call(setAttributeRequest(unrelated, link('ParentLink', pair.pub)), ALICE);
      fx.call(deleteByReferenceRequest(unrelated, ['Link']), ALICE);
    });

    it('spreads Revoke and Destroy only to a key of the opposite type that links back', () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const der = new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' }));
      // Imported with links the server did not make: one at a symmetric key, one at a public key that does not link back.
      const importPrivate = (uid: string, target: string): void => {
        fx.call(rawImportRequest({
          uid, objectType: 'PrivateKey', keyFormatType: 'PKCS8', material: bytes('KeyMaterial', der), algorithm: 'Ed25519', attributes: [link('PublicKeyLink', target)],
        }), ALICE);
      };
      importPrivate('points-at-aes', unrelated);
      importPrivate('points-at-pub', pair.pub);
      // A symmetric key registered linking back is still not a public key.
      const linkedBack = 'aes-linking-back';
      fx.call(rawImportRequest({
        uid: linkedBack, keyFormatType: 'Raw', material: bytes('KeyMaterial', randomBytes(32)), algorithm: 'AES', blockLength: 256,
        attributes: [link('PrivateKeyLink', 'points-at-linked-aes')],
      }), ALICE);
      importPrivate('points-at-linked-aes', linkedBack);
      for (const uid of ['points-at-aes', 'points-at-pub', 'points-at-linked-aes']) {
        fx.call(revokeRequest(uid), ALICE);
        fx.call(destroyRequest(uid), ALICE);
        assert.equal(state(uid), 'Destroyed');
      }
      assert.equal(state(unrelated), 'Active');
      assert.equal(state(linkedBack), 'Active');
      assert.equal(state(pair.pub), 'Active');
      assert.equal(state(pair.priv), 'Active');
    });
  });
}
