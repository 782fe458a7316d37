import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import { ecdhSharedSecret, hkdfDerive, PBKDF2_MAX_WORK, pbkdf2DeriveAsync, pbkdf2Work } from '../../../src/crypto/kdf.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64u = (h: string): string => Buffer.from(h, 'hex').toString('base64url');

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}

async function rejectsWith(code: CipherError['code'], pending: Promise<unknown>): Promise<void> {
  await assert.rejects(pending, (e: unknown) => e instanceof CipherError && e.code === code);
}

const range = (from: number, to: number): string => Array.from({ length: to - from + 1 }, (_, i) => (from + i).toString(16).padStart(2, '0')).join('');

// RFC 5869 appendix A, test cases 1 to 3 (SHA-256).
const RFC_5869 = [
  { n: 1, ikm: '0b'.repeat(22), salt: range(0x00, 0x0c), info: range(0xf0, 0xf9), length: 42,
    okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865' },
  { n: 2, ikm: range(0x00, 0x4f), salt: range(0x60, 0xaf), info: range(0xb0, 0xff), length: 82,
    okm: 'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87' },
  { n: 3, ikm: '0b'.repeat(22), salt: '', info: '', length: 42,
    okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8' },
];

// RFC 6070 PBKDF2-HMAC-SHA1 vectors with at most 4096 iterations.
const RFC_6070 = [
  { p: 'password', s: 'salt', c: 1, len: 20, dk: '0c60c80f961f0e71f3a9b524af6012062fe037a6' },
  { p: 'password', s: 'salt', c: 2, len: 20, dk: 'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957' },
  { p: 'password', s: 'salt', c: 4096, len: 20, dk: '4b007901b765489abead49d926f721d065a429c1' },
  { p: 'passwordPASSWORDpassword', s: 'saltSALTsaltSALTsaltSALTsaltSALTsalt', c: 4096, len: 25, dk: '3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038' },
  { p: 'pass\0word', s: 'sa\0lt', c: 4096, len: 16, dk: '56fa6aa75548099dcc37d7f03425e0c3' },
];

// RFC 7748 section 6.1.
const X25519 = {
  alicePrivate: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
  alicePublic: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  bobPrivate: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
  bobPublic: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
};
const x25519Private = (d: string, x: string): KeyObject => createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: b64u(d), x: b64u(x) }, format: 'jwk' });
const x25519Public = (x: string): KeyObject => createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: b64u(x) }, format: 'jwk' });

const dir = mkdtempSync(join(tmpdir(), 'kms-kdf-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

describe('HKDF', () => {
  for (const v of RFC_5869) {
    it(`matches RFC 5869 test case ${v.n}`, () => {
      assert.equal(hex(hkdfDerive('sha256', bytes(v.ikm), bytes(v.salt), bytes(v.info), v.length)), v.okm);
    });
  }

  it('refuses output lengths outside 1..255 hash lengths and over-long info', () => {
    assert.equal(hkdfDerive('sha256', ascii('k'), ascii('s'), ascii('i'), 255 * 32).length, 255 * 32);
    failsWith('BAD_INPUT', () => hkdfDerive('sha256', ascii('k'), ascii('s'), ascii('i'), 255 * 32 + 1));
    failsWith('BAD_INPUT', () => hkdfDerive('sha256', ascii('k'), ascii('s'), ascii('i'), 0));
    failsWith('BAD_INPUT', () => hkdfDerive('sha256', ascii('k'), ascii('s'), new Uint8Array(1025), 32));
  });
});

describe('PBKDF2', () => {
  for (const v of RFC_6070) {
    it(`matches RFC 6070 for ${JSON.stringify(v.p)} with ${v.c} iterations`, async () => {
      assert.equal(hex(await pbkdf2DeriveAsync('sha1', ascii(v.p), ascii(v.s), v.c, v.len)), v.dk);
    });
  }

  it('matches the RFC 7914 section 11 PBKDF2-HMAC-SHA256 vector', async () => {
    assert.equal(hex(await pbkdf2DeriveAsync('sha256', ascii('passwd'), ascii('salt'), 1, 64)),
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783');
  });

  it('answers with a promise: the derivation runs off the calling thread', async () => {
    const pending = pbkdf2DeriveAsync('sha256', ascii('p'), ascii('s'), 1000, 32);
    assert.ok(pending instanceof Promise);
    assert.equal((await pending).length, 32);
  });

  it('counts work as iterations x output blocks of the hash size', () => {
    assert.equal(pbkdf2Work('sha256', 1000, 32), 1000);
    assert.equal(pbkdf2Work('sha256', 1000, 33), 2000);
    assert.equal(pbkdf2Work('sha1', 10, 1024), 520);
    assert.equal(pbkdf2Work('sha512', 7, 1024), 112);
  });

  it('refuses iteration counts, lengths and work out of range', async () => {
    for (const c of [0, -1, 1.5, Number.NaN, PBKDF2_MAX_WORK + 1]) await rejectsWith('BAD_INPUT', pbkdf2DeriveAsync('sha256', ascii('p'), ascii('s'), c, 32));
    for (const n of [0, 1025, 2.5]) await rejectsWith('BAD_INPUT', pbkdf2DeriveAsync('sha256', ascii('p'), ascii('s'), 1, n));
    // The bound is on the product: few iterations over many blocks are refused just the same.
    await rejectsWith('BAD_INPUT', pbkdf2DeriveAsync('sha256', ascii('p'), ascii('s'), PBKDF2_MAX_WORK / 32 + 1, 1024));
    assert.equal((await pbkdf2DeriveAsync('sha256', ascii('p'), ascii('s'), 1000, 1024)).length, 1024);
  });
});

describe('ECDH and X25519', () => {
  it('reproduces RFC 7748 section 6.1 from both sides', () => {
    const alice = x25519Private(X25519.alicePrivate, X25519.alicePublic);
    const bob = x25519Private(X25519.bobPrivate, X25519.bobPublic);
    assert.equal(createPublicKey(alice).export({ format: 'jwk' }).x, b64u(X25519.alicePublic));
    assert.equal(hex(ecdhSharedSecret(alice, x25519Public(X25519.bobPublic))), X25519.shared);
    assert.equal(hex(ecdhSharedSecret(bob, x25519Public(X25519.alicePublic))), X25519.shared);
  });

  it('agrees on P-256, P-384 and P-521 from both sides and with openssl pkeyutl -derive', () => {
    for (const namedCurve of ['P-256', 'P-384', 'P-521']) {
      const a = generateKeyPairSync('ec', { namedCurve });
      const b = generateKeyPairSync('ec', { namedCurve });
      const ours = ecdhSharedSecret(a.privateKey, b.publicKey);
      assert.equal(hex(ours), hex(ecdhSharedSecret(b.privateKey, a.publicKey)));
      const priv = join(dir, 'a.pem');
      const peer = join(dir, 'b.pem');
      const out = join(dir, 'z.bin');
      writeFileSync(priv, a.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      writeFileSync(peer, b.publicKey.export({ type: 'spki', format: 'pem' }));
      execFileSync('openssl', ['pkeyutl', '-derive', '-inkey', priv, '-peerkey', peer, '-out', out]);
      assert.equal(hex(ours), hex(readFileSync(out)), namedCurve);
    }
  });

  it('refuses mismatched curves, unsupported curves and wrong key roles', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const x = generateKeyPairSync('x25519');
    failsWith('BAD_KEY_TYPE', () => ecdhSharedSecret(p256.privateKey, p384.publicKey));
    failsWith('BAD_KEY_TYPE', () => ecdhSharedSecret(x.privateKey, p256.publicKey));
    failsWith('BAD_KEY_TYPE', () => ecdhSharedSecret(k1.privateKey, k1.publicKey));
    failsWith('BAD_KEY_TYPE', () => ecdhSharedSecret(p256.publicKey, p256.publicKey));
    failsWith('BAD_KEY_TYPE', () => ecdhSharedSecret(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, p256.publicKey));
  });

  it('refuses an X25519 public key of small order (all-zero shared secret)', () => {
    const x = generateKeyPairSync('x25519');
    failsWith('BAD_INPUT', () => ecdhSharedSecret(x.privateKey, x25519Public('00'.repeat(32))));
  });
});
