import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { bytes, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, decryptRequest, destroyRequest, encryptRequest, revokeRequest, textField } from '../../helpers/kmip-requests.js';
import { flipBit, hexOf, revokeEnumRequest, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { CipherOptions } from '../../helpers/kmip-requests.js';
import type { CipherGCMTypes } from 'node:crypto';

const PLAINTEXT = Buffer.from('attack at dawn, bring snacks', 'utf8');

/** Encrypt's three outputs. */
interface Sealed {
  readonly data: Uint8Array;
  readonly nonce: Uint8Array;
  readonly tag: Uint8Array;
}

/** Opens AES-GCM locally, proving the wire format is plain nonce/ciphertext/tag. */
function openAesGcmLocally(key: Uint8Array, s: Sealed, aad?: Uint8Array): Buffer {
  const d = createDecipheriv(`aes-${key.length * 8}-gcm` as CipherGCMTypes, key, s.nonce);
  d.setAuthTag(s.tag);
  if (aad !== undefined) d.setAAD(aad);
  return Buffer.concat([d.update(s.data), d.final()]);
}

for (const kind of STORE_KINDS) {
  describe(`Encrypt and Decrypt (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const encrypt = (uid: string, data: Uint8Array = PLAINTEXT, o: CipherOptions = {}): Sealed => {
      const res = fx.call(encryptRequest(uid, data, o));
      assert.equal(res.tag, 'EncryptResponse');
      assert.equal(textField(res, 'UniqueIdentifier'), uid);
      return { data: bytesField(res, 'Data'), nonce: bytesField(res, 'IvCounterNonce'), tag: bytesField(res, 'AuthenticatedEncryptionTag') };
    };
    const decrypt = (uid: string, s: Sealed, o: CipherOptions = {}): Buffer => {
      const res = fx.call(decryptRequest(uid, s.data, s.nonce, s.tag, o));
      assert.equal(res.tag, 'DecryptResponse');
      assert.equal(textField(res, 'UniqueIdentifier'), uid);
      return Buffer.from(bytesField(res, 'Data'));
    };

    it('encrypts with AES-GCM by default: 12-byte nonce, 16-byte tag, ciphertext as long as the plaintext', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      assert.equal(s.nonce.length, 12);
      assert.equal(s.tag.length, 16);
      assert.equal(s.data.length, PLAINTEXT.length);
      assert.notEqual(hexOf(s.data), hexOf(PLAINTEXT));
      assert.deepEqual(openAesGcmLocally(fx.keyBytes(uid), s), PLAINTEXT);
    });

    it('answers Encrypt with UniqueIdentifier, Data, IvCounterNonce and AuthenticatedEncryptionTag', () => {
      const uid = fx.create();
      assert.deepEqual(tagsIn(fx.call(encryptRequest(uid, PLAINTEXT))), ['UniqueIdentifier', 'Data', 'IvCounterNonce', 'AuthenticatedEncryptionTag']);
    });

    it('round-trips through Decrypt', () => {
      const uid = fx.create();
      assert.deepEqual(decrypt(uid, encrypt(uid)), PLAINTEXT);
    });

    it('uses a fresh nonce for every encryption', () => {
      const uid = fx.create();
      assert.notEqual(hexOf(encrypt(uid).nonce), hexOf(encrypt(uid).nonce));
    });

    for (const bits of [128, 192]) {
      it(`encrypts with an AES-${bits} key as aes-${bits}-gcm`, () => {
        const uid = fx.create({ length: bits });
        assert.deepEqual(openAesGcmLocally(fx.keyBytes(uid), encrypt(uid)), PLAINTEXT);
      });
    }

    it('encrypts and decrypts an empty message', () => {
      const uid = fx.create();
      const s = encrypt(uid, new Uint8Array(0));
      assert.equal(s.data.length, 0);
      assert.equal(decrypt(uid, s).length, 0);
    });

    it('binds additional authenticated data', () => {
      const uid = fx.create();
      const aad = Buffer.from('record-42', 'utf8');
      const s = encrypt(uid, PLAINTEXT, { aad });
      assert.deepEqual(decrypt(uid, s, { aad }), PLAINTEXT);
      assert.deepEqual(openAesGcmLocally(fx.keyBytes(uid), s, aad), PLAINTEXT);
      fx.callError(decryptRequest(uid, s.data, s.nonce, s.tag, { aad: Buffer.from('record-43') }), 'Cryptographic_Failure');
      fx.callError(decryptRequest(uid, s.data, s.nonce, s.tag), 'Cryptographic_Failure');
    });

    it('encrypts with ChaCha20-Poly1305 under a ChaCha20 key', () => {
      const uid = fx.create({ algorithm: 'ChaCha20' });
      const aad = Buffer.from('cc', 'utf8');
      const s = encrypt(uid, PLAINTEXT, { aad });
      assert.equal(s.nonce.length, 12);
      assert.equal(s.tag.length, 16);
      const d = createDecipheriv('chacha20-poly1305', fx.keyBytes(uid), s.nonce, { authTagLength: 16 });
      d.setAAD(aad, { plaintextLength: s.data.length });
      d.setAuthTag(s.tag);
      assert.deepEqual(Buffer.concat([d.update(s.data), d.final()]), PLAINTEXT);
      assert.deepEqual(decrypt(uid, s, { aad }), PLAINTEXT);
    });

    it('accepts explicit CryptographicParameters GCM/AES', () => {
      const uid = fx.create();
      const s = encrypt(uid, PLAINTEXT, { mode: 'GCM', algorithm: 'AES' });
      assert.deepEqual(decrypt(uid, s, { mode: 'GCM', algorithm: 'AES' }), PLAINTEXT);
      assert.deepEqual(openAesGcmLocally(fx.keyBytes(uid), s), PLAINTEXT);
    });

    it('accepts explicit ChaCha20Poly1305 parameters with a ChaCha20 key', () => {
      const uid = fx.create({ algorithm: 'ChaCha20' });
      const s = encrypt(uid, PLAINTEXT, { algorithm: 'ChaCha20Poly1305' });
      assert.deepEqual(decrypt(uid, s), PLAINTEXT);
    });

    it('refuses block cipher modes it does not offer (ECB, XTS, CCM)', () => {
      const uid = fx.create();
      for (const mode of ['ECB', 'XTS', 'CCM']) {
        fx.callError(encryptRequest(uid, PLAINTEXT, { mode }), 'Unsupported_Cryptographic_Parameters');
      }
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, s.nonce, s.tag, { mode: 'ECB' }), 'Unsupported_Cryptographic_Parameters');
    });

    it('refuses parameters that do not fit the key', () => {
      const aes = fx.create();
      const chacha = fx.create({ algorithm: 'ChaCha20' });
      fx.callError(encryptRequest(aes, PLAINTEXT, { algorithm: 'ChaCha20Poly1305' }), 'Bad_Cryptographic_Parameters');
      fx.callError(encryptRequest(chacha, PLAINTEXT, { algorithm: 'AES' }), 'Bad_Cryptographic_Parameters');
      fx.callError(encryptRequest(chacha, PLAINTEXT, { mode: 'GCM' }), 'Bad_Cryptographic_Parameters');
      fx.callError(encryptRequest(aes, PLAINTEXT, { algorithm: 'RSA' }), 'Unsupported_Cryptographic_Parameters');
    });

    it('refuses a TagLength other than 16 bytes', () => {
      const uid = fx.create();
      const req = struct('Encrypt', [
        text('UniqueIdentifier', uid),
        struct('CryptographicParameters', [long('TagLength', 12n)]),
        bytes('Data', PLAINTEXT),
      ]);
      fx.callError(req, 'Unsupported_Cryptographic_Parameters');
    });

    it('uses a nonce the client supplies', () => {
      const uid = fx.create();
      const nonce = new Uint8Array(randomBytes(12));
      const s = encrypt(uid, PLAINTEXT, { nonce });
      assert.equal(hexOf(s.nonce), hexOf(nonce));
      assert.deepEqual(openAesGcmLocally(fx.keyBytes(uid), { ...s, nonce }), PLAINTEXT);
    });

    it('refuses a nonce that is not 12 bytes', () => {
      const uid = fx.create();
      for (const n of [0, 8, 16]) {
        fx.callError(encryptRequest(uid, PLAINTEXT, { nonce: new Uint8Array(n) }), 'Bad_Cryptographic_Parameters');
      }
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, s.nonce.subarray(0, 8), s.tag), 'Bad_Cryptographic_Parameters');
    });

    it('refuses a Decrypt without a nonce', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, undefined, s.tag), 'Missing_Initialization_Vector');
    });

    it('refuses a Decrypt without a tag', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, s.nonce, undefined), 'Missing_Data');
    });

    it('reports the missing nonce first when a Decrypt has neither nonce nor tag', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, undefined, undefined), 'Missing_Initialization_Vector');
    });

    it('fails authentication on a tampered ciphertext, tag or nonce', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, flipBit(s.data, 3), s.nonce, s.tag), 'Cryptographic_Failure');
      fx.callError(decryptRequest(uid, s.data, s.nonce, flipBit(s.tag, 15)), 'Cryptographic_Failure');
      fx.callError(decryptRequest(uid, s.data, flipBit(s.nonce), s.tag), 'Cryptographic_Failure');
      fx.callError(decryptRequest(uid, s.data.subarray(1), s.nonce, s.tag), 'Cryptographic_Failure');
    });

    it('fails authentication under another key', () => {
      const a = fx.create();
      const b = fx.create();
      const s = encrypt(a);
      fx.callError(decryptRequest(b, s.data, s.nonce, s.tag), 'Cryptographic_Failure');
    });

    it('refuses a truncated tag', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, s.nonce, s.tag.subarray(0, 12)), 'Bad_Cryptographic_Parameters');
    });

    it('refuses to Encrypt with a key whose usage mask lacks Encrypt', () => {
      const uid = fx.create({ usageMask: 0x8 });
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it('refuses to Decrypt with a key whose usage mask lacks Decrypt', () => {
      const uid = fx.create({ usageMask: 0x4 });
      const s = encrypt(uid);
      fx.callError(decryptRequest(uid, s.data, s.nonce, s.tag), 'Incompatible_Cryptographic_Usage_Mask');
    });

    it('lets an Unrestricted usage mask encrypt and decrypt', () => {
      const uid = fx.create({ usageMask: 0x200000 });
      assert.deepEqual(decrypt(uid, encrypt(uid)), PLAINTEXT);
    });

    it('still decrypts with a revoked (Deactivated) key but no longer encrypts', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.call(revokeRequest(uid));
      assert.deepEqual(decrypt(uid, s), PLAINTEXT);
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Item_Not_Found');
    });

    it('still decrypts old data with a Compromised key, so it can be re-encrypted, but no longer encrypts', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.call(revokeRequest(uid, { code: 'KeyCompromise', occurred: 1_700_000_000_000n }));
      assert.deepEqual(decrypt(uid, s), PLAINTEXT);
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Item_Not_Found');
    });

    it('neither encrypts nor decrypts with a destroyed key', () => {
      const uid = fx.create();
      const s = encrypt(uid);
      fx.call(revokeEnumRequest(uid, 'Superseded'));
      fx.call(destroyRequest(uid));
      fx.callError(decryptRequest(uid, s.data, s.nonce, s.tag), 'Item_Not_Found');
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Item_Not_Found');
    });

    it('reports an unknown key as Item_Not_Found', () => {
      fx.callError(encryptRequest('nope', PLAINTEXT), 'Item_Not_Found');
    });

    it("refuses another user's key", () => {
      const uid = fx.create({}, 'bob');
      fx.callError(encryptRequest(uid, PLAINTEXT), 'Item_Not_Found');
    });

    it('echoes the CorrelationValue', () => {
      const uid = fx.create();
      const req = struct('Encrypt', [text('UniqueIdentifier', uid), bytes('Data', PLAINTEXT), bytes('CorrelationValue', Buffer.from('c1'))]);
      assert.equal(Buffer.from(bytesField(fx.call(req), 'CorrelationValue')).toString(), 'c1');
    });
  });
}
