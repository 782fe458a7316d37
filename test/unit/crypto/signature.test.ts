import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CipherError } from '../../../src/crypto/cipher-error.js';
import { signWith, verifyWith, type SignatureHash, type SignatureScheme } from '../../../src/crypto/signature.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const b64u = (h: string): string => Buffer.from(h, 'hex').toString('base64url');
const HASHES: readonly SignatureHash[] = ['sha256', 'sha384', 'sha512'];
const DATA = new TextEncoder().encode('the quick brown fox signs the lazy dog');

function failsWith(code: CipherError['code'], fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof CipherError && e.code === code);
}
const sha = (hash: SignatureHash, data: Uint8Array): Uint8Array => new Uint8Array(createHash(hash).update(data).digest());
const tampered = (b: Uint8Array): Uint8Array => { const c = Uint8Array.from(b); c[0] = (c[0] ?? 0) ^ 1; return c; };

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
// modBits = 8k + 1: the EMSA-PSS encoding is one byte shorter than the modulus.
const rsaOdd = generateKeyPairSync('rsa', { modulusLength: 2049 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed448 = generateKeyPairSync('ed448');

const dir = mkdtempSync(join(tmpdir(), 'kms-signature-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });
let files = 0;
function file(content: Uint8Array | string): string {
  const p = join(dir, `f${files++}`);
  writeFileSync(p, content);
  return p;
}
const pem = (k: KeyObject): string =>
  file(k.type === 'public' ? k.export({ type: 'spki', format: 'pem' }) : k.export({ type: 'pkcs8', format: 'pem' }));

function opensslOk(args: readonly string[]): boolean {
  try {
    execFileSync('openssl', args, { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
/** Runs `openssl <command> -out <file> <args>` (options must precede dgst's file operand). */
function opensslOut(command: string, args: readonly string[]): Uint8Array {
  const out = join(dir, `f${files++}`);
  execFileSync('openssl', [command, '-out', out, ...args], { stdio: 'pipe' });
  return new Uint8Array(readFileSync(out));
}

/** openssl options selecting the scheme's padding, for dgst (-sigopt) or pkeyutl (-pkeyopt). */
function paddingOpts(scheme: SignatureScheme, flag: '-sigopt' | '-pkeyopt'): string[] {
  if (scheme.kind === 'rsa-pss') return [flag, 'rsa_padding_mode:pss', flag, 'rsa_pss_saltlen:digest'];
  if (scheme.kind === 'rsa-pkcs1') return [flag, 'rsa_padding_mode:pkcs1'];
  return [];
}

// RFC 8032 section 7.1, TEST 1 to 3.
const RFC_8032 = [
  { name: 'TEST 1', secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', message: '', signature: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b' },
  { name: 'TEST 2', secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', message: '72', signature: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00' },
  { name: 'TEST 3', secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', message: 'af82', signature: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a' },
];

describe('Ed25519 and Ed448', () => {
  for (const v of RFC_8032) {
    it(`reproduces RFC 8032 ${v.name} exactly and verifies it`, () => {
      const priv = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64u(v.secret), x: b64u(v.public) }, format: 'jwk' });
      const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64u(v.public) }, format: 'jwk' });
      const input = { kind: 'data', data: bytes(v.message) } as const;
      assert.equal(hex(signWith(priv, { kind: 'ed25519' }, input)), v.signature);
      assert.equal(verifyWith(pub, { kind: 'ed25519' }, input, bytes(v.signature)), true);
      assert.equal(verifyWith(pub, { kind: 'ed25519' }, { kind: 'data', data: bytes(`${v.message}00`) }, bytes(v.signature)), false);
      assert.equal(verifyWith(pub, { kind: 'ed25519' }, input, tampered(bytes(v.signature))), false);
    });
  }

  it('makes Ed448 signatures that openssl pkeyutl -rawin verifies', () => {
    const sig = signWith(ed448.privateKey, { kind: 'ed448' }, { kind: 'data', data: DATA });
    assert.ok(opensslOk(['pkeyutl', '-verify', '-pubin', '-inkey', pem(ed448.publicKey), '-rawin', '-in', file(DATA), '-sigfile', file(sig)]));
    assert.equal(verifyWith(ed448.publicKey, { kind: 'ed448' }, { kind: 'data', data: DATA }, sig), true);
  });

  it('refuses to sign or verify a digest', () => {
    const priv = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64u(RFC_8032[0]?.secret ?? ''), x: b64u(RFC_8032[0]?.public ?? '') }, format: 'jwk' });
    failsWith('UNSUPPORTED', () => signWith(priv, { kind: 'ed25519' }, { kind: 'digest', digest: new Uint8Array(32) }));
    failsWith('UNSUPPORTED', () => verifyWith(ed448.publicKey, { kind: 'ed448' }, { kind: 'digest', digest: new Uint8Array(64) }, new Uint8Array(114)));
  });
});

const DATA_CASES: { scheme: SignatureScheme; pair: { publicKey: KeyObject; privateKey: KeyObject } }[] = [
  ...HASHES.flatMap((hash) => [
    { scheme: { kind: 'rsa-pkcs1', hash } as const, pair: rsa },
    { scheme: { kind: 'rsa-pss', hash } as const, pair: rsa },
    { scheme: { kind: 'ecdsa', hash } as const, pair: hash === 'sha256' ? p256 : p384 },
  ]),
  { scheme: { kind: 'rsa-pss', hash: 'sha256' }, pair: rsaOdd },
];
const label = (c: (typeof DATA_CASES)[number]): string =>
  `${c.scheme.kind}/${'hash' in c.scheme ? c.scheme.hash : ''} (${c.pair.publicKey.asymmetricKeyDetails?.modulusLength ?? c.pair.publicKey.asymmetricKeyDetails?.namedCurve ?? ''})`;

describe('signatures over data', () => {
  for (const c of DATA_CASES) {
    const hash = 'hash' in c.scheme ? c.scheme.hash : 'sha256';
    it(`${label(c)}: openssl dgst verifies ours and we verify openssl's`, () => {
      const ours = signWith(c.pair.privateKey, c.scheme, { kind: 'data', data: DATA });
      const pub = pem(c.pair.publicKey);
      assert.ok(opensslOk(['dgst', `-${hash}`, ...paddingOpts(c.scheme, '-sigopt'), '-verify', pub, '-signature', file(ours), file(DATA)]));
      // Negative control: the same command does fail on a bad signature.
      assert.ok(!opensslOk(['dgst', `-${hash}`, ...paddingOpts(c.scheme, '-sigopt'), '-verify', pub, '-signature', file(tampered(ours)), file(DATA)]));
      const theirs = opensslOut('dgst', [`-${hash}`, ...paddingOpts(c.scheme, '-sigopt'), '-sign', pem(c.pair.privateKey), file(DATA)]);
      assert.equal(verifyWith(c.pair.publicKey, c.scheme, { kind: 'data', data: DATA }, theirs), true);
    });

    it(`${label(c)}: rejects altered data, an altered signature and garbage`, () => {
      const sig = signWith(c.pair.privateKey, c.scheme, { kind: 'data', data: DATA });
      assert.equal(verifyWith(c.pair.publicKey, c.scheme, { kind: 'data', data: tampered(DATA) }, sig), false);
      assert.equal(verifyWith(c.pair.publicKey, c.scheme, { kind: 'data', data: DATA }, tampered(sig)), false);
      assert.equal(verifyWith(c.pair.publicKey, c.scheme, { kind: 'data', data: DATA }, new Uint8Array(7)), false);
    });
  }
});

describe('RSA and ECDSA signatures over a digest', () => {
  for (const c of DATA_CASES.filter((x) => x.scheme.kind !== 'ed25519')) {
    const scheme = c.scheme as Extract<SignatureScheme, { hash: SignatureHash }>;
    const digest = sha(scheme.hash, DATA);
    it(`${label(c)}: openssl pkeyutl verifies ours on the digest and dgst on the data`, () => {
      const sig = signWith(c.pair.privateKey, scheme, { kind: 'digest', digest });
      const pub = pem(c.pair.publicKey);
      const pkeyutlVerify = (s: Uint8Array): boolean => opensslOk(['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-pkeyopt', `digest:${scheme.hash}`, ...paddingOpts(scheme, '-pkeyopt'), '-in', file(digest), '-sigfile', file(s)]);
      assert.ok(pkeyutlVerify(sig));
      assert.ok(!pkeyutlVerify(tampered(sig)));
      assert.ok(opensslOk(['dgst', `-${scheme.hash}`, ...paddingOpts(scheme, '-sigopt'), '-verify', pub, '-signature', file(sig), file(DATA)]));
      assert.equal(verifyWith(c.pair.publicKey, scheme, { kind: 'data', data: DATA }, sig), true);
    });

    it(`${label(c)}: verifies openssl pkeyutl and data-mode signatures given only the digest`, () => {
      const theirs = opensslOut('pkeyutl', ['-sign', '-inkey', pem(c.pair.privateKey), '-pkeyopt', `digest:${scheme.hash}`, ...paddingOpts(scheme, '-pkeyopt'), '-in', file(digest)]);
      assert.equal(verifyWith(c.pair.publicKey, scheme, { kind: 'digest', digest }, theirs), true);
      const dataSig = signWith(c.pair.privateKey, scheme, { kind: 'data', data: DATA });
      assert.equal(verifyWith(c.pair.publicKey, scheme, { kind: 'digest', digest }, dataSig), true);
      assert.equal(verifyWith(c.pair.publicKey, scheme, { kind: 'digest', digest: tampered(digest) }, dataSig), false);
      assert.equal(verifyWith(c.pair.publicKey, scheme, { kind: 'digest', digest }, tampered(dataSig)), false);
      assert.equal(verifyWith(c.pair.publicKey, scheme, { kind: 'digest', digest }, dataSig.subarray(1)), false);
    });
  }

  it('produces byte-identical PKCS#1 v1.5 signatures in digest and data mode', () => {
    for (const hash of HASHES) {
      const scheme = { kind: 'rsa-pkcs1', hash } as const;
      assert.equal(hex(signWith(rsa.privateKey, scheme, { kind: 'digest', digest: sha(hash, DATA) })), hex(signWith(rsa.privateKey, scheme, { kind: 'data', data: DATA })));
    }
  });

  it('refuses a digest of the wrong length', () => {
    failsWith('BAD_SIGNATURE_INPUT', () => signWith(rsa.privateKey, { kind: 'rsa-pss', hash: 'sha384' }, { kind: 'digest', digest: new Uint8Array(32) }));
    failsWith('BAD_SIGNATURE_INPUT', () => verifyWith(rsa.publicKey, { kind: 'rsa-pkcs1', hash: 'sha256' }, { kind: 'digest', digest: new Uint8Array(31) }, new Uint8Array(256)));
  });
});

describe('signature parameter checks', () => {
  it('signs a SHA-512 digest with P-521 so that openssl pkeyutl verifies it, and verifies openssl\'s', () => {
    const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    const scheme = { kind: 'ecdsa', hash: 'sha512' } as const;
    const digest = sha('sha512', DATA);
    const sig = signWith(p521.privateKey, scheme, { kind: 'digest', digest });
    const verifyArgs = (s: Uint8Array): string[] => ['pkeyutl', '-verify', '-pubin', '-inkey', pem(p521.publicKey), '-in', file(digest), '-sigfile', file(s)];
    assert.ok(opensslOk(verifyArgs(sig)));
    assert.ok(!opensslOk(verifyArgs(tampered(sig))));
    const theirs = opensslOut('pkeyutl', ['-sign', '-inkey', pem(p521.privateKey), '-in', file(digest)]);
    assert.equal(verifyWith(p521.publicKey, scheme, { kind: 'digest', digest }, theirs), true);
    assert.equal(verifyWith(p521.publicKey, scheme, { kind: 'data', data: DATA }, sig), true);
  });

  it('refuses keys that do not match the scheme or the operation', () => {
    const data = { kind: 'data', data: DATA } as const;
    failsWith('BAD_KEY_TYPE', () => signWith(rsa.privateKey, { kind: 'ecdsa', hash: 'sha256' }, data));
    failsWith('BAD_KEY_TYPE', () => signWith(p256.privateKey, { kind: 'rsa-pss', hash: 'sha256' }, data));
    failsWith('BAD_KEY_TYPE', () => signWith(ed448.privateKey, { kind: 'ed25519' }, data));
    failsWith('BAD_KEY_TYPE', () => signWith(rsa.publicKey, { kind: 'rsa-pkcs1', hash: 'sha256' }, data));
    failsWith('BAD_KEY_TYPE', () => verifyWith(rsa.privateKey, { kind: 'rsa-pkcs1', hash: 'sha256' }, data, new Uint8Array(256)));
  });

  it('refuses an RSA key too small for the hash', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 512 });
    failsWith('BAD_KEY_LENGTH', () => signWith(small.privateKey, { kind: 'rsa-pss', hash: 'sha512' }, { kind: 'data', data: DATA }));
    failsWith('BAD_KEY_LENGTH', () => signWith(small.privateKey, { kind: 'rsa-pkcs1', hash: 'sha512' }, { kind: 'digest', digest: new Uint8Array(64) }));
  });
});
