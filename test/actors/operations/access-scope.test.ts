/**
 * How far a grant reaches: tag selectors and Locate see only what the caller may use, key pair
 * halves move together only when the caller may act on both, re-keying keeps the owner and the
 * grants, wrapping keys need their own rights, privileged users alone create, and Destroy drops grants.
 * @module
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { enumeration, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, type ActorFixture } from '../actor-fixture.js';
import { createKeyPairRequest, fetchRequest, objectOf, wrappingSpec } from '../asymmetric-helpers.js';
import {
  batchRequest, createRequest, destroyRequest, encryptRequest, enumField, getRequest, importRequest, locateRequest, parseResponse,
  revokeRequest, textField, toJson,
} from '../../helpers/kmip-requests.js';
import { locateResult } from '../helpers.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const OWNER = 'alice';
const GRANTEE = 'bob';
const DATA = Buffer.from('scope', 'utf8');

function ids(res: TtlvStructure): Set<string> {
  return new Set(locateResult(res).ids ?? []);
}

function itemStatuses(res: TtlvStructure): string[] {
  const items = res.value.find((c) => c.tag === 'Items');
  return items?.type === 'Structure' ? items.value.flatMap((i) => (i.type === 'Structure' ? [enumField(i, 'ResultStatus')] : [])) : [];
}

describe('The reach of grants', () => {
  let fx: ActorFixture;
  afterEach(() => { fx.close(); });

  const pair = async (): Promise<{ priv: string; pub: string }> => {
    const res = await fx.callAsync(createKeyPairRequest({ algorithm: 'Ed25519' }), OWNER);
    return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
  };
  const state = (uid: string): string | undefined => fx.store.get(uid)?.state;

  it('resolves a tag selector only among objects the caller may use for the operation', () => {
    fx = openActorFixture();
    const readable = fx.create({ tags: ['team'] }, OWNER);
    const usable = fx.create({ tags: ['team'] }, OWNER);
    fx.create({ tags: ['team'] }, OWNER);
    fx.grant(readable, GRANTEE, ['get'], OWNER);
    fx.grant(usable, GRANTEE, ['encrypt'], OWNER);
    assert.equal(textField(fx.call(encryptRequest('["team"]', DATA), GRANTEE), 'UniqueIdentifier'), usable);
    assert.equal(textField(fx.call(getRequest('["team"]'), GRANTEE), 'UniqueIdentifier'), readable);
    fx.callError(revokeRequest('["team"]'), 'Item_Not_Found', GRANTEE);
    fx.callError(encryptRequest('["team"]', DATA), 'Invalid_Field', OWNER);
    // A key of the grantee's own joins the candidates, so the selector is ambiguous again.
    fx.create({ tags: ['team'] }, GRANTEE);
    fx.callError(encryptRequest('["team"]', DATA), 'Invalid_Field', GRANTEE);
  });

  it('Locates what the caller owns or holds any grant on (own row or *), nothing else', () => {
    fx = openActorFixture();
    const own = fx.create({ tags: ['l'] }, GRANTEE);
    const granted = fx.create({ tags: ['l'] }, OWNER);
    const everyone = fx.create({ tags: ['l'] }, OWNER);
    const hidden = fx.create({ tags: ['l'] }, OWNER);
    fx.grant(granted, GRANTEE, ['decrypt'], OWNER);
    fx.grant(everyone, '*', ['get'], OWNER);
    assert.deepEqual(ids(fx.call(locateRequest({ tags: ['l'] }), GRANTEE)), new Set([own, granted, everyone]));
    assert.deepEqual(ids(fx.call(locateRequest({ tags: ['l'] }), OWNER)), new Set([granted, everyone, hidden]));
    assert.deepEqual(ids(fx.call(locateRequest({ tags: ['l'] }), 'carol')), new Set([everyone]));
    // The owned listing stays the caller's own objects.
    assert.deepEqual((fx.owned(GRANTEE) as { object_id: string }[]).map((o) => o.object_id), [own]);
  });

  it('revokes and destroys the other half of a pair only when the caller may do that to it too', async () => {
    fx = openActorFixture();
    const one = await pair();
    fx.grant(one.priv, GRANTEE, ['revoke', 'destroy'], OWNER);
    fx.call(revokeRequest(one.priv), GRANTEE);
    assert.equal(state(one.priv), 'Deactivated');
    assert.equal(state(one.pub), 'Active');
    const two = await pair();
    fx.grant(two.priv, GRANTEE, ['revoke', 'destroy'], OWNER);
    fx.grant(two.pub, GRANTEE, ['revoke', 'destroy'], OWNER);
    fx.call(revokeRequest(two.priv), GRANTEE);
    assert.equal(state(two.pub), 'Deactivated');
    fx.call(destroyRequest(two.pub), GRANTEE);
    assert.equal(state(two.priv), 'Destroyed');
    // The owner's own Revoke still moves both halves.
    const three = await pair();
    fx.call(revokeRequest(three.pub), OWNER);
    assert.equal(state(three.priv), 'Deactivated');
  });

  it('has ReKey by a grantee keep the original owner and copy its grants, without create privilege', () => {
    fx = openActorFixture('plain', { actor: { privilegedUsers: [OWNER] } });
    const old = fx.create({}, OWNER);
    fx.grant(old, GRANTEE, ['rekey', 'encrypt'], OWNER);
    fx.grant(old, 'carol', ['decrypt'], OWNER);
    const fresh = textField(fx.call(struct('ReKey', [text('UniqueIdentifier', old)]), GRANTEE), 'UniqueIdentifier');
    assert.equal(fx.store.get(fresh)?.owner, OWNER);
    assert.deepEqual(fx.store.grantsOf(fresh), fx.store.grantsOf(old));
    fx.call(encryptRequest(fresh, DATA), GRANTEE);
    fx.callError(getRequest(fresh), 'Item_Not_Found', GRANTEE);
  });

  it('has ReKeyKeyPair keep the owner and copy each half\'s grants', async () => {
    fx = openActorFixture();
    const old = await pair();
    fx.grant(old.priv, GRANTEE, ['rekey', 'sign'], OWNER);
    fx.grant(old.pub, GRANTEE, ['rekey'], OWNER);
    fx.grant(old.pub, '*', ['signatureverify'], OWNER);
    const res = await fx.callAsync(struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', old.priv)]), GRANTEE);
    const priv = textField(res, 'PrivateKeyUniqueIdentifier');
    const pub = textField(res, 'PublicKeyUniqueIdentifier');
    assert.equal(fx.store.get(priv)?.owner, OWNER);
    assert.equal(fx.store.get(pub)?.owner, OWNER);
    assert.deepEqual(fx.store.grantsOf(priv), fx.store.grantsOf(old.priv));
    assert.deepEqual(fx.store.grantsOf(pub), fx.store.grantsOf(old.pub));
  });

  it('needs encrypt on the wrapping key of a Get, and decrypt on the unwrapping key of an Import', () => {
    fx = openActorFixture();
    const target = fx.create({}, OWNER);
    const kek = fx.create({}, OWNER);
    fx.grant(target, GRANTEE, ['get'], OWNER);
    fx.callError(fetchRequest('Get', target, undefined, wrappingSpec(kek)), 'Item_Not_Found', GRANTEE);
    fx.grant(kek, GRANTEE, ['decrypt'], OWNER);
    fx.callError(fetchRequest('Get', target, undefined, wrappingSpec(kek)), 'Item_Not_Found', GRANTEE);
    fx.grant(kek, GRANTEE, ['encrypt'], OWNER);
    const wrapped = objectOf(fx.call(fetchRequest('Get', target, undefined, wrappingSpec(kek)), GRANTEE));
    const unwrapImport = (): TtlvNode => struct('Import', [text('UniqueIdentifier', ''), enumeration('ObjectType', 'SymmetricKey'), enumeration('KeyWrapType', 'NotWrapped'), wrapped]);
    fx.callError(unwrapImport(), 'Item_Not_Found', 'carol');
    fx.grant(kek, 'carol', ['encrypt'], OWNER);
    fx.callError(unwrapImport(), 'Item_Not_Found', 'carol');
    fx.grant(kek, 'carol', ['decrypt'], OWNER);
    const copy = textField(fx.call(unwrapImport(), 'carol'), 'UniqueIdentifier');
    assert.deepEqual(fx.keyBytes(copy, 'carol'), fx.keyBytes(target, OWNER));
  });

  it('needs derivekey on our private key and get on a peer public key named by id for key agreement', async () => {
    fx = openActorFixture();
    const x25519 = async (user: string): Promise<{ priv: string; pub: string }> => {
      const res = await fx.callAsync(struct('CreateKeyPair', [
        struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'ECDH'), struct('CryptographicDomainParameters', [enumeration('RecommendedCurve', 'CURVE25519')])]),
      ]), user);
      return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
    };
    const mine = await x25519(GRANTEE);
    const theirs = await x25519(OWNER);
    const agree = (): TtlvNode => struct('DeriveKey', [
      enumeration('ObjectType', 'SymmetricKey'), text('UniqueIdentifier', mine.priv), text('UniqueIdentifier', theirs.pub),
      enumeration('DerivationMethod', 'AsymmetricKey'), struct('DerivationParameters', []),
      struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), { tag: 'CryptographicLength', type: 'Integer', value: 256 }]),
    ]);
    fx.callError(agree(), 'Item_Not_Found', GRANTEE);
    fx.grant(theirs.pub, GRANTEE, ['derivekey'], OWNER);
    fx.callError(agree(), 'Item_Not_Found', GRANTEE);
    fx.grant(theirs.pub, GRANTEE, ['get'], OWNER);
    const derived = textField(fx.call(agree(), GRANTEE), 'UniqueIdentifier');
    assert.equal(fx.store.get(derived)?.owner, GRANTEE);
  });

  it('lets only privileged users create or import, when they are configured', async () => {
    fx = openActorFixture('plain', { actor: { privilegedUsers: [OWNER] } });
    const denied = /only privileged users may create or import objects/;
    fx.callError(createRequest(), { code: 'KMIP_ERROR', reason: 'Permission_Denied', message: denied }, GRANTEE);
    fx.callError(importRequest({ key: new Uint8Array(32) }), 'Permission_Denied', GRANTEE);
    await fx.callErrorAsync(createKeyPairRequest({ algorithm: 'Ed25519' }), 'Permission_Denied', GRANTEE);
    fx.callError(struct('Register', [enumeration('ObjectType', 'SecretData'), struct('Attributes', [])]), 'Permission_Denied', GRANTEE);
    const base = fx.create({ usageMask: 0x200 }, OWNER);
    fx.grant(base, GRANTEE, ['derivekey', 'get'], OWNER);
    fx.callError(struct('DeriveKey', [
      enumeration('ObjectType', 'SymmetricKey'), text('UniqueIdentifier', base), enumeration('DerivationMethod', 'HKDF'), struct('DerivationParameters', []), struct('Attributes', []),
    ]), 'Permission_Denied', GRANTEE);
    fx.call(getRequest(base), GRANTEE);
    // In a batch only the creating item fails.
    const res = parseResponse(fx.send('kmip', Buffer.from(toJson(batchRequest([{ request: getRequest(base) }, { request: createRequest() }])), 'utf8'), GRANTEE));
    assert.deepEqual(itemStatuses(res), ['Success', 'OperationFailed']);
  });

  it('refuses Import with ReplaceExisting over another user\'s object as if it existed', () => {
    fx = openActorFixture();
    fx.call(importRequest({ uid: 'taken', key: new Uint8Array(32).fill(1) }), OWNER);
    fx.grant('taken', GRANTEE, ['get', 'import'], OWNER);
    fx.callError(importRequest({ uid: 'taken', key: new Uint8Array(32).fill(2), replace: true }), 'Object_Already_Exists', GRANTEE);
    assert.deepEqual(fx.keyBytes('taken', OWNER), new Uint8Array(32).fill(1));
  });

  it('drops the grants of a destroyed object, so grantees no longer see it', () => {
    fx = openActorFixture();
    const uid = fx.create({}, OWNER);
    fx.grant(uid, GRANTEE, ['export', 'getattributes'], OWNER);
    fx.grant(uid, '*', ['getattributes'], OWNER);
    fx.call(revokeRequest(uid), OWNER);
    fx.call(destroyRequest(uid), OWNER);
    assert.deepEqual(fx.store.grantsOf(uid), []);
    fx.callError(fetchRequest('Export', uid), 'Item_Not_Found', GRANTEE);
    assert.deepEqual(fx.access('obtained', '', GRANTEE), []);
    fx.call(fetchRequest('Export', uid), OWNER);
  });
});
