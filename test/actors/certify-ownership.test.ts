/**
 * Certify across users: a grantee may issue from another user's CA (holding `certify` on its
 * private key) or renew another user's certificate, but the result is always a new certificate of
 * the grantee's; nothing of the owner's is replaced or re-linked.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ActorFixture, DEFAULT_USER } from './actor-fixture.js';
import { getAttributesRequest, getRequest, structField, textField } from '../helpers/kmip-requests.js';
import { caRequest, certifyRequest } from '../helpers/certify-requests.js';
import { struct, text } from '../../src/kmip/ttlv/build.js';
import type { TtlvStructure } from '../../src/kmip/ttlv/node.js';

const GRANTEE = 'bob';

function link(attrs: TtlvStructure, type: string): string | undefined {
  const holder = attrs.value.find((n) => n.tag === 'Link');
  if (holder?.type !== 'Structure') return undefined;
  const found = holder.value.find((l) => l.type === 'Structure' && l.value.some((c) => c.type === 'Enumeration' && c.value === type));
  return found?.type === 'Structure' ? textField(found, 'LinkedObjectIdentifier') : undefined;
}

describe('Certify across users', () => {
  let fx: ActorFixture;
  before(() => { fx = new ActorFixture('plain'); });
  after(() => { fx.close(); });

  const attrs = (id: string, user = DEFAULT_USER): TtlvStructure => structField(fx.call(getAttributesRequest(id), user), 'Attributes');

  it('renews another user\'s certificate into a new one of the caller\'s, leaving the original untouched', async () => {
    const ca = textField(await fx.callAsync(caRequest('owner CA')), 'UniqueIdentifier');
    const caKey = link(attrs(ca), 'PrivateKeyLink') ?? assert.fail('no CA key');
    const leaf = textField(await fx.callAsync(certifyRequest({ subject: { Cn: 'owner leaf' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: ca })), 'UniqueIdentifier');
    const before = fx.call(getRequest(leaf));
    fx.grant(leaf, GRANTEE, ['get']);
    fx.grant(caKey, GRANTEE, ['certify']);
    const renewed = textField(await fx.callAsync(struct('Certify', [text('UniqueIdentifier', leaf), struct('Attributes', [])]), GRANTEE), 'UniqueIdentifier');
    assert.notEqual(renewed, leaf);
    assert.deepEqual(fx.call(getRequest(leaf)), before);
    assert.equal(link(attrs(renewed, GRANTEE), 'CertificateLink'), ca);
    // The owner's own renewal still replaces in place.
    assert.equal(textField(await fx.callAsync(struct('Certify', [text('UniqueIdentifier', leaf), struct('Attributes', [])])), 'UniqueIdentifier'), leaf);
  });

  it('certifies another user\'s public key without re-linking it', async () => {
    const ca = textField(await fx.callAsync(caRequest('grantee CA'), GRANTEE), 'UniqueIdentifier');
    const pair = await fx.callAsync(struct('CreateKeyPair', [struct('CommonAttributes', [
      { tag: 'CryptographicAlgorithm', type: 'Enumeration', value: 'EC' },
      struct('CryptographicDomainParameters', [{ tag: 'RecommendedCurve', type: 'Enumeration', value: 'P256' }]),
    ])]));
    const pub = textField(pair, 'PublicKeyUniqueIdentifier');
    fx.grant(pub, GRANTEE, ['certify']);
    const cert = textField(await fx.callAsync(certifyRequest({ id: pub, subject: { Cn: 'their key' }, issuerCert: ca }), GRANTEE), 'UniqueIdentifier');
    assert.equal(link(attrs(cert, GRANTEE), 'PublicKeyLink'), pub);
    assert.equal(link(attrs(pub), 'CertificateLink'), undefined);
  });
});
