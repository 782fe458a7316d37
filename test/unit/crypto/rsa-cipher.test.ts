import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import {
  rsaAesKeyUnwrap, rsaAesKeyWrap, rsaModulusBytes, rsaOaepDecrypt, rsaOaepEncrypt, rsaPkcs1Decrypt, rsaPkcs1Encrypt,
  type RsaHash,
} from '../../../src/crypto/rsa-cipher.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const HASHES: readonly RsaHash[] = ['sha1', 'sha256', 'sha384', 'sha512'];

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const dir = mkdtempSync(join(tmpdir(), 'kms-rsa-cipher-'));
const PUB = join(dir, 'pub.pem');
const PRIV = join(dir, 'priv.pem');
writeFileSync(PUB, publicKey.export({ type: 'spki', format: 'pem' }));
writeFileSync(PRIV, privateKey.export({ type: 'pkcs8', format: 'pem' }));
after(() => { rmSync(dir, { recursive: true, force: true }); });

/** Runs openssl with an input file and returns the output file's bytes. */
function openssl(args: readonly string[], input: Uint8Array): Uint8Array {
  const inFile = join(dir, 'in.bin');
  const outFile = join(dir, 'out.bin');
  writeFileSync(inFile, input);
  execFileSync('openssl', [...args, '-in', inFile, '-out', outFile]);
  return new Uint8Array(readFileSync(outFile));
}

const oaepOpts = (hash: RsaHash): string[] =>
  ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${hash}`, '-pkeyopt', `rsa_mgf1_md:${hash}`];
const message = (n: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);

/** A raw RSA encryption of a hand-built encoded block, to exercise the unpadding directly. */
function rawEncrypt(em: Uint8Array): Uint8Array {
  return new Uint8Array(publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em));
}
function pkcs1Block(separatorAt: number, first = 0x00, type = 0x02): Uint8Array {
  const em = new Uint8Array(256).fill(0x5a);
  em[0] = first;
  em[1] = type;
  if (separatorAt > 0) em[separatorAt] = 0x00;
  return em;
}

describe('RSA-OAEP', () => {
  for (const hash of HASHES) {
    it(`decrypts what openssl pkeyutl encrypted with OAEP/${hash}, and the reverse`, () => {
      const pt = message(40);
      const theirs = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', PUB, ...oaepOpts(hash)], pt);
      assert.equal(hex(rsaOaepDecrypt(privateKey, hash, theirs)), hex(pt));
      const ours = rsaOaepEncrypt(publicKey, hash, pt);
      assert.equal(ours.length, 256);
      assert.equal(hex(openssl(['pkeyutl', '-decrypt', '-inkey', PRIV, ...oaepOpts(hash)], ours)), hex(pt));
    });
  }

  it('fails with the generic BAD_PADDING error for a wrong hash or altered ciphertext', () => {
    const ct = rsaOaepEncrypt(publicKey, 'sha256', message(16));
    assert.throws(() => rsaOaepDecrypt(privateKey, 'sha1', ct), (e: unknown) => e instanceof CipherError && e.code === 'BAD_PADDING' && e.message === 'decryption failed');
    const altered = Uint8Array.from(ct);
    altered[100] = (altered[100] ?? 0) ^ 0x04;
    failsWith('BAD_PADDING', () => rsaOaepDecrypt(privateKey, 'sha256', altered));
    failsWith('BAD_PADDING', () => rsaOaepDecrypt(privateKey, 'sha256', ct.subarray(1)));
  });

  it('refuses too much data and the wrong kind of key', () => {
    assert.equal(rsaOaepEncrypt(publicKey, 'sha512', message(256 - 2 * 64 - 2)).length, 256);
    failsWith('BAD_INPUT', () => rsaOaepEncrypt(publicKey, 'sha512', message(256 - 2 * 64 - 1)));
    failsWith('BAD_KEY_TYPE', () => rsaOaepEncrypt(privateKey, 'sha256', message(1)));
    failsWith('BAD_KEY_TYPE', () => rsaOaepDecrypt(publicKey, 'sha256', new Uint8Array(256)));
    failsWith('BAD_KEY_TYPE', () => rsaOaepEncrypt(ec.publicKey, 'sha256', message(1)));
  });
});

describe('RSA PKCS#1 v1.5 encryption', () => {
  it('decrypts what openssl pkeyutl encrypted, and the reverse', () => {
    for (const n of [1, 16, 48, 245]) {
      const pt = message(n);
      const theirs = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', PUB, '-pkeyopt', 'rsa_padding_mode:pkcs1'], pt);
      assert.equal(hex(rsaPkcs1Decrypt(privateKey, theirs)), hex(pt), `length ${n}`);
      const ours = rsaPkcs1Encrypt(publicKey, pt);
      assert.equal(hex(openssl(['pkeyutl', '-decrypt', '-inkey', PRIV, '-pkeyopt', 'rsa_padding_mode:pkcs1'], ours)), hex(pt), `length ${n}`);
    }
  });

  it('accepts the shortest padding string and an empty message', () => {
    assert.equal(hex(rsaPkcs1Decrypt(privateKey, rawEncrypt(pkcs1Block(10)))), hex(new Uint8Array(245).fill(0x5a)));
    assert.equal(rsaPkcs1Decrypt(privateKey, rawEncrypt(pkcs1Block(255))).length, 0);
  });

  it('rejects every malformed encoding with the same BAD_PADDING error', () => {
    const bad = [
      pkcs1Block(9), // padding string of 7 bytes
      pkcs1Block(2), // empty padding string
      pkcs1Block(0), // no separator at all
      pkcs1Block(20, 0x01), // wrong leading byte
      pkcs1Block(20, 0x00, 0x01), // block type 1 (a signature)
      pkcs1Block(20, 0x00, 0x00),
    ];
    for (const em of bad) {
      assert.throws(() => rsaPkcs1Decrypt(privateKey, rawEncrypt(em)), (e: unknown) => e instanceof CipherError && e.code === 'BAD_PADDING' && e.message === 'decryption failed');
    }
    failsWith('BAD_PADDING', () => rsaPkcs1Decrypt(privateKey, new Uint8Array(255)));
    failsWith('BAD_PADDING', () => rsaPkcs1Decrypt(privateKey, new Uint8Array(256).fill(0xff)));
  });

  it('refuses data longer than the modulus allows', () => {
    failsWith('BAD_INPUT', () => rsaPkcs1Encrypt(publicKey, message(246)));
  });
});

describe('RSA-AES key wrap (CKM_RSA_AES_KEY_WRAP)', () => {
  for (const hash of HASHES) {
    it(`round-trips with OAEP/${hash}`, () => {
      const data = message(45);
      const wrapped = rsaAesKeyWrap(publicKey, hash, data);
      assert.equal(wrapped.length, 256 + 56);
      assert.equal(hex(rsaAesKeyUnwrap(privateKey, hash, wrapped)), hex(data));
    });
  }

  it('is an OAEP-encrypted 256-bit AES key followed by an RFC 5649 wrap under it', () => {
    const data = message(32);
    const wrapped = rsaAesKeyWrap(publicKey, 'sha256', data);
    const aesKey = openssl(['pkeyutl', '-decrypt', '-inkey', PRIV, ...oaepOpts('sha256')], wrapped.subarray(0, 256));
    assert.equal(aesKey.length, 32);
    const unwrapped = openssl(['enc', '-d', '-id-aes256-wrap-pad', '-K', hex(aesKey), '-iv', 'A65959A6'], wrapped.subarray(256));
    assert.equal(hex(unwrapped), hex(data));
  });

  it('unwraps a value assembled with openssl', () => {
    const aesKey = message(32).reverse();
    const data = message(20);
    const head = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', PUB, ...oaepOpts('sha1')], aesKey);
    const tail = openssl(['enc', '-id-aes256-wrap-pad', '-K', hex(aesKey), '-iv', 'A65959A6'], data);
    assert.equal(hex(rsaAesKeyUnwrap(privateKey, 'sha1', Buffer.concat([head, tail]))), hex(data));
  });

  it('fails on an altered RSA part, an altered AES part or a short input', () => {
    const wrapped = rsaAesKeyWrap(publicKey, 'sha256', message(24));
    const rsaPart = Uint8Array.from(wrapped);
    rsaPart[3] = (rsaPart[3] ?? 0) ^ 1;
    failsWith('BAD_PADDING', () => rsaAesKeyUnwrap(privateKey, 'sha256', rsaPart));
    const aesPart = Uint8Array.from(wrapped);
    aesPart[260] = (aesPart[260] ?? 0) ^ 1;
    failsWith('AUTHENTICATION_FAILED', () => rsaAesKeyUnwrap(privateKey, 'sha256', aesPart));
    failsWith('BAD_INPUT', () => rsaAesKeyUnwrap(privateKey, 'sha256', wrapped.subarray(0, 256 + 8)));
  });
});

describe('rsaModulusBytes', () => {
  it('gives the modulus size in bytes and refuses non-RSA keys', () => {
    assert.equal(rsaModulusBytes(publicKey), 256);
    assert.equal(rsaModulusBytes(privateKey), 256);
    failsWith('BAD_KEY_TYPE', () => rsaModulusBytes(ec.publicKey));
  });
});
