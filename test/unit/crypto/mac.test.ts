import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import { macCompute, macVerify, type MacAlgorithm } from '../../../src/crypto/mac.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// RFC 4231 section 4: keys, data and the HMAC-SHA-256/384/512 outputs of test cases 1-4, 6 and 7.
const KEY_131 = 'aa'.repeat(131);
const RFC_4231 = [
  { n: 1, key: '0b'.repeat(20), data: ascii('Hi There'),
    sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    sha384: 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
    sha512: '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854' },
  { n: 2, key: hex(ascii('Jefe')), data: ascii('what do ya want for nothing?'),
    sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    sha384: 'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
    sha512: '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737' },
  { n: 3, key: 'aa'.repeat(20), data: bytes('dd'.repeat(50)),
    sha256: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
    sha384: '88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27',
    sha512: 'fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb' },
  { n: 4, key: '0102030405060708090a0b0c0d0e0f10111213141516171819', data: bytes('cd'.repeat(50)),
    sha256: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
    sha384: '3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb',
    sha512: 'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd' },
  { n: 6, key: KEY_131, data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
    sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    sha384: '4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952',
    sha512: '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598' },
  { n: 7, key: KEY_131, data: ascii('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
    sha256: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
    sha384: '6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e',
    sha512: 'e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58' },
];
// RFC 4231 test case 5 specifies only the first 128 bits of each output.
const RFC_4231_CASE_5 = { key: '0c'.repeat(20), data: ascii('Test With Truncation'), sha256: 'a3b6167473100ee06e0c796c2955552b', sha384: '3abf34c3503b2a23a46efc619baef897', sha512: '415fad6271580a531d4179bc891d87a6' };

const dir = mkdtempSync(join(tmpdir(), 'kms-mac-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

describe('HMAC', () => {
  for (const v of RFC_4231) {
    it(`matches RFC 4231 test case ${v.n} for SHA-256, SHA-384 and SHA-512`, () => {
      for (const h of ['sha256', 'sha384', 'sha512'] as const) {
        const alg = `HMAC-${h.toUpperCase()}` as MacAlgorithm;
        assert.equal(hex(macCompute(alg, bytes(v.key), v.data)), v[h], alg);
        assert.equal(macVerify(alg, bytes(v.key), v.data, bytes(v[h])), true, alg);
      }
    });
  }

  it('matches the truncated RFC 4231 test case 5 on its first 128 bits', () => {
    const v = RFC_4231_CASE_5;
    assert.equal(hex(macCompute('HMAC-SHA256', bytes(v.key), v.data).subarray(0, 16)), v.sha256);
    assert.equal(hex(macCompute('HMAC-SHA384', bytes(v.key), v.data).subarray(0, 16)), v.sha384);
    assert.equal(hex(macCompute('HMAC-SHA512', bytes(v.key), v.data).subarray(0, 16)), v.sha512);
  });

  it('matches RFC 4231 test case 1 for SHA-224 and RFC 2202 test cases 1 and 2 for SHA-1', () => {
    assert.equal(hex(macCompute('HMAC-SHA224', bytes('0b'.repeat(20)), ascii('Hi There'))), '896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22');
    assert.equal(hex(macCompute('HMAC-SHA1', bytes('0b'.repeat(20)), ascii('Hi There'))), 'b617318655057264e28bc0b6fb378c8ef146be00');
    assert.equal(hex(macCompute('HMAC-SHA1', ascii('Jefe'), ascii('what do ya want for nothing?'))), 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79');
  });

  it('agrees with openssl dgst -mac HMAC for the SHA3 variants', () => {
    const key = bytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const data = ascii('Sample message for keylen<blocklen');
    const file = join(dir, 'data.bin');
    writeFileSync(file, data);
    for (const bits of [224, 256, 384, 512]) {
      const out = execFileSync('openssl', ['dgst', `-sha3-${bits}`, '-mac', 'HMAC', '-macopt', `hexkey:${hex(key)}`, '-hex', file]).toString();
      const theirs = /= *([0-9a-f]+)\s*$/.exec(out)?.[1];
      assert.equal(hex(macCompute(`HMAC-SHA3-${bits}` as MacAlgorithm, key, data)), theirs);
    }
  });

  it('rejects a wrong, altered or truncated MAC', () => {
    const key = bytes('0b'.repeat(20));
    const mac = macCompute('HMAC-SHA256', key, ascii('Hi There'));
    assert.equal(macVerify('HMAC-SHA256', key, ascii('Hi there'), mac), false);
    assert.equal(macVerify('HMAC-SHA256', bytes('0c'.repeat(20)), ascii('Hi There'), mac), false);
    const altered = Uint8Array.from(mac);
    altered[31] = (altered[31] ?? 0) ^ 1;
    assert.equal(macVerify('HMAC-SHA256', key, ascii('Hi There'), altered), false);
    assert.equal(macVerify('HMAC-SHA256', key, ascii('Hi There'), mac.subarray(0, 16)), false);
    assert.equal(macVerify('HMAC-SHA256', key, ascii('Hi There'), new Uint8Array(0)), false);
  });

  it('refuses an empty key and an unknown algorithm', () => {
    assert.throws(() => macCompute('HMAC-SHA256', new Uint8Array(0), ascii('x')), (e: unknown) => e instanceof CipherError && e.code === 'BAD_KEY_LENGTH');
    assert.throws(() => macCompute('HMAC-MD5' as MacAlgorithm, ascii('k'), ascii('x')), (e: unknown) => e instanceof CipherError && e.code === 'UNSUPPORTED');
  });
});
