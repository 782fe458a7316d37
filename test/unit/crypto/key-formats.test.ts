import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createSecretKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyFormatError } from '../../../src/crypto/key-error.js';
import {
  bigintToBytes, bytesToBigint, ecComponents, ecPrivateKeyFromComponents, ecPublicKeyFromComponents,
  rsaComponents, rsaPrivateKeyFromComponents, rsaPublicKeyFromComponents, type EcCurve,
} from '../../../src/crypto/key-components.js';
import {
  describeKey, keysMatch, privateKeyFromDer, privateKeyToDer, publicKeyFromDer, publicKeyOf, publicKeyToDer,
  type PrivateKeyDerFormat, type PublicKeyDerFormat,
} from '../../../src/crypto/key-formats.js';
import { generateAsymmetricKeyPair } from '../../../src/crypto/key-pair.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-key-formats-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const run = (args: readonly string[]): Buffer => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

let files = 0;
/** A key made by `openssl genpkey`, with its PKCS#8 and SPKI DER and `openssl pkey -text` output. */
function opensslKey(genArgs: readonly string[]): { file: string; pkcs8: Buffer; spki: Buffer; text: string } {
  const file = join(dir, `key-${files++}.der`);
  run(['genpkey', ...genArgs, '-outform', 'DER', '-out', file]);
  const spki = run(['pkey', '-inform', 'DER', '-in', file, '-pubout', '-outform', 'DER']);
  const text = run(['pkey', '-inform', 'DER', '-in', file, '-noout', '-text']).toString('utf8');
  // genpkey writes RSA and EC keys in their traditional DER form, so PKCS#8 is asked for explicitly.
  return { file, pkcs8: run(['pkcs8', '-topk8', '-nocrypt', '-inform', 'DER', '-in', file, '-outform', 'DER']), spki, text };
}

/** The hex of a colon-separated block that openssl -text prints under `label:`. */
function hexField(text: string, label: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf(`${label}:`);
  assert.ok(start >= 0, `openssl shows ${label}`);
  let out = '';
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+[0-9a-f]{2}(:[0-9a-f]{2})*:?$/.test(line)) break;
    out += line.replace(/[\s:]/g, '');
  }
  return out;
}
const intField = (text: string, label: string): bigint => BigInt('0x' + hexField(text, label));

function failsWith(code: KeyFormatError['code'], fn: () => unknown): KeyFormatError {
  let caught: unknown;
  assert.throws(fn, (e: unknown) => {
    caught = e;
    return e instanceof KeyFormatError && e.code === code;
  });
  return caught as KeyFormatError;
}

const spkiOf = (k: KeyObject): string => hex(publicKeyToDer(k.type === 'private' ? publicKeyOf(k) : k, 'spki'));

const rsa = await generateAsymmetricKeyPair({ kind: 'rsa', bits: 2048 });
const curves = ['P-256', 'P-384', 'P-521'] as const;
const ec = await Promise.all(curves.map((curve) => generateAsymmetricKeyPair({ kind: 'ec', curve })));
const ed = await generateAsymmetricKeyPair({ kind: 'ed25519' });
const x = await generateAsymmetricKeyPair({ kind: 'x25519' });
const all = [rsa, ...ec, ed, x];

describe('key formats against openssl', () => {
  it('imports an openssl RSA key as PKCS#8, PKCS#1 and SPKI with the components openssl shows', () => {
    const k = opensslKey(['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']);
    const n = intField(k.text, 'modulus');
    const e = BigInt(/publicExponent: (\d+) /.exec(k.text)?.[1] ?? '0');
    const expected = {
      n, e, d: intField(k.text, 'privateExponent'), p: intField(k.text, 'prime1'), q: intField(k.text, 'prime2'),
      dp: intField(k.text, 'exponent1'), dq: intField(k.text, 'exponent2'), qi: intField(k.text, 'coefficient'),
    };
    const pkcs1 = run(['rsa', '-inform', 'DER', '-in', k.file, '-traditional', '-outform', 'DER']);
    const pkcs1Public = run(['rsa', '-inform', 'DER', '-in', k.file, '-RSAPublicKey_out', '-outform', 'DER']);
    assert.deepEqual(rsaComponents(privateKeyFromDer(k.pkcs8, 'pkcs8')), expected);
    assert.deepEqual(rsaComponents(privateKeyFromDer(pkcs1, 'pkcs1')), expected);
    assert.deepEqual(rsaComponents(publicKeyFromDer(k.spki, 'spki')), { n, e });
    assert.deepEqual(rsaComponents(publicKeyFromDer(pkcs1Public, 'pkcs1')), { n, e });
    assert.deepEqual(privateKeyToDer(rsaPrivateKeyFromComponents(expected), 'pkcs1'), pkcs1);
    assert.deepEqual(publicKeyToDer(rsaPublicKeyFromComponents({ n, e }), 'pkcs1'), pkcs1Public);
  });

  it('imports openssl P-256/384/521 keys as PKCS#8, SEC1 and SPKI with the scalar and point openssl shows', () => {
    for (const curve of curves) {
      const k = opensslKey(['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`]);
      assert.match(k.text, new RegExp(`NIST CURVE: ${curve}\\n`));
      const q = hexField(k.text, 'pub');
      const d = intField(k.text, 'priv');
      const sec1 = run(['ec', '-inform', 'DER', '-in', k.file, '-outform', 'DER']);
      for (const key of [privateKeyFromDer(k.pkcs8, 'pkcs8'), privateKeyFromDer(sec1, 'sec1')]) {
        const c = ecComponents(key);
        assert.equal(c.curve, curve);
        assert.equal(hex(c.q), q);
        assert.equal(bytesToBigint(c.d ?? new Uint8Array()), d);
        assert.deepEqual(privateKeyToDer(ecPrivateKeyFromComponents(curve, c.d ?? new Uint8Array()), 'sec1'), sec1);
      }
      assert.equal(hex(ecComponents(publicKeyFromDer(k.spki, 'spki')).q), q);
      assert.deepEqual(publicKeyToDer(ecPublicKeyFromComponents(curve, unhex(q)), 'spki'), k.spki);
    }
  });

  it('imports openssl Ed25519 and X25519 keys with the raw bytes openssl shows', () => {
    for (const curve of ['Ed25519', 'X25519'] as const) {
      const k = opensslKey(['-algorithm', curve.toUpperCase()]);
      const c = ecComponents(privateKeyFromDer(k.pkcs8, 'pkcs8'));
      assert.deepEqual(c, { curve, d: unhex(hexField(k.text, 'priv')), q: unhex(hexField(k.text, 'pub')) });
      assert.deepEqual(ecComponents(publicKeyFromDer(k.spki, 'spki')), { curve, q: c.q });
      assert.deepEqual(privateKeyToDer(ecPrivateKeyFromComponents(curve, c.d ?? new Uint8Array()), 'pkcs8'), k.pkcs8);
    }
  });
});

describe('key components', () => {
  it('derives the RFC 8032 7.1 TEST 1 Ed25519 and RFC 7748 6.1 X25519 public keys from their secrets', () => {
    const vectors: [EcCurve, string, string][] = [
      ['Ed25519', '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'],
      ['X25519', '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a', '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'],
    ];
    for (const [curve, secret, pub] of vectors) {
      const key = ecPrivateKeyFromComponents(curve, unhex(secret));
      assert.equal(hex(ecComponents(publicKeyOf(key)).q), pub);
      assert.ok(keysMatch(key, ecPublicKeyFromComponents(curve, unhex(pub))));
    }
  });

  it('maps the P-256 scalar 1, given short, to the generator point', () => {
    const g = '046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5';
    const c = ecComponents(ecPrivateKeyFromComponents('P-256', Uint8Array.of(1)));
    assert.equal(hex(c.q), g);
    assert.equal(hex(c.d ?? new Uint8Array()), '00'.repeat(31) + '01');
  });

  it('round-trips RSA and every curve through components', () => {
    const c = rsaComponents(rsa.privateKey);
    assert.deepEqual(rsaComponents(rsaPrivateKeyFromComponents(c)), c);
    assert.deepEqual(rsaComponents(rsaPublicKeyFromComponents(c)), { n: c.n, e: 65537n });
    for (const pair of [...ec, ed, x]) {
      const priv = ecComponents(pair.privateKey);
      assert.deepEqual(ecComponents(ecPrivateKeyFromComponents(priv.curve, priv.d ?? new Uint8Array())), priv);
      assert.deepEqual(ecComponents(ecPublicKeyFromComponents(priv.curve, priv.q)), { curve: priv.curve, q: priv.q });
      assert.deepEqual(ecComponents(pair.publicKey), { curve: priv.curve, q: priv.q });
    }
    assert.deepEqual(ec.map((p) => ecComponents(p.privateKey).d?.length), [32, 48, 66]);
  });

  it('rejects a transparent RSA private key with a wrong or missing component', () => {
    const c = rsaComponents(rsa.privateKey);
    const { p = 0n, q = 0n, d = 0n, dp = 0n, qi = 0n } = c;
    for (const bad of [{ ...c, p: p + 2n }, { ...c, q: p, p: q }, { ...c, d: d + 2n }, { ...c, dp: dp + 1n }, { ...c, qi: qi + 1n }, { ...c, n: c.n + 2n }]) {
      failsWith('KEY_MISMATCH', () => rsaPrivateKeyFromComponents(bad));
    }
    failsWith('BAD_KEY_PARAMETERS', () => rsaPrivateKeyFromComponents({ n: c.n, e: c.e, d }));
    failsWith('BAD_KEY_PARAMETERS', () => rsaPrivateKeyFromComponents({ ...c, e: 65536n }));
    failsWith('BAD_KEY_PARAMETERS', () => rsaPublicKeyFromComponents({ n: c.n - 1n, e: c.e }));
  });

  it('rejects EC scalars out of range and points off the curve or not uncompressed', () => {
    const order = unhex('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    for (const d of [new Uint8Array(32), new Uint8Array(0), order, new Uint8Array(33).fill(1)]) {
      failsWith('BAD_KEY_PARAMETERS', () => ecPrivateKeyFromComponents('P-256', d));
    }
    const q = Uint8Array.from(ecComponents(ec[0]?.publicKey ?? rsa.publicKey).q);
    failsWith('BAD_KEY_PARAMETERS', () => ecPublicKeyFromComponents('P-256', Uint8Array.of(0x02, ...q.subarray(1, 33))));
    q[64] = (q[64] ?? 0) ^ 1;
    failsWith('BAD_KEY_PARAMETERS', () => ecPublicKeyFromComponents('P-256', q));
    failsWith('BAD_KEY_PARAMETERS', () => ecPrivateKeyFromComponents('Ed25519', new Uint8Array(31)));
    failsWith('BAD_KEY_PARAMETERS', () => ecPublicKeyFromComponents('X25519', new Uint8Array(33)));
    failsWith('UNSUPPORTED_KEY', () => ecPrivateKeyFromComponents('P-192' as EcCurve, Uint8Array.of(1)));
  });

  it('converts big-endian unsigned integers without leading zeros unless padded', () => {
    assert.deepEqual(bigintToBytes(0n), new Uint8Array(0));
    assert.deepEqual(bigintToBytes(0x80n), Uint8Array.of(0x80));
    assert.deepEqual(bigintToBytes(0x10001n), Uint8Array.of(1, 0, 1));
    assert.deepEqual(bigintToBytes(0x10001n, 5), Uint8Array.of(0, 0, 1, 0, 1));
    assert.equal(bytesToBigint(Uint8Array.of(0, 0, 0xff, 1)), 0xff01n);
    assert.equal(bytesToBigint(new Uint8Array(0)), 0n);
    const big = 2n ** 521n - 1n;
    assert.equal(bytesToBigint(bigintToBytes(big, 66)), big);
    failsWith('BAD_KEY_PARAMETERS', () => bigintToBytes(0x10000n, 2));
    failsWith('BAD_KEY_PARAMETERS', () => bigintToBytes(-1n));
  });
});

describe('DER and key checks', () => {
  it('round-trips every kind through each DER format it can have', () => {
    for (const { privateKey, publicKey } of all) {
      const kind = describeKey(privateKey).kind;
      const privateFormats: PrivateKeyDerFormat[] = kind === 'rsa' ? ['pkcs8', 'pkcs1'] : kind === 'ec' ? ['pkcs8', 'sec1'] : ['pkcs8'];
      const publicFormats: PublicKeyDerFormat[] = kind === 'rsa' ? ['spki', 'pkcs1'] : ['spki'];
      for (const f of privateFormats) {
        const der = privateKeyToDer(privateKey, f);
        assert.deepEqual(privateKeyToDer(privateKeyFromDer(der, f), f), der);
        assert.equal(spkiOf(privateKeyFromDer(der, f)), spkiOf(publicKey));
      }
      for (const f of publicFormats) assert.equal(spkiOf(publicKeyFromDer(publicKeyToDer(publicKey, f), f)), spkiOf(publicKey));
    }
  });

  it('describes each key with its KMIP cryptographic length', () => {
    assert.deepEqual(all.map((p) => describeKey(p.publicKey).bits), [2048, 256, 384, 521, 256, 255]);
    assert.deepEqual(all.map((p) => describeKey(p.privateKey).kind), ['rsa', 'ec', 'ec', 'ec', 'ed25519', 'x25519']);
  });

  it('rejects garbage, truncated and padded DER without echoing the input', () => {
    const marker = Buffer.from('TOPSECRETKEYMATERIAL');
    const pkcs8 = Buffer.from(privateKeyToDer(rsa.privateKey, 'pkcs8'));
    const corrupt = Buffer.from(pkcs8);
    corrupt[4] = 0x05; // the version INTEGER's tag
    const inputs = [marker, Buffer.concat([Uint8Array.of(0x30, 22, 0x04, 20), marker]), pkcs8.subarray(0, 100), Buffer.concat([pkcs8, Uint8Array.of(0)]), corrupt];
    for (const der of inputs) {
      for (const f of ['pkcs1', 'pkcs8', 'sec1'] as const) {
        const e = failsWith('BAD_KEY_ENCODING', () => privateKeyFromDer(der, f));
        for (const leak of [marker.toString(), marker.toString('hex'), marker.toString('base64'), pkcs8.subarray(40, 56).toString('hex')]) {
          assert.ok(!e.message.toLowerCase().includes(leak.toLowerCase()));
        }
      }
      for (const f of ['pkcs1', 'spki'] as const) failsWith('BAD_KEY_ENCODING', () => publicKeyFromDer(der, f));
    }
    failsWith('BAD_KEY_ENCODING', () => privateKeyFromDer(pkcs8, 'sec1'));
    failsWith('BAD_KEY_ENCODING', () => publicKeyFromDer(privateKeyToDer(rsa.privateKey, 'pkcs1'), 'pkcs1'));
    failsWith('BAD_KEY_ENCODING', () => publicKeyFromDer(pkcs8, 'spki'));
  });

  it('refuses PKCS#1 and SEC1 for keys that cannot have them', () => {
    for (const p of [...ec, ed, x]) {
      failsWith('UNSUPPORTED_KEY', () => privateKeyToDer(p.privateKey, 'pkcs1'));
      failsWith('UNSUPPORTED_KEY', () => publicKeyToDer(p.publicKey, 'pkcs1'));
    }
    for (const p of [rsa, ed, x]) failsWith('UNSUPPORTED_KEY', () => privateKeyToDer(p.privateKey, 'sec1'));
    failsWith('UNSUPPORTED_KEY', () => publicKeyToDer(rsa.privateKey, 'spki'));
    failsWith('UNSUPPORTED_KEY', () => privateKeyToDer(rsa.publicKey, 'pkcs8'));
  });

  it('refuses unsupported algorithms, curves and key types', () => {
    const others = [
      generateKeyPairSync('ed448'), generateKeyPairSync('x448'), generateKeyPairSync('ec', { namedCurve: 'secp256k1' }),
      generateKeyPairSync('dsa', { modulusLength: 1024, divisorLength: 160 }), generateKeyPairSync('rsa-pss', { modulusLength: 2048 }),
    ];
    for (const { privateKey, publicKey } of others) {
      failsWith('UNSUPPORTED_KEY', () => privateKeyFromDer(privateKey.export({ format: 'der', type: 'pkcs8' }), 'pkcs8'));
      failsWith('UNSUPPORTED_KEY', () => publicKeyFromDer(publicKey.export({ format: 'der', type: 'spki' }), 'spki'));
      failsWith('UNSUPPORTED_KEY', () => describeKey(publicKey));
    }
    failsWith('UNSUPPORTED_KEY', () => describeKey(createSecretKey(new Uint8Array(32))));
    failsWith('UNSUPPORTED_KEY', () => rsaComponents(ed.privateKey));
    failsWith('UNSUPPORTED_KEY', () => ecComponents(rsa.publicKey));
  });

  it('matches a private key with its own public key only', () => {
    for (const p of all) {
      assert.ok(keysMatch(p.privateKey, p.publicKey));
      assert.equal(spkiOf(publicKeyOf(p.privateKey)), spkiOf(p.publicKey));
    }
    const other = ec.map((p) => p.publicKey);
    assert.equal(keysMatch(rsa.privateKey, ed.publicKey), false);
    assert.equal(keysMatch(ed.privateKey, x.publicKey), false);
    assert.equal(keysMatch(ec[0]?.privateKey ?? rsa.privateKey, other[1] ?? rsa.publicKey), false);
  });
});
