import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aesCbcDecrypt, aesCbcEncrypt, aesCtr, AES_BLOCK } from '../../../src/crypto/block-cipher.js';
import { CipherError } from '../../../src/crypto/cipher-error.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}

// NIST SP 800-38A appendix F: the shared plaintext, IV and counter block.
const PLAINTEXT = '6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710';
const CBC_IV = '000102030405060708090a0b0c0d0e0f';
const CTR_COUNTER = 'f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff';
const KEY_128 = '2b7e151628aed2a6abf7158809cf4f3c';
const KEY_256 = '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4';

const CBC_VECTORS = [
  { name: 'F.2.1 CBC-AES128', key: KEY_128, ct: '7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2 73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7' },
  { name: 'F.2.5 CBC-AES256', key: KEY_256, ct: 'f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d 39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b' },
];
const CTR_VECTORS = [
  { name: 'F.5.1 CTR-AES128', key: KEY_128, ct: '874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff 5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee' },
  { name: 'F.5.5 CTR-AES256', key: KEY_256, ct: '601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5 2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6' },
];

const dir = mkdtempSync(join(tmpdir(), 'kms-block-cipher-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

/** Runs `openssl enc` over input with a raw key and IV and returns its output. */
function opensslEnc(args: readonly string[], input: Uint8Array): Uint8Array {
  const inFile = join(dir, 'in.bin');
  const outFile = join(dir, 'out.bin');
  writeFileSync(inFile, input);
  execFileSync('openssl', ['enc', ...args, '-in', inFile, '-out', outFile]);
  return new Uint8Array(readFileSync(outFile));
}

describe('AES-CBC', () => {
  for (const v of CBC_VECTORS) {
    it(`matches NIST SP 800-38A ${v.name} in both directions without padding`, () => {
      assert.equal(hex(aesCbcEncrypt(bytes(v.key), bytes(CBC_IV), bytes(PLAINTEXT), 'none')), hex(bytes(v.ct)));
      assert.equal(hex(aesCbcDecrypt(bytes(v.key), bytes(CBC_IV), bytes(v.ct), 'none')), hex(bytes(PLAINTEXT)));
    });

    it(`adds exactly one PKCS#7 block after the ${v.name} ciphertext for whole-block input`, () => {
      const out = aesCbcEncrypt(bytes(v.key), bytes(CBC_IV), bytes(PLAINTEXT));
      assert.equal(out.length, 64 + AES_BLOCK);
      assert.equal(hex(out.subarray(0, 64)), hex(bytes(v.ct)));
      assert.equal(hex(aesCbcDecrypt(bytes(v.key), bytes(CBC_IV), out)), hex(bytes(PLAINTEXT)));
    });
  }

  it('pads like openssl enc -aes-256-cbc and decrypts what it produced', () => {
    const key = bytes(KEY_256);
    const iv = bytes('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
    for (const n of [0, 1, 15, 16, 17, 31, 33, 100]) {
      const pt = new Uint8Array(n).map((_, i) => (i * 7 + n) & 0xff);
      const theirs = opensslEnc(['-aes-256-cbc', '-K', hex(key), '-iv', hex(iv)], pt);
      assert.equal(hex(aesCbcEncrypt(key, iv, pt)), hex(theirs), `length ${n}`);
      assert.equal(hex(aesCbcDecrypt(key, iv, theirs)), hex(pt), `length ${n}`);
    }
  });

  it('rejects malformed PKCS#7 padding with the generic BAD_PADDING error', () => {
    const key = bytes(KEY_128);
    const iv = bytes(CBC_IV);
    for (const last of ['00', '11', 'ff']) {
      const block = bytes(`0102030405060708090a0b0c0d0e0f${last}`);
      const ct = aesCbcEncrypt(key, iv, block, 'none');
      assert.throws(() => aesCbcDecrypt(key, iv, ct), (e: unknown) => e instanceof CipherError && e.code === 'BAD_PADDING' && e.message === 'decryption failed');
    }
    // 0x02 0x03 claims two bytes of padding but they differ.
    failsWith('BAD_PADDING', () => aesCbcDecrypt(key, iv, aesCbcEncrypt(key, iv, bytes('0102030405060708090a0b0c0d0e0302'), 'none')));
  });

  it('refuses bad key, IV and ciphertext sizes', () => {
    failsWith('BAD_KEY_LENGTH', () => aesCbcEncrypt(new Uint8Array(20), new Uint8Array(16), new Uint8Array(1)));
    failsWith('BAD_IV_LENGTH', () => aesCbcEncrypt(new Uint8Array(16), new Uint8Array(12), new Uint8Array(1)));
    failsWith('BAD_INPUT', () => aesCbcDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(0)));
    failsWith('BAD_INPUT', () => aesCbcDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(17)));
    failsWith('BAD_INPUT', () => aesCbcEncrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(15), 'none'));
  });
});

describe('AES-CTR', () => {
  for (const v of CTR_VECTORS) {
    it(`matches NIST SP 800-38A ${v.name} for encryption and decryption`, () => {
      assert.equal(hex(aesCtr(bytes(v.key), bytes(CTR_COUNTER), bytes(PLAINTEXT))), hex(bytes(v.ct)));
      assert.equal(hex(aesCtr(bytes(v.key), bytes(CTR_COUNTER), bytes(v.ct))), hex(bytes(PLAINTEXT)));
    });

    it(`gives a prefix of the ${v.name} keystream for a partial block`, () => {
      assert.equal(hex(aesCtr(bytes(v.key), bytes(CTR_COUNTER), bytes(PLAINTEXT).subarray(0, 21))), hex(bytes(v.ct).subarray(0, 21)));
    });
  }

  it('increments the whole 128-bit counter block like openssl enc -aes-128-ctr', () => {
    const key = bytes(KEY_128);
    const iv = bytes('0000000000000000fffffffffffffffe');
    const data = new Uint8Array(80).map((_, i) => i);
    assert.equal(hex(aesCtr(key, iv, data)), hex(opensslEnc(['-aes-128-ctr', '-K', hex(key), '-iv', hex(iv)], data)));
  });

  it('refuses bad key and IV sizes', () => {
    failsWith('BAD_KEY_LENGTH', () => aesCtr(new Uint8Array(8), new Uint8Array(16), new Uint8Array(1)));
    failsWith('BAD_IV_LENGTH', () => aesCtr(new Uint8Array(32), new Uint8Array(8), new Uint8Array(1)));
  });
});
