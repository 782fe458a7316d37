import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import { digest, digestLength, type DigestAlgorithm } from '../../../src/crypto/digest.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// FIPS 180-4 / FIPS 202 example values (NIST "Examples with Intermediate Values").
const KNOWN: readonly { alg: DigestAlgorithm; empty: string; abc: string }[] = [
  { alg: 'SHA-1', empty: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', abc: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
  { alg: 'SHA-224', empty: 'd14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f', abc: '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7' },
  { alg: 'SHA-256', empty: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', abc: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  { alg: 'SHA-384', empty: '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b', abc: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7' },
  { alg: 'SHA-512', empty: 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e', abc: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f' },
  { alg: 'SHA3-224', empty: '6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7', abc: 'e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf' },
  { alg: 'SHA3-256', empty: 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a', abc: '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532' },
  { alg: 'SHA3-384', empty: '0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004', abc: 'ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25' },
  { alg: 'SHA3-512', empty: 'a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26', abc: 'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0' },
];

describe('digest', () => {
  for (const v of KNOWN) {
    it(`gives the FIPS example ${v.alg} values for "" and "abc"`, () => {
      assert.equal(hex(digest(v.alg, new Uint8Array(0))), v.empty);
      assert.equal(hex(digest(v.alg, ascii('abc'))), v.abc);
    });

    it(`reports the ${v.alg} output length`, () => {
      assert.equal(digestLength(v.alg), v.abc.length / 2);
    });
  }

  it('gives the FIPS 180-4 two-block SHA-256 example value', () => {
    assert.equal(hex(digest('SHA-256', ascii('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('refuses an unknown algorithm name', () => {
    assert.throws(() => digest('MD5' as DigestAlgorithm, ascii('abc')), (e: unknown) => e instanceof CipherError && e.code === 'UNSUPPORTED');
    assert.throws(() => digestLength('toString' as DigestAlgorithm), (e: unknown) => e instanceof CipherError && e.code === 'UNSUPPORTED');
  });
});
