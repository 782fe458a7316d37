/**
 * Identifiers clients choose for new objects: control characters (U+0000 to U+001F and U+007F)
 * are refused with Invalid_Field by every operation that takes one, other characters are kept.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { checkNewIdentifier } from '../../../src/actors/object-access.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { openActorFixture, STORE_KINDS, type ActorFixture } from '../actor-fixture.js';
import { createKeyPairRequest } from '../asymmetric-helpers.js';
import { createWithAttributes, rawImportRequest } from '../helpers.js';
import { getAttributesRequest, textField } from '../../helpers/kmip-requests.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const CONTROL = ['\u0000', '\u0001', '\t', '\n', '\u001f', '\u007f'];

const aes = (uid: string): TtlvNode[] => [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256), text('UniqueIdentifier', uid)];
const register = (uid: string): TtlvNode => struct('Register', [
  enumeration('ObjectType', 'SecretData'),
  struct('Attributes', [text('UniqueIdentifier', uid)]),
  struct('Object', [enumeration('SecretDataType', 'Password'), struct('KeyBlock', [enumeration('KeyFormatType', 'Raw'), struct('KeyValue', [bytes('KeyMaterial', randomBytes(16))])])]),
]);
const importKey = (uid: string): TtlvNode => rawImportRequest({ uid, keyFormatType: 'Raw', material: bytes('KeyMaterial', randomBytes(32)), algorithm: 'AES', blockLength: 256 });

describe('checkNewIdentifier', () => {
  it('refuses every control character wherever it sits, and keeps other characters', () => {
    for (const c of CONTROL) {
      for (const uid of [c, `a${c}`, `${c}a`, `a${c}b`]) {
        assert.throws(() => checkNewIdentifier(uid), (e: unknown) => e instanceof KmipError && e.reason === 'Invalid_Field', JSON.stringify(uid));
      }
    }
    for (const uid of ['key-1', 'clé ü', 'a b', 'a\u0080b', '~']) assert.equal(checkNewIdentifier(uid), uid);
  });
});

for (const kind of STORE_KINDS) {
  describe(`Identifiers chosen by clients (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it('refuses control characters in Create, Register, Import and CreateKeyPair identifiers', async () => {
      for (const c of CONTROL) {
        const uid = `id${c}x`;
        fx.callError(createWithAttributes(aes(uid)), 'Invalid_Field');
        fx.callError(register(uid), 'Invalid_Field');
        fx.callError(importKey(uid), 'Invalid_Field');
        await fx.callErrorAsync(createKeyPairRequest({ algorithm: 'Ed25519', privateAttributes: [text('UniqueIdentifier', uid)] }), 'Invalid_Field');
        fx.callError(getAttributesRequest(uid), 'Item_Not_Found');
      }
    });

    it('accepts printable identifiers beyond ASCII', () => {
      assert.equal(textField(fx.call(createWithAttributes(aes('clé-ü 1'))), 'UniqueIdentifier'), 'clé-ü 1');
      assert.equal(textField(fx.call(importKey('imported é')), 'UniqueIdentifier'), 'imported é');
    });
  });
}
