/**
 * The attributes a ReKey or ReKeyKeyPair request lays over the old key's obey SetAttribute's
 * rules against the old key: a grantee holding only `rekey` cannot make the owner's replacement
 * less protected (Sensitive back to false, Extractable back to true, a wider usage mask) nor
 * write what the server owns (its flags, key description and links).
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { createKeyPairRequest } from '../asymmetric-helpers.js';
import { createWithAttributes } from '../helpers.js';
import { getAttributesRequest, structField, textField } from '../../helpers/kmip-requests.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const ALICE = 'alice';
const BOB = 'bob';
const MASK = USAGE.Encrypt | USAGE.Decrypt;

const link = (type: string, id: string): TtlvNode => struct('Link', [enumeration('LinkType', type), text('LinkedObjectIdentifier', id)]);
const reKey = (uid: string, attributes: readonly TtlvNode[]): TtlvNode => struct('ReKey', [text('UniqueIdentifier', uid), struct('Attributes', attributes)]);

/** Changes no rule allows on a protected key with mask Encrypt|Decrypt. */
const LOOSENING: readonly (readonly [string, TtlvNode])[] = [
  ['Sensitive back to false', bool('Sensitive', false)],
  ['Extractable back to true', bool('Extractable', true)],
  ['a wider usage mask', int('CryptographicUsageMask', MASK | USAGE.WrapKey)],
  ['Unrestricted usage', int('CryptographicUsageMask', USAGE.Unrestricted)],
  ['AlwaysSensitive', bool('AlwaysSensitive', true)],
  ['NeverExtractable', bool('NeverExtractable', true)],
  ['a CryptographicAlgorithm', enumeration('CryptographicAlgorithm', 'ChaCha20')],
  ['a replaced-object link', link('ReplacedObjectLink', 'elsewhere')],
  ['a public-key link', link('PublicKeyLink', 'elsewhere')],
];

for (const kind of STORE_KINDS) {
  describe(`ReKey and ReKeyKeyPair request attributes (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const attrs = (uid: string): readonly TtlvNode[] => structField(fx.call(getAttributesRequest(uid), ALICE), 'Attributes').value;
    const read = (uid: string, tag: string): unknown => attrs(uid).find((n) => n.tag === tag)?.value;

    it('refuses a grantee holding rekey every loosening of the owner\'s key', () => {
      const old = textField(fx.call(createWithAttributes([
        enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), int('CryptographicUsageMask', MASK), bool('Sensitive', true), bool('Extractable', false),
      ]), ALICE), 'UniqueIdentifier');
      fx.grant(old, BOB, ['rekey'], ALICE);
      for (const [what, node] of LOOSENING) {
        const error = fx.callError(reKey(old, [node]), 'Attribute_Read_Only', BOB);
        assert.ok(error.message.length > 0, what);
      }
      // Tightening and naming are fine; the replacement stays as protected as the old key.
      const fresh = textField(fx.call(reKey(old, [int('CryptographicUsageMask', USAGE.Encrypt), bool('Sensitive', true)]), BOB), 'UniqueIdentifier');
      assert.equal(read(fresh, 'CryptographicUsageMask'), USAGE.Encrypt);
      assert.equal(read(fresh, 'Sensitive'), true);
      assert.equal(read(fresh, 'Extractable'), false);
      assert.equal(read(fresh, 'AlwaysSensitive'), true);
    });

    it('holds both halves of a ReKeyKeyPair request to the old halves', async () => {
      const res = await fx.callAsync(createKeyPairRequest({
        algorithm: 'Ed25519',
        privateAttributes: [bool('Sensitive', true), int('CryptographicUsageMask', USAGE.Sign)],
        publicAttributes: [int('CryptographicUsageMask', USAGE.Verify)],
      }), ALICE);
      const priv = textField(res, 'PrivateKeyUniqueIdentifier');
      const pub = textField(res, 'PublicKeyUniqueIdentifier');
      fx.grant(priv, BOB, ['rekey'], ALICE);
      fx.grant(pub, BOB, ['rekey'], ALICE);
      const reKeyPair = (section: string, attributes: readonly TtlvNode[]): TtlvNode =>
        struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', priv), struct(section, attributes)]);
      await fx.callErrorAsync(reKeyPair('PrivateKeyAttributes', [bool('Sensitive', false)]), 'Attribute_Read_Only', BOB);
      await fx.callErrorAsync(reKeyPair('PrivateKeyAttributes', [int('CryptographicUsageMask', USAGE.Sign | USAGE.Decrypt)]), 'Attribute_Read_Only', BOB);
      await fx.callErrorAsync(reKeyPair('PublicKeyAttributes', [int('CryptographicUsageMask', USAGE.Verify | USAGE.Encrypt)]), 'Attribute_Read_Only', BOB);
      await fx.callErrorAsync(reKeyPair('CommonAttributes', [bool('Sensitive', false)]), 'Attribute_Read_Only', BOB);
      await fx.callErrorAsync(reKeyPair('PublicKeyAttributes', [link('PrivateKeyLink', 'elsewhere')]), 'Attribute_Read_Only', BOB);
      const fresh = await fx.callAsync(reKeyPair('PrivateKeyAttributes', [bool('Sensitive', true)]), BOB);
      assert.equal(read(textField(fresh, 'PrivateKeyUniqueIdentifier'), 'Sensitive'), true);
      assert.equal(read(textField(fresh, 'PublicKeyUniqueIdentifier'), 'CryptographicUsageMask'), USAGE.Verify);
    });

    it('checks the new public key\'s attributes even when the old public key is not carried over', async () => {
      const res = await fx.callAsync(createKeyPairRequest({ algorithm: 'Ed25519' }), ALICE);
      const priv = textField(res, 'PrivateKeyUniqueIdentifier');
      fx.grant(priv, BOB, ['rekey'], ALICE);
      const request = struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', priv), struct('PublicKeyAttributes', [bool('AlwaysSensitive', true)])]);
      await fx.callErrorAsync(request, 'Attribute_Read_Only', BOB);
    });
  });
}
