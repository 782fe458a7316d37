import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createCipheriv, createDecipheriv, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import { enumeration, int, struct } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, decryptRequest, encryptRequest, getRequest, importRequest, textField } from '../../helpers/kmip-requests.js';
import { flipBit, hexOf, rawKeyOf, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { CipherOptions } from '../../helpers/kmip-requests.js';
import type { CipherGCMTypes } from 'node:crypto';

/** Unsigned LEB128, written independently of the server's codec. */
function leb128(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const low = v % 128;
    v = Math.floor(v / 128);
    out.push(v > 0 ? low | 0x80 : low);
  } while (v > 0);
  return out;
}

/** Frames items as Cosmian's BulkData: 0x87 0x87, LEB128 count, then LEB128 length and bytes per item. */
function frame(items: readonly Uint8Array[]): Uint8Array {
  const out: number[] = [0x87, 0x87, ...leb128(items.length)];
  for (const item of items) out.push(...leb128(item.length), ...item);
  return Uint8Array.from(out);
}

/** Reads one LEB128 value at `at`: the value and the offset after it. */
function readLeb128(b: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = b[at + i];
    assert.ok(byte !== undefined, 'LEB128 value runs past the end');
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return [value, at + i + 1];
  }
  assert.fail('LEB128 value longer than 5 bytes');
}

/** Parses a BulkData answer, checking the framing covers the buffer exactly. */
function unframe(b: Uint8Array): Uint8Array[] {
  assert.equal(hexOf(b.subarray(0, 2)), '8787', 'BulkData starts with 0x87 0x87');
  const [count, start] = readLeb128(b, 2);
  const items: Uint8Array[] = [];
  let at = start;
  for (let i = 0; i < count; i++) {
    const [length, from] = readLeb128(b, at);
    assert.ok(from + length <= b.length, 'item runs past the end');
    items.push(b.subarray(from, from + length));
    at = from + length;
  }
  assert.equal(at, b.length, 'no bytes after the last item');
  return items;
}

// Three items: short, one whose length needs two LEB128 bytes, and an empty one.
const ITEMS: readonly Uint8Array[] = [Buffer.from('first item', 'utf8'), new Uint8Array(randomBytes(300)), new Uint8Array(0)];

for (const kind of STORE_KINDS) {
  describe(`BulkData Encrypt and Decrypt (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    /** Encrypts and returns the answer's Data, checking that a BulkData answer has no nonce or tag of its own. */
    const encryptBulk = (uid: string, data: Uint8Array, o: CipherOptions = {}): Uint8Array => {
      const res = fx.call(encryptRequest(uid, data, o));
      assert.deepEqual(tagsIn(res), ['UniqueIdentifier', 'Data']);
      return bytesField(res, 'Data');
    };
    const decryptBulk = (uid: string, data: Uint8Array, o: CipherOptions = {}): Uint8Array => bytesField(fx.call(decryptRequest(uid, data, undefined, undefined, o)), 'Data');

    for (const algorithm of ['AES', 'ChaCha20']) {
      it(`encrypts each item under its own nonce as nonce || ciphertext || tag (${algorithm})`, () => {
        const uid = fx.create({ algorithm });
        const key = fx.keyBytes(uid);
        const aad = Buffer.from('bound to every item', 'utf8');
        const out = unframe(encryptBulk(uid, frame(ITEMS), { aad }));
        assert.equal(out.length, ITEMS.length);
        const nonces = new Set<string>();
        out.forEach((item, i) => {
          const plain = ITEMS[i] ?? new Uint8Array(0);
          assert.equal(item.length, 12 + plain.length + 16);
          const nonce = item.subarray(0, 12);
          nonces.add(hexOf(nonce));
          const d = algorithm === 'AES'
            ? createDecipheriv('aes-256-gcm' as CipherGCMTypes, key, nonce)
            : createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
          d.setAAD(aad, { plaintextLength: plain.length });
          d.setAuthTag(item.subarray(item.length - 16));
          assert.equal(hexOf(Buffer.concat([d.update(item.subarray(12, item.length - 16)), d.final()])), hexOf(plain));
        });
        assert.equal(nonces.size, ITEMS.length, 'no nonce repeats');
      });
    }

    it('decrypts a BulkData answer back into the framed items', () => {
      const uid = fx.create();
      const sealed = encryptBulk(uid, frame(ITEMS));
      const opened = decryptBulk(uid, sealed);
      assert.equal(hexOf(opened), hexOf(frame(ITEMS)));
      assert.deepEqual(unframe(opened).map(hexOf), ITEMS.map(hexOf));
    });

    for (const mode of ['CBC', 'CTR']) {
      it(`frames ${mode} items as iv || ciphertext and decrypts them back`, () => {
        const uid = fx.create();
        const key = fx.keyBytes(uid);
        const sealed = encryptBulk(uid, frame(ITEMS), { mode });
        const out = unframe(sealed);
        const ivs = new Set<string>();
        out.forEach((item, i) => {
          const iv = item.subarray(0, 16);
          ivs.add(hexOf(iv));
          const d = createDecipheriv(mode === 'CBC' ? 'aes-256-cbc' : 'aes-256-ctr', key, iv);
          assert.equal(hexOf(Buffer.concat([d.update(item.subarray(16)), d.final()])), hexOf(ITEMS[i] ?? new Uint8Array(0)));
        });
        assert.equal(ivs.size, ITEMS.length);
        assert.equal(hexOf(decryptBulk(uid, sealed, { mode })), hexOf(frame(ITEMS)));
      });
    }

    it('frames RFC 5649 key wrap items as the wrapped bytes alone', () => {
      const uid = fx.create();
      const keys = [new Uint8Array(randomBytes(16)), new Uint8Array(randomBytes(32)), new Uint8Array(randomBytes(7))];
      const out = unframe(encryptBulk(uid, frame(keys), { mode: 'NISTKeyWrap' }));
      assert.deepEqual(out.map((w) => w.length), [24, 40, 16]);
      assert.deepEqual(unframe(decryptBulk(uid, frame(out), { mode: 'NISTKeyWrap' })).map(hexOf), keys.map(hexOf));
    });

    it('frames RSA-OAEP items as the ciphertext alone, each one the modulus size', async () => {
      const pair = await fx.callAsync(struct('CreateKeyPair', [struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'RSA'), int('CryptographicLength', 2048)])]));
      const priv = textField(pair, 'PrivateKeyUniqueIdentifier');
      const pub = textField(pair, 'PublicKeyUniqueIdentifier');
      const key = createPrivateKey({ key: Buffer.from(rawKeyOf(fx.call(getRequest(priv, 'PKCS8')))), format: 'der', type: 'pkcs8' });
      const items = ITEMS.filter((item) => item.length < 190);
      const sealed = encryptBulk(pub, frame(items));
      const out = unframe(sealed);
      assert.deepEqual(out.map((c) => c.length), [256, 256]);
      // The 300-byte item is too long for one OAEP block (190 bytes with SHA-256): every item must fit.
      fx.callError(encryptRequest(pub, frame(ITEMS)), 'Bad_Cryptographic_Parameters');
      out.forEach((c, i) => {
        assert.equal(hexOf(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, c)), hexOf(items[i] ?? new Uint8Array(0)));
      });
      assert.equal(hexOf(decryptBulk(priv, sealed)), hexOf(frame(items)));
    });

    it('refuses a client IvCounterNonce with BulkData, whatever the mode', () => {
      const uid = fx.create();
      fx.callError(encryptRequest(uid, frame(ITEMS), { nonce: new Uint8Array(12) }), 'Bad_Cryptographic_Parameters');
      fx.callError(encryptRequest(uid, frame(ITEMS), { mode: 'CBC', nonce: new Uint8Array(16) }), 'Bad_Cryptographic_Parameters');
    });

    it('answers an empty BulkData with an empty BulkData', () => {
      const uid = fx.create();
      const sealed = encryptBulk(uid, frame([]));
      assert.equal(hexOf(sealed), '878700');
      assert.equal(hexOf(decryptBulk(uid, sealed)), '878700');
    });

    it('fails the whole BulkData Decrypt when one item was tampered with', () => {
      const uid = fx.create();
      const items = unframe(encryptBulk(uid, frame(ITEMS)));
      const tampered = frame(items.map((item, i) => (i === 1 ? flipBit(item, 20) : item)));
      fx.callError(decryptRequest(uid, tampered, undefined, undefined), 'Cryptographic_Failure');
    });

    it('refuses a BulkData item shorter than nonce and tag together', () => {
      const uid = fx.create();
      fx.callError(decryptRequest(uid, frame([new Uint8Array(27)]), undefined, undefined), 'Invalid_Message');
    });

    it('decrypts one ciphertext that happens to parse as BulkData when the request carries its own nonce and tag', () => {
      const key = new Uint8Array(32).fill(0x42);
      const nonce = new Uint8Array(12).fill(0x24);
      const uid = textField(fx.call(importRequest({ key })), 'UniqueIdentifier');
      // GCM is a stream cipher: XOR the keystream into the wanted ciphertext to find the plaintext that gives it.
      const wanted = frame([Buffer.from('xy', 'utf8')]);
      const c = createCipheriv('aes-256-gcm', key, nonce);
      const stream = Buffer.concat([c.update(new Uint8Array(wanted.length)), c.final()]);
      const plaintext = wanted.map((b, i) => b ^ (stream[i] ?? 0));
      const res = fx.call(encryptRequest(uid, plaintext, { nonce }));
      assert.equal(hexOf(bytesField(res, 'Data')), hexOf(wanted));
      const opened = fx.call(decryptRequest(uid, wanted, nonce, bytesField(res, 'AuthenticatedEncryptionTag')));
      assert.equal(hexOf(bytesField(opened, 'Data')), hexOf(plaintext));
    });

    // Each starts with 0x87 0x87 but is not exactly one well-formed BulkData value.
    const NOT_BULK: readonly [string, Uint8Array][] = [
      ['the marker alone', Uint8Array.of(0x87, 0x87)],
      ['a count beyond the bytes present', Uint8Array.of(0x87, 0x87, 0x05, 0x01, 0x41)],
      ['an item running past the end', Uint8Array.of(0x87, 0x87, 0x01, 0x09, 0x41, 0x42)],
      ['bytes after the last item', Uint8Array.of(0x87, 0x87, 0x01, 0x01, 0x41, 0x42)],
      ['an unterminated LEB128 count', Uint8Array.of(0x87, 0x87, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)],
    ];
    for (const [name, data] of NOT_BULK) {
      it(`treats 0x8787 data with ${name} as one plaintext and round-trips it`, () => {
        const uid = fx.create();
        const res = fx.call(encryptRequest(uid, data));
        assert.deepEqual(tagsIn(res), ['UniqueIdentifier', 'Data', 'IvCounterNonce', 'AuthenticatedEncryptionTag']);
        const ct = bytesField(res, 'Data');
        assert.equal(ct.length, data.length);
        const opened = fx.call(decryptRequest(uid, ct, bytesField(res, 'IvCounterNonce'), bytesField(res, 'AuthenticatedEncryptionTag')));
        assert.equal(hexOf(bytesField(opened, 'Data')), hexOf(data));
      });
    }
  });
}
