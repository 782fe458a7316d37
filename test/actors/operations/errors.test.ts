import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import {
  createRequest, decryptRequest, encryptRequest, getRequest, importRequest, messageRequest, setAttributeRequest, textField,
} from '../../helpers/kmip-requests.js';
import { flipBit, hexOf, rawImportRequest, vendorAttribute } from '../helpers.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

/** True when any 8 consecutive key bytes appear in the text as hex, in either case. */
function mentionsKey(message: string, key: Uint8Array): boolean {
  const upper = message.toUpperCase();
  for (let i = 0; i + 8 <= key.length; i++) if (upper.includes(hexOf(key.subarray(i, i + 8)))) return true;
  return false;
}

const utf8 = (s: string): Uint8Array => Buffer.from(s, 'utf8');

for (const kind of STORE_KINDS) {
  describe(`Request errors (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    it('refuses an unknown root operation with UNKNOWN_OPERATION', () => {
      fx.callError(struct('Frobnicate', []), { code: 'UNKNOWN_OPERATION', message: /Frobnicate/ });
      // KMIP operations this server does not implement (asynchronous Poll) are unknown too.
      fx.callError(struct('Poll', []), { code: 'UNKNOWN_OPERATION', message: /Poll/ });
    });

    it('refuses malformed JSON with Invalid_Message', () => {
      for (const body of ['', '{', '{"tag":"Get",', 'not json', '{"tag":"Get","value":[]} trailing']) {
        fx.sendError(utf8(body), 'Invalid_Message');
      }
    });

    it('refuses a body that is not UTF-8 with Invalid_Message', () => {
      fx.sendError(new Uint8Array([0xff, 0xfe, 0x00, 0x41]), 'Invalid_Message');
      const valid = utf8('{"tag":"Locate","type":"Structure","value":[]}');
      // A lone continuation byte inside an otherwise valid request.
      fx.sendError(Buffer.concat([valid.subarray(0, 9), Buffer.from([0x80]), valid.subarray(9)]), 'Invalid_Message');
    });

    it('refuses JSON that is not a TTLV node with Codec_Error', () => {
      fx.sendError(utf8('42'), 'Codec_Error');
      fx.sendError(utf8('{"tag":"Get","type":"Structure","value":[],"extra":1}'), 'Codec_Error');
      fx.sendError(utf8('{"tag":"Get","type":"Wobbly","value":1}'), 'Codec_Error');
    });

    it('refuses a root that is not a Structure', () => {
      fx.sendError(utf8('{"tag":"Get","type":"TextString","value":"x"}'), 'Invalid_Message');
    });

    it('names the tag of a field with the wrong type', () => {
      fx.callError(struct('Get', [int('UniqueIdentifier', 5)]), { code: 'KMIP_ERROR', reason: 'Invalid_Message', message: /Get: UniqueIdentifier must be of type TextString, got Integer/ });
      fx.callError(struct('Create', [text('ObjectType', 'SymmetricKey'), struct('Attributes', [])]), { code: 'KMIP_ERROR', reason: 'Invalid_Message', message: /ObjectType/ });
    });

    it('names a missing required field', () => {
      fx.callError(struct('Get', []), { code: 'KMIP_ERROR', reason: 'Invalid_Message', message: /Get: UniqueIdentifier is required/ });
      fx.callError(struct('Encrypt', [text('UniqueIdentifier', 'x')]), { code: 'KMIP_ERROR', reason: 'Invalid_Message', message: /Data is required/ });
    });

    it('refuses enumerations given by number, as Cosmian does', () => {
      fx.callError(struct('Create', [{ tag: 'ObjectType', type: 'Enumeration', value: 2 }, struct('Attributes', [])]), 'Invalid_Message');
    });

    it('refuses an enumeration name that does not exist', () => {
      fx.callError(struct('Create', [enumeration('ObjectType', 'Spaceship'), struct('Attributes', [])]), 'Invalid_Field');
    });

    it('never puts key bytes in an error message', () => {
      const uid = fx.create({ uid: 'secret-key' });
      const key = fx.keyBytes(uid);
      const hex = hexOf(key);
      const s = fx.call(encryptRequest(uid, utf8('payload'), { aad: utf8('a') }));
      const data = s.value.find((c) => c.tag === 'Data');
      const nonce = s.value.find((c) => c.tag === 'IvCounterNonce');
      const tag = s.value.find((c) => c.tag === 'AuthenticatedEncryptionTag');
      assert.ok(data?.type === 'ByteString' && nonce?.type === 'ByteString' && tag?.type === 'ByteString');
      const messages: string[] = [];
      const collect = (e: KmsError): void => {
        messages.push(e.message);
      };
      collect(fx.callError(decryptRequest(uid, data.value, nonce.value, tag.value, { aad: utf8('b') }), 'Cryptographic_Failure'));
      collect(fx.callError(decryptRequest(uid, flipBit(data.value), nonce.value, tag.value, { aad: utf8('a') }), 'Cryptographic_Failure'));
      collect(fx.callError(encryptRequest(uid, utf8('x'), { nonce: key }), 'Bad_Cryptographic_Parameters'));
      collect(fx.callError(importRequest({ uid, key }), 'Object_Already_Exists'));
      collect(fx.callError(importRequest({ key: key.subarray(0, 20) }), 'Invalid_Attribute_Value'));
      collect(
        fx.callError(
          rawImportRequest({ keyFormatType: 'TransparentSymmetricKey', material: struct('KeyMaterial', [bytes('ByteString', key)]) }),
          'Invalid_Message',
        ),
      );
      collect(fx.callError(rawImportRequest({ keyFormatType: 'PKCS8', material: struct('KeyMaterial', [bytes('ByteString', key)]) }), 'Key_Format_Type_Not_Supported'));
      collect(fx.callError(setAttributeRequest(uid, vendorAttribute('cosmian', 'tag', key)), 'Invalid_Attribute_Value'));
      collect(fx.callError(setAttributeRequest(uid, bytes('CryptographicAlgorithm', key)), 'Invalid_Message'));
      // The key's hex in broken JSON and in a ByteString with an odd number of digits.
      collect(fx.sendError(utf8(`{"tag":"Import","value":[{"tag":"K","type":"ByteString","value":"${hex}"]}`), 'Invalid_Message'));
      collect(fx.sendError(utf8(`{"tag":"Import","value":[{"tag":"K","type":"ByteString","value":"${hex}0"}]}`), 'Codec_Error'));
      collect(fx.sendError(utf8(`{"tag":"Import","value":[{"tag":"K","type":"Integer","value":"0x${hex}"}]}`), 'Codec_Error'));
      collect(fx.sendError(utf8(`{"tag":"Import","value":[{"tag":"K","type":"LongInteger","value":"0x${hex}"}]}`), 'Codec_Error'));
      collect(fx.sendError(utf8(`{"tag":"Import","value":[{"tag":"K","type":"DateTime","value":"${hex}"}]}`), 'Codec_Error'));
      // And inside a batch, where the failure becomes a ResultMessage.
      const batch = fx.call(messageRequest([importRequest({ uid, key }), decryptRequest(uid, data.value, nonce.value, flipBit(tag.value), {})]));
      const items = batch.value.find((c) => c.tag === 'Items');
      assert.ok(items?.type === 'Structure');
      for (const item of items.value) messages.push(textField(item as TtlvStructure, 'ResultMessage'));

      assert.equal(messages.length, 16);
      for (const m of messages) assert.ok(!mentionsKey(m, key), `key bytes leaked in: ${m}`);
    });

    it('refuses requests once closed, and wipes the key it was given', () => {
      fx.create({ uid: 'before-close' });
      if (fx.actorKey !== null) assert.ok(fx.actorKey.some((b) => b !== 0), 'the fixture must hand over a real key');
      fx.actor.close();
      const err = fx.callError(getRequest('before-close'), { code: 'DATABASE_ERROR' });
      assert.ok(err instanceof KmsError);
      assert.equal(fx.actorKey === null, kind === 'plain');
      if (fx.actorKey !== null) assert.ok(fx.actorKey.every((b) => b === 0), 'the database key must be zeroed on close');
      assert.throws(() => fx.call(createRequest()), KmsError);
    });
  });
}
