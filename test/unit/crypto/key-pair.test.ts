import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyFormatError } from '../../../src/crypto/key-error.js';
import { describeKey, keysMatch, privateKeyToDer, publicKeyToDer } from '../../../src/crypto/key-formats.js';
import { generateAsymmetricKeyPair, type KeyPairSpec, type NamedCurve } from '../../../src/crypto/key-pair.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-key-pair-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

let files = 0;
/** Runs the openssl command line on a DER file; execFileSync throws unless openssl exits with 0. */
function openssl(der: Uint8Array, args: readonly string[]): string {
  const file = join(dir, `key-${files++}.der`);
  writeFileSync(file, der);
  return execFileSync('openssl', [...args, '-inform', 'DER', '-in', file, '-noout', '-text'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function rsaReadableByOpenssl(bits: number): Promise<void> {
  const { privateKey, publicKey } = await generateAsymmetricKeyPair({ kind: 'rsa', bits });
  assert.deepEqual(describeKey(privateKey), { kind: 'rsa', bits });
  assert.ok(keysMatch(privateKey, publicKey));
  const pkcs8 = openssl(privateKeyToDer(privateKey, 'pkcs8'), ['pkey']);
  assert.match(pkcs8, new RegExp(`Private-Key: \\(${bits} bit, 2 primes\\)`));
  assert.match(pkcs8, /publicExponent: 65537 \(0x10001\)/);
  assert.match(openssl(publicKeyToDer(publicKey, 'spki'), ['pkey', '-pubin']), new RegExp(`Public-Key: \\(${bits} bit\\)`));
  assert.match(openssl(privateKeyToDer(privateKey, 'pkcs1'), ['rsa']), new RegExp(`Private-Key: \\(${bits} bit, 2 primes\\)`));
  const pkcs1 = openssl(publicKeyToDer(publicKey, 'pkcs1'), ['rsa', '-RSAPublicKey_in']);
  assert.match(pkcs1, new RegExp(`Public-Key: \\(${bits} bit\\)`));
  assert.match(pkcs1, /Exponent: 65537 \(0x10001\)/);
}

function rejectsWithBadParameters(spec: KeyPairSpec): Promise<void> {
  return assert.rejects(generateAsymmetricKeyPair(spec), (e: unknown) => e instanceof KeyFormatError && e.code === 'BAD_KEY_PARAMETERS');
}

describe('generateAsymmetricKeyPair', () => {
  it('generates RSA-2048 keys that openssl reads as PKCS#8, PKCS#1 and SPKI', async () => {
    await rsaReadableByOpenssl(2048);
  });

  it('generates RSA-3072 keys that openssl reads', async () => {
    await rsaReadableByOpenssl(3072);
  });

  it('generates RSA-4096 keys that openssl reads', async () => {
    await rsaReadableByOpenssl(4096);
  });

  it('generates P-256, P-384 and P-521 keys that openssl reads as PKCS#8, SEC1 and SPKI', async () => {
    const bits: Record<NamedCurve, number> = { 'P-256': 256, 'P-384': 384, 'P-521': 521 };
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      const { privateKey, publicKey } = await generateAsymmetricKeyPair({ kind: 'ec', curve });
      assert.deepEqual(describeKey(privateKey), { kind: 'ec', curve, bits: bits[curve] });
      assert.ok(keysMatch(privateKey, publicKey));
      const texts = [
        openssl(privateKeyToDer(privateKey, 'pkcs8'), ['pkey']),
        openssl(privateKeyToDer(privateKey, 'sec1'), ['ec']),
        openssl(publicKeyToDer(publicKey, 'spki'), ['pkey', '-pubin']),
      ];
      for (const text of texts) {
        assert.match(text, new RegExp(`NIST CURVE: ${curve}\\n`));
        assert.match(text, new RegExp(`-Key: \\(${bits[curve]} bit\\)`));
      }
    }
  });

  it('generates Ed25519 and X25519 keys that openssl reads as PKCS#8 and SPKI', async () => {
    for (const [kind, name, bits] of [['ed25519', 'ED25519', 256], ['x25519', 'X25519', 255]] as const) {
      const { privateKey, publicKey } = await generateAsymmetricKeyPair({ kind });
      assert.deepEqual(describeKey(publicKey), { kind, bits });
      assert.ok(keysMatch(privateKey, publicKey));
      assert.match(openssl(privateKeyToDer(privateKey, 'pkcs8'), ['pkey']), new RegExp(`^${name} Private-Key:`));
      assert.match(openssl(publicKeyToDer(publicKey, 'spki'), ['pkey', '-pubin']), new RegExp(`^${name} Public-Key:`));
    }
  });

  it('gives a fresh key pair on every call', async () => {
    const a = await generateAsymmetricKeyPair({ kind: 'ec', curve: 'P-256' });
    const b = await generateAsymmetricKeyPair({ kind: 'ec', curve: 'P-256' });
    assert.equal(keysMatch(a.privateKey, b.publicKey), false);
  });

  it('rejects RSA sizes other than 2048, 3072 and 4096 bits', async () => {
    for (const bits of [1024, 5000, 2047, 2048.5, Number.NaN]) await rejectsWithBadParameters({ kind: 'rsa', bits });
  });

  it('rejects unknown curves and kinds from untyped callers', async () => {
    await rejectsWithBadParameters({ kind: 'ec', curve: 'secp256k1' } as unknown as KeyPairSpec);
    await rejectsWithBadParameters({ kind: 'ed448' } as unknown as KeyPairSpec);
  });
});
