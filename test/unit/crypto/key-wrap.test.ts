import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import { aesKeyUnwrap, aesKeyUnwrapPad, aesKeyWrap, aesKeyWrapPad } from '../../../src/crypto/key-wrap.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}

// RFC 5649 section 6: both examples use this 192-bit KEK.
const KEK_5649 = bytes('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8');
const RFC_5649 = [
  { name: '20-byte key', pt: 'c37b7e6492584340bed12207808941155068f738', wrapped: '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a' },
  { name: '7-byte key', pt: '466f7250617369', wrapped: 'afbeb0f07dfbf5419200f2ccb50bb24f' },
];

// RFC 3394 section 4 (4.1, 4.2, 4.3 and 4.6).
const KEK_3394 = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const DATA_3394 = '00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f';
const RFC_3394 = [
  { name: '4.1 (128-bit KEK, 128-bit data)', kekBytes: 16, dataBytes: 16, wrapped: '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5' },
  { name: '4.2 (192-bit KEK, 128-bit data)', kekBytes: 24, dataBytes: 16, wrapped: '96778b25ae6ca435f92b5b97c050aed2468ab8a17ad84e5d' },
  { name: '4.3 (256-bit KEK, 128-bit data)', kekBytes: 32, dataBytes: 16, wrapped: '64e8c3f9ce0f5ba263e9777905818a2a93c8191e7d6e8ae7' },
  { name: '4.6 (256-bit KEK, 256-bit data)', kekBytes: 32, dataBytes: 32, wrapped: '28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21' },
];

const dir = mkdtempSync(join(tmpdir(), 'kms-key-wrap-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

function opensslWrapPad(kek: Uint8Array, input: Uint8Array, decrypt: boolean): Uint8Array {
  const inFile = join(dir, 'in.bin');
  const outFile = join(dir, 'out.bin');
  writeFileSync(inFile, input);
  execFileSync('openssl', ['enc', ...(decrypt ? ['-d'] : []), '-id-aes256-wrap-pad', '-K', hex(kek), '-iv', 'A65959A6', '-in', inFile, '-out', outFile]);
  return new Uint8Array(readFileSync(outFile));
}

describe('RFC 5649 AES key wrap with padding', () => {
  for (const v of RFC_5649) {
    it(`matches the RFC 5649 section 6 ${v.name} example both ways`, () => {
      assert.equal(hex(aesKeyWrapPad(KEK_5649, bytes(v.pt))), v.wrapped);
      assert.equal(hex(aesKeyUnwrapPad(KEK_5649, bytes(v.wrapped))), v.pt);
    });
  }

  it('agrees with openssl enc -id-aes256-wrap-pad in both directions', () => {
    const kek = new Uint8Array(32).map((_, i) => 0xf0 - i);
    for (const n of [1, 7, 8, 9, 16, 20, 32, 33, 64, 200]) {
      const pt = new Uint8Array(n).map((_, i) => (i * 13 + n) & 0xff);
      const ours = aesKeyWrapPad(kek, pt);
      assert.equal(ours.length, Math.ceil(n / 8) * 8 + 8);
      assert.equal(hex(ours), hex(opensslWrapPad(kek, pt, false)), `length ${n}`);
      assert.equal(hex(aesKeyUnwrapPad(kek, opensslWrapPad(kek, pt, false))), hex(pt), `length ${n}`);
      assert.equal(hex(opensslWrapPad(kek, ours, true)), hex(pt), `length ${n}`);
    }
  });

  it('fails the integrity check for altered data or a wrong KEK', () => {
    const wrapped = bytes(RFC_5649[0]?.wrapped ?? '');
    for (let i = 0; i < wrapped.length; i += 5) {
      const altered = Uint8Array.from(wrapped);
      altered[i] = (altered[i] ?? 0) ^ 0x01;
      failsWith('AUTHENTICATION_FAILED', () => aesKeyUnwrapPad(KEK_5649, altered));
    }
    failsWith('AUTHENTICATION_FAILED', () => aesKeyUnwrapPad(new Uint8Array(24), wrapped));
  });

  it('refuses empty plaintext, bad wrapped sizes and bad KEK sizes', () => {
    failsWith('BAD_INPUT', () => aesKeyWrapPad(KEK_5649, new Uint8Array(0)));
    failsWith('BAD_INPUT', () => aesKeyUnwrapPad(KEK_5649, new Uint8Array(8)));
    failsWith('BAD_INPUT', () => aesKeyUnwrapPad(KEK_5649, new Uint8Array(20)));
    failsWith('BAD_KEY_LENGTH', () => aesKeyWrapPad(new Uint8Array(15), new Uint8Array(8)));
  });
});

describe('RFC 3394 AES key wrap', () => {
  for (const v of RFC_3394) {
    it(`matches RFC 3394 ${v.name} both ways`, () => {
      const kek = bytes(KEK_3394).subarray(0, v.kekBytes);
      const data = bytes(DATA_3394).subarray(0, v.dataBytes);
      assert.equal(hex(aesKeyWrap(kek, data)), v.wrapped);
      assert.equal(hex(aesKeyUnwrap(kek, bytes(v.wrapped))), hex(data));
    });
  }

  it('fails the integrity check for altered data', () => {
    const v = bytes(RFC_3394[0]?.wrapped ?? '');
    v[10] = (v[10] ?? 0) ^ 0x80;
    failsWith('AUTHENTICATION_FAILED', () => aesKeyUnwrap(bytes(KEK_3394).subarray(0, 16), v));
  });

  it('refuses data that is not at least two 8-byte blocks', () => {
    failsWith('BAD_INPUT', () => aesKeyWrap(new Uint8Array(16), new Uint8Array(8)));
    failsWith('BAD_INPUT', () => aesKeyWrap(new Uint8Array(16), new Uint8Array(20)));
    failsWith('BAD_INPUT', () => aesKeyUnwrap(new Uint8Array(16), new Uint8Array(16)));
  });
});
