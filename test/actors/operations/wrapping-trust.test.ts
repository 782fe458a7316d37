/**
 * A Sensitive key never reaches a client in the clear, not even by a detour through wrapping: it
 * is wrapped only under trusted keys (generated here always Sensitive and never Extractable,
 * unable to Decrypt), and whatever a protected key unwraps stays protected.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bool, bytes, enumeration, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { decryptRequest, getRequest, textField } from '../../helpers/kmip-requests.js';
import { createPair, createTrustedKek, fetchRequest, objectOf, WRAP_ONLY_MASK, wrappedBytesOf, wrappingSpec } from '../asymmetric-helpers.js';
import { keyBlockOf, rawKeyOf } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode, TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const WRAP_ONLY = WRAP_ONLY_MASK;
const DEFAULT_MASK = 2108; // includes Decrypt

function setSensitive(fx: ActorFixture, uid: string): void {
  fx.call(struct('SetAttribute', [text('UniqueIdentifier', uid), struct('NewAttribute', [bool('Sensitive', true)])]));
}

function importWrapped(uid: string, object: TtlvStructure, unwrap: boolean): TtlvNode {
  return struct('Import', [
    text('UniqueIdentifier', uid),
    enumeration('ObjectType', 'SymmetricKey'),
    unwrap ? enumeration('KeyWrapType', 'NotWrapped') : undefined,
    struct('Object', objectOf(object).value),
  ]);
}

for (const kind of STORE_KINDS) {
  describe(`Wrapping and Sensitive keys (${kind} store)`, () => {
    let fx: ActorFixture;
    let secret: string;
    beforeEach(() => {
      fx = openActorFixture(kind);
      secret = fx.create({ uid: 'secret' });
      setSensitive(fx, secret);
    });
    afterEach(() => {
      fx.close();
    });

    const trustedKek = (uid: string): string => createTrustedKek(fx, uid);

    it('refuses to wrap a Sensitive key under a key the caller could read or Decrypt with', () => {
      // Made Sensitive after creation: it was readable once (AlwaysSensitive false).
      const laterSensitive = fx.create({ uid: 'later-sensitive-kek', usageMask: WRAP_ONLY });
      setSensitive(fx, laterSensitive);
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(laterSensitive)), 'Sensitive');
      // Generated Sensitive but Extractable: it may leave (wrapped), so it is not trusted either.
      const extractable = textField(fx.call(struct('Create', [
        enumeration('ObjectType', 'SymmetricKey'),
        struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), { tag: 'CryptographicLength', type: 'Integer', value: 256 }, { tag: 'CryptographicUsageMask', type: 'Integer', value: WRAP_ONLY }, bool('Sensitive', true)]),
      ])), 'UniqueIdentifier');
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(extractable)), 'Sensitive');
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(createTrustedKek(fx, 'trusted-decrypter', undefined, DEFAULT_MASK))), 'Sensitive');
      fx.callError(getRequest(secret), 'Sensitive');
      const plain = fx.create({ uid: 'plain-kek' });
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(plain)), 'Sensitive');
      const wrapOnly = fx.create({ uid: 'wrap-only-kek', usageMask: WRAP_ONLY });
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(wrapOnly)), 'Sensitive');
      const sensitiveDecrypter = fx.create({ uid: 'decrypting-kek', usageMask: DEFAULT_MASK });
      setSensitive(fx, sensitiveDecrypter);
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(sensitiveDecrypter)), 'Sensitive');
    });

    it('wraps a Sensitive key under a trusted key, which then cannot Decrypt the wrapped bytes', () => {
      const kek = trustedKek('trusted');
      const wrapped = fx.call(fetchRequest('Get', secret, undefined, wrappingSpec(kek, { encoding: 'NoEncoding' })));
      assert.ok(keyBlockOf(wrapped).value.some((n) => n.tag === 'KeyWrappingData'));
      const bytesOut = wrappedBytesOf(wrapped);
      fx.callError(
        struct('Decrypt', [
          text('UniqueIdentifier', kek),
          struct('CryptographicParameters', [enumeration('BlockCipherMode', 'NISTKeyWrap')]),
          bytes('Data', bytesOut),
        ]),
        'Incompatible_Cryptographic_Usage_Mask',
      );
      fx.callError(decryptRequest(kek, bytesOut, undefined, undefined), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it('keeps a key unwrapped on Import under a protected key Sensitive', () => {
      const kek = trustedKek('trusted');
      const wrapped = fx.call(fetchRequest('Get', secret, undefined, wrappingSpec(kek)));
      const copy = textField(fx.call(importWrapped('copy', wrapped, true)), 'UniqueIdentifier');
      fx.callError(getRequest(copy), 'Sensitive');
      // Still usable for what keys are for.
      fx.call(struct('Encrypt', [text('UniqueIdentifier', copy), bytes('Data', Buffer.from('still works'))]));
    });

    it('refuses the clear form of a key registered wrapped under a protected key, but re-wraps it under a trusted one', () => {
      const kek = trustedKek('trusted');
      const wrapped = fx.call(fetchRequest('Get', secret, undefined, wrappingSpec(kek)));
      const registered = textField(fx.call(importWrapped('as-registered', wrapped, false)), 'UniqueIdentifier');
      fx.callError(struct('Get', [text('UniqueIdentifier', registered), enumeration('KeyWrapType', 'NotWrapped')]), 'Sensitive');
      const other = trustedKek('other-trusted');
      const rewrapped = fx.call(
        struct('Get', [text('UniqueIdentifier', registered), enumeration('KeyWrapType', 'NotWrapped'), wrappingSpec(other)]),
      );
      assert.ok(keyBlockOf(rewrapped).value.some((n) => n.tag === 'KeyWrappingData'));
    });

    it('lets an ordinary key travel wrapped under an ordinary key and come back in the clear', () => {
      const ordinary = fx.create({ uid: 'ordinary' });
      const kek = fx.create({ uid: 'ordinary-kek' });
      const wrapped = fx.call(fetchRequest('Get', ordinary, undefined, wrappingSpec(kek)));
      const copy = textField(fx.call(importWrapped('ordinary-copy', wrapped, true)), 'UniqueIdentifier');
      assert.deepEqual(rawKeyOf(fx.call(getRequest(copy))), rawKeyOf(fx.call(getRequest(ordinary))));
    });

    it('wraps a Sensitive key under an RSA public key only when its private key is trusted', async () => {
      const open = await createPair(fx, { algorithm: 'RSA', length: 2048 });
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(open.pub, { algorithm: 'AES' })), 'Sensitive');
      const onlySensitive = await createPair(fx, {
        algorithm: 'RSA',
        length: 2048,
        privateAttributes: [bool('Sensitive', true), { tag: 'CryptographicUsageMask', type: 'Integer', value: 0x20 }],
        publicAttributes: [{ tag: 'CryptographicUsageMask', type: 'Integer', value: 0x10 }],
      });
      fx.callError(fetchRequest('Get', secret, undefined, wrappingSpec(onlySensitive.pub, { algorithm: 'AES' })), 'Sensitive');
      const guarded = await createPair(fx, {
        algorithm: 'RSA',
        length: 2048,
        privateAttributes: [bool('Sensitive', true), bool('Extractable', false), { tag: 'CryptographicUsageMask', type: 'Integer', value: 0x20 }],
        publicAttributes: [{ tag: 'CryptographicUsageMask', type: 'Integer', value: 0x10 }],
      });
      const wrapped = fx.call(fetchRequest('Get', secret, undefined, wrappingSpec(guarded.pub, { algorithm: 'AES' })));
      const copy = textField(fx.call(importWrapped('rsa-copy', wrapped, true)), 'UniqueIdentifier');
      fx.callError(getRequest(copy), 'Sensitive');
    });

    it('refuses AttributeName in a wrapping specification, which the wrapped block could not carry', () => {
      const kek = fx.create({ uid: 'kek' });
      const ordinary = fx.create({ uid: 'ordinary' });
      const spec = wrappingSpec(kek);
      const withName = spec.type === 'Structure' ? struct(spec.tag, [...spec.value, text('AttributeName', 'Name')]) : spec;
      fx.callError(fetchRequest('Get', ordinary, undefined, withName), 'Feature_Not_Supported');
    });
  });
}
