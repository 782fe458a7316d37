import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createDecipheriv } from 'node:crypto';
import { bytes, long, struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, decryptRequest, encryptRequest, importRequest, textField } from '../../helpers/kmip-requests.js';
import { flipBit, hexOf, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { CipherOptions } from '../../helpers/kmip-requests.js';
import type { TtlvStructure } from '../../../src/kmip/ttlv/node.js';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const upper = (s: string): string => s.replace(/\s/g, '').toUpperCase();

// NIST SP 800-38A, appendix F: the shared plaintext, keys, CBC IV and CTR initial counter block.
const SP800_38A_PLAINTEXT = hex('6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710');
const AES128_KEY = '2b7e151628aed2a6abf7158809cf4f3c';
const AES256_KEY = '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4';
const CBC_IV = '000102030405060708090a0b0c0d0e0f';
const CTR_BLOCK = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';

const SP800_38A: readonly { name: string; mode: 'CBC' | 'CTR'; key: string; iv: string; ciphertext: string }[] = [
  { name: 'F.2.1 CBC-AES128', mode: 'CBC', key: AES128_KEY, iv: CBC_IV, ciphertext: '7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7' },
  { name: 'F.2.5 CBC-AES256', mode: 'CBC', key: AES256_KEY, iv: CBC_IV, ciphertext: 'f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b' },
  { name: 'F.5.1 CTR-AES128', mode: 'CTR', key: AES128_KEY, iv: CTR_BLOCK, ciphertext: '874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff 5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee' },
  { name: 'F.5.5 CTR-AES256', mode: 'CTR', key: AES256_KEY, iv: CTR_BLOCK, ciphertext: '601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5 2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6' },
];

// RFC 5649 section 6: both examples under the one 192-bit KEK.
const RFC5649_KEK = '5840df6e29b02af1 ab493b705bf16ea1 ae8338f4dcc176a8';
const RFC5649: readonly { name: string; key: string; wrapped: string }[] = [
  { name: '20-byte key', key: 'c37b7e6492584340 bed1220780894115 5068f738', wrapped: '138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a' },
  { name: '7-byte key', key: '466f7250617369', wrapped: 'afbeb0f07dfbf541 9200f2ccb50bb24f' },
];

// RFC 8439 section 2.8.2.
const RFC8439 = {
  key: Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i),
  nonce: hex('070000004041424344454647'),
  aad: hex('50515253c0c1c2c3c4c5c6c7'),
  plaintext: Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.", 'utf8'),
  ciphertext: 'd31a8d34648e60db7b86afbc53ef7ec2 a4aded51296e08fea9e2b5a736ee62d6 3dbea45e8ca9671282fafb69da92728b 1a71de0a9e060b2905d6a5b67ecd3b36 92ddbd7f2d778b8c9803aee328091b58 fab324e4fad675945585808b4831d7bc 3ff4def08e4b7a9de576d26586cec64b 6116',
  tag: '1ae10b594f09e26a7e902ecbd0600691',
};

// The GCM specification (McGrew and Viega), test cases 3 (no AAD) and 4 (AAD, 60-byte plaintext).
const GCM_KEY = 'feffe9928665731c6d6a8f9467308308';
const GCM_IV = 'cafebabefacedbaddecaf888';
const GCM_PLAINTEXT = hex('d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72 1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255');
const GCM_CIPHERTEXT = '42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e 21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091473f5985';
const GCM: readonly { name: string; plaintext: Uint8Array; aad: Uint8Array | undefined; ciphertext: string; tag: string }[] = [
  { name: 'test case 3', plaintext: GCM_PLAINTEXT, aad: undefined, ciphertext: GCM_CIPHERTEXT, tag: '4d5c2af327cd64a62cf35abd2ba6fab4' },
  { name: 'test case 4', plaintext: GCM_PLAINTEXT.subarray(0, 60), aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'), ciphertext: upper(GCM_CIPHERTEXT).slice(0, 120), tag: '5bc94fbc3221a5db94fae95ae7121a47' },
];

/** `openssl enc` over the plaintext with the given key and IV (PKCS#7 padding, as openssl does by default). */
function opensslCbc(key: string, iv: string, plaintext: Uint8Array): string {
  const run = spawnSync('openssl', ['enc', `-aes-${(key.length / 2) * 8}-cbc`, '-K', key, '-iv', iv], { input: plaintext });
  assert.equal(run.status, 0, `openssl failed: ${run.stderr.toString('utf8')}`);
  return hexOf(run.stdout);
}

/** An optional response field. */
function optionalBytes(res: TtlvStructure, tag: string): Uint8Array | undefined {
  return res.value.some((c) => c.tag === tag) ? bytesField(res, tag) : undefined;
}

for (const kind of STORE_KINDS) {
  describe(`Block ciphers, key wrap and AEAD against published vectors (${kind} store)`, () => {
    let fx: ActorFixture;
    beforeEach(() => {
      fx = openActorFixture(kind);
    });
    afterEach(() => {
      fx.close();
    });

    const importKey = (key: Uint8Array, algorithm = 'AES'): string => textField(fx.call(importRequest({ key, algorithm })), 'UniqueIdentifier');
    const encrypt = (uid: string, data: Uint8Array, o: CipherOptions): { data: Uint8Array; nonce: Uint8Array | undefined; tag: Uint8Array | undefined; tags: string[] } => {
      const res = fx.call(encryptRequest(uid, data, o));
      return { data: bytesField(res, 'Data'), nonce: optionalBytes(res, 'IvCounterNonce'), tag: optionalBytes(res, 'AuthenticatedEncryptionTag'), tags: tagsIn(res) };
    };
    const decrypt = (uid: string, data: Uint8Array, nonce: Uint8Array | undefined, tag: Uint8Array | undefined, o: CipherOptions = {}): string =>
      hexOf(bytesField(fx.call(decryptRequest(uid, data, nonce, tag, o)), 'Data'));

    for (const v of SP800_38A) {
      it(`matches NIST SP 800-38A ${v.name} with the client's IV and decrypts it back`, () => {
        const uid = importKey(hex(v.key));
        const out = encrypt(uid, SP800_38A_PLAINTEXT, { mode: v.mode, nonce: hex(v.iv) });
        assert.equal(hexOf(out.nonce ?? new Uint8Array(0)), upper(v.iv));
        assert.equal(out.tag, undefined, 'CBC and CTR carry no tag');
        if (v.mode === 'CTR') {
          assert.equal(hexOf(out.data), upper(v.ciphertext));
        } else {
          // The server pads with PKCS#7: a whole-block plaintext gets one more block of 0x10 bytes.
          assert.equal(out.data.length, SP800_38A_PLAINTEXT.length + 16);
          assert.equal(hexOf(out.data.subarray(0, SP800_38A_PLAINTEXT.length)), upper(v.ciphertext));
          assert.equal(hexOf(out.data), opensslCbc(v.key, v.iv, SP800_38A_PLAINTEXT));
        }
        assert.equal(decrypt(uid, out.data, hex(v.iv), undefined, { mode: v.mode }), hexOf(SP800_38A_PLAINTEXT));
      });
    }

    it('matches NIST CAVP gcmEncryptExtIV128 Count 0 (empty plaintext and AAD): the tag alone', () => {
      const uid = importKey(hex('11754cd72aec309bf52f7687212e8957'));
      const out = encrypt(uid, new Uint8Array(0), { nonce: hex('3c819d9a9bed087615030b65') });
      assert.equal(out.data.length, 0);
      assert.equal(hexOf(out.tag ?? new Uint8Array(0)), '250327C674AAF477AEF2675748CF6971');
    });

    it('matches NIST CAVP CBCGFSbox128 Count 0 in its first block', () => {
      const uid = importKey(new Uint8Array(16));
      const out = encrypt(uid, hex('f34481ec3cc627bacd5dc3fb08f273e6'), { mode: 'CBC', nonce: new Uint8Array(16) });
      assert.equal(hexOf(out.data.subarray(0, 16)), '0336763E966D92595A567CC9CE537F5E');
    });

    it('pads CBC input that is not a whole number of blocks the way openssl does', () => {
      const uid = importKey(hex(AES128_KEY));
      const data = SP800_38A_PLAINTEXT.subarray(0, 37);
      const out = encrypt(uid, data, { mode: 'CBC', nonce: hex(CBC_IV) });
      assert.equal(hexOf(out.data), opensslCbc(AES128_KEY, CBC_IV, data));
      assert.equal(decrypt(uid, out.data, hex(CBC_IV), undefined, { mode: 'CBC' }), hexOf(data));
    });

    for (const mode of ['CBC', 'CTR'] as const) {
      it(`chooses a fresh random 16-byte IV for ${mode} when the client gives none`, () => {
        const key = hex(AES256_KEY);
        const uid = importKey(key);
        const a = encrypt(uid, SP800_38A_PLAINTEXT, { mode });
        const b = encrypt(uid, SP800_38A_PLAINTEXT, { mode });
        assert.equal(a.nonce?.length, 16);
        assert.equal(b.nonce?.length, 16);
        assert.notEqual(hexOf(a.nonce ?? new Uint8Array(0)), hexOf(b.nonce ?? new Uint8Array(0)));
        assert.notEqual(hexOf(a.data), hexOf(b.data));
        const d = createDecipheriv(mode === 'CBC' ? 'aes-256-cbc' : 'aes-256-ctr', key, a.nonce ?? new Uint8Array(0));
        assert.equal(hexOf(Buffer.concat([d.update(a.data), d.final()])), hexOf(SP800_38A_PLAINTEXT));
        assert.equal(decrypt(uid, b.data, b.nonce, undefined, { mode }), hexOf(SP800_38A_PLAINTEXT));
      });

      it(`refuses a ${mode} Decrypt without an IV as Missing_Initialization_Vector`, () => {
        const uid = importKey(hex(AES128_KEY));
        const out = encrypt(uid, SP800_38A_PLAINTEXT, { mode });
        fx.callError(decryptRequest(uid, out.data, undefined, undefined, { mode }), 'Missing_Initialization_Vector');
      });

      it(`refuses a ${mode} IV that is not 16 bytes`, () => {
        const uid = importKey(hex(AES128_KEY));
        fx.callError(encryptRequest(uid, SP800_38A_PLAINTEXT, { mode, nonce: new Uint8Array(12) }), 'Bad_Cryptographic_Parameters');
        fx.callError(decryptRequest(uid, new Uint8Array(32), new Uint8Array(8), undefined, { mode }), 'Bad_Cryptographic_Parameters');
      });
    }

    it('fails a CBC Decrypt whose padding does not check out as Cryptographic_Failure', () => {
      const uid = importKey(hex(AES128_KEY));
      const out = encrypt(uid, SP800_38A_PLAINTEXT, { mode: 'CBC', nonce: hex(CBC_IV) });
      // Without the padding block the last block decrypts to f69f...3710: it ends in 0x10 but is not sixteen 0x10 bytes.
      fx.callError(decryptRequest(uid, out.data.subarray(0, 64), hex(CBC_IV), undefined, { mode: 'CBC' }), 'Cryptographic_Failure');
    });

    for (const mode of ['NISTKeyWrap', 'AESKeyWrapPadding']) {
      for (const v of RFC5649) {
        it(`wraps the RFC 5649 ${v.name} exactly with BlockCipherMode ${mode} and unwraps it`, () => {
          const uid = importKey(hex(RFC5649_KEK));
          const out = encrypt(uid, hex(v.key), { mode });
          assert.equal(hexOf(out.data), upper(v.wrapped));
          assert.deepEqual(out.tags, ['UniqueIdentifier', 'Data'], 'key wrap has no nonce and no tag');
          assert.equal(decrypt(uid, hex(v.wrapped), undefined, undefined, { mode }), upper(v.key));
        });
      }
    }

    it('fails to unwrap a tampered or truncated RFC 5649 ciphertext as Cryptographic_Failure', () => {
      const uid = importKey(hex(RFC5649_KEK));
      const [big, small] = RFC5649.map((v) => hex(v.wrapped)) as [Uint8Array, Uint8Array];
      fx.callError(decryptRequest(uid, flipBit(big, 5), undefined, undefined, { mode: 'NISTKeyWrap' }), 'Cryptographic_Failure');
      fx.callError(decryptRequest(uid, flipBit(small, 15), undefined, undefined, { mode: 'NISTKeyWrap' }), 'Cryptographic_Failure');
      fx.callError(decryptRequest(uid, big.subarray(8), undefined, undefined, { mode: 'NISTKeyWrap' }), 'Cryptographic_Failure');
    });

    it('refuses an IV with key wrap, and data key wrap cannot take', () => {
      const uid = importKey(hex(RFC5649_KEK));
      fx.callError(encryptRequest(uid, hex(RFC5649[0]?.key ?? ''), { mode: 'NISTKeyWrap', nonce: new Uint8Array(16) }), 'Bad_Cryptographic_Parameters');
      fx.callError(encryptRequest(uid, new Uint8Array(0), { mode: 'NISTKeyWrap' }), 'Bad_Cryptographic_Parameters');
      fx.callError(decryptRequest(uid, new Uint8Array(12), undefined, undefined, { mode: 'NISTKeyWrap' }), 'Bad_Cryptographic_Parameters');
    });

    it('matches the RFC 8439 section 2.8.2 ChaCha20-Poly1305 AEAD vector exactly and opens it', () => {
      const uid = importKey(RFC8439.key, 'ChaCha20');
      const out = encrypt(uid, RFC8439.plaintext, { nonce: RFC8439.nonce, aad: RFC8439.aad });
      assert.equal(hexOf(out.data), upper(RFC8439.ciphertext));
      assert.equal(hexOf(out.tag ?? new Uint8Array(0)), upper(RFC8439.tag));
      assert.equal(hexOf(out.nonce ?? new Uint8Array(0)), hexOf(RFC8439.nonce));
      assert.equal(decrypt(uid, hex(RFC8439.ciphertext), RFC8439.nonce, hex(RFC8439.tag), { aad: RFC8439.aad }), hexOf(RFC8439.plaintext));
      fx.callError(decryptRequest(uid, hex(RFC8439.ciphertext), RFC8439.nonce, flipBit(hex(RFC8439.tag)), { aad: RFC8439.aad }), 'Cryptographic_Failure');
    });

    it('refuses a TagLength other than 16 bytes or an IvLength other than 96 bits for ChaCha20-Poly1305, as for GCM', () => {
      for (const uid of [importKey(RFC8439.key, 'ChaCha20'), importKey(hex(GCM_KEY))]) {
        for (const [tag, value] of [['TagLength', 12n], ['IvLength', 128n]] as const) {
          const req = struct('Encrypt', [text('UniqueIdentifier', uid), struct('CryptographicParameters', [long(tag, value)]), bytes('Data', RFC8439.plaintext)]);
          fx.callError(req, 'Unsupported_Cryptographic_Parameters');
        }
        const ok = struct('Encrypt', [text('UniqueIdentifier', uid), struct('CryptographicParameters', [long('TagLength', 16n), long('IvLength', 96n)]), bytes('Data', RFC8439.plaintext)]);
        assert.equal(bytesField(fx.call(ok), 'AuthenticatedEncryptionTag').length, 16);
      }
    });

    for (const v of GCM) {
      it(`matches AES-128-GCM ${v.name} of the GCM specification exactly and opens it`, () => {
        const uid = importKey(hex(GCM_KEY));
        const o = v.aad === undefined ? {} : { aad: v.aad };
        const out = encrypt(uid, v.plaintext, { ...o, mode: 'GCM', nonce: hex(GCM_IV) });
        assert.equal(hexOf(out.data), upper(v.ciphertext));
        assert.equal(hexOf(out.tag ?? new Uint8Array(0)), upper(v.tag));
        assert.equal(decrypt(uid, hex(v.ciphertext), hex(GCM_IV), hex(v.tag), o), hexOf(v.plaintext));
      });
    }
  });
}
