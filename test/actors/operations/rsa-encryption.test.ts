import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytes, enumeration, int, struct, text } from '../../../src/kmip/ttlv/build.js';
import { USAGE } from '../../../src/kmip/enums.js';
import { openActorFixture, STORE_KINDS } from '../actor-fixture.js';
import { bytesField, getRequest, textField } from '../../helpers/kmip-requests.js';
import { flipBit, hexOf, rawKeyOf, tagsIn } from '../helpers.js';
import type { ActorFixture } from '../actor-fixture.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

/** The CryptographicParameters of an RSA Encrypt or Decrypt. */
interface RsaParams {
  readonly padding?: string;
  readonly hash?: string;
  readonly algorithm?: string;
  readonly mgfHash?: string;
}

function paramsNode(p: RsaParams | undefined): TtlvNode | undefined {
  if (p === undefined) return undefined;
  return struct('CryptographicParameters', [
    p.padding === undefined ? undefined : enumeration('PaddingMethod', p.padding),
    p.hash === undefined ? undefined : enumeration('HashingAlgorithm', p.hash),
    p.algorithm === undefined ? undefined : enumeration('CryptographicAlgorithm', p.algorithm),
    p.mgfHash === undefined ? undefined : enumeration('MaskGeneratorHashingAlgorithm', p.mgfHash),
  ]);
}

function cipherRequest(op: 'Encrypt' | 'Decrypt', uid: string, data: Uint8Array, p?: RsaParams, nonce?: Uint8Array): TtlvNode {
  return struct(op, [text('UniqueIdentifier', uid), paramsNode(p), bytes('Data', data), nonce === undefined ? undefined : bytes('IvCounterNonce', nonce)]);
}

/** A CreateKeyPair for RSA, with optional usage masks. */
function rsaPairRequest(bits: number, privateMask?: number, publicMask?: number): TtlvNode {
  const mask = (tag: string, m: number | undefined): TtlvNode | undefined => (m === undefined ? undefined : struct(tag, [int('CryptographicUsageMask', m)]));
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'RSA'), int('CryptographicLength', bits)]),
    mask('PrivateKeyAttributes', privateMask),
    mask('PublicKeyAttributes', publicMask),
  ]);
}

/** One RSA encryption scheme: the KMIP parameters and the openssl options that mean the same. */
interface Scheme {
  readonly name: string;
  readonly params: RsaParams | undefined;
  readonly openssl: readonly string[];
}

const oaep = (md: string): string[] => ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`, '-pkeyopt', `rsa_mgf1_md:${md}`];

const SCHEMES: readonly Scheme[] = [
  { name: 'no parameters (OAEP, SHA-256)', params: undefined, openssl: oaep('sha256') },
  { name: 'OAEP SHA-1', params: { padding: 'OAEP', hash: 'SHA1' }, openssl: oaep('sha1') },
  { name: 'OAEP SHA-256', params: { padding: 'OAEP', hash: 'SHA256', algorithm: 'RSA' }, openssl: oaep('sha256') },
  { name: 'OAEP SHA-384', params: { padding: 'OAEP', hash: 'SHA384' }, openssl: oaep('sha384') },
  { name: 'OAEP SHA-512', params: { hash: 'SHA512' }, openssl: oaep('sha512') },
  { name: 'PKCS#1 v1.5', params: { padding: 'PKCS1v15' }, openssl: ['-pkeyopt', 'rsa_padding_mode:pkcs1'] },
];

const MESSAGE = Buffer.from('a 32-byte data encryption key...', 'utf8');
const MODULUS_BYTES = 256;

const dir = mkdtempSync(join(tmpdir(), 'kms-rsa-enc-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `openssl pkeyutl` with data on stdin and returns its output, failing the test when openssl fails. */
function pkeyutl(args: readonly string[], input: Uint8Array): Uint8Array {
  const run = spawnSync('openssl', ['pkeyutl', ...args], { input });
  assert.equal(run.status, 0, `openssl pkeyutl failed: ${run.stderr.toString('utf8')}`);
  return new Uint8Array(run.stdout);
}

for (const kind of STORE_KINDS) {
  describe(`RSA Encrypt and Decrypt (${kind} store)`, () => {
    let fx: ActorFixture;
    let priv = '';
    let pub = '';
    let privateDer = '';
    let publicDer = '';
    before(async () => {
      fx = openActorFixture(kind);
      const res = await fx.callAsync(rsaPairRequest(2048));
      priv = textField(res, 'PrivateKeyUniqueIdentifier');
      pub = textField(res, 'PublicKeyUniqueIdentifier');
      // Get with KeyFormatType PKCS8 gives PKCS#8 DER for the private key and SubjectPublicKeyInfo DER for the public one.
      privateDer = join(dir, `${kind}-private.der`);
      publicDer = join(dir, `${kind}-public.der`);
      writeFileSync(privateDer, rawKeyOf(fx.call(getRequest(priv, 'PKCS8'))));
      writeFileSync(publicDer, rawKeyOf(fx.call(getRequest(pub, 'PKCS8'))));
    });
    after(() => {
      fx.close();
    });

    const encrypt = (uid: string, data: Uint8Array, p?: RsaParams): Uint8Array => {
      const res = fx.call(cipherRequest('Encrypt', uid, data, p));
      assert.deepEqual(tagsIn(res), ['UniqueIdentifier', 'Data'], 'RSA answers carry no nonce and no tag');
      return bytesField(res, 'Data');
    };
    const decrypt = (uid: string, data: Uint8Array, p?: RsaParams): Uint8Array => bytesField(fx.call(cipherRequest('Decrypt', uid, data, p)), 'Data');
    const opensslDecrypt = (s: Scheme, ct: Uint8Array): Uint8Array => pkeyutl(['-decrypt', '-keyform', 'DER', '-inkey', privateDer, ...s.openssl], ct);
    const opensslEncrypt = (s: Scheme, data: Uint8Array): Uint8Array => pkeyutl(['-encrypt', '-pubin', '-keyform', 'DER', '-inkey', publicDer, ...s.openssl], data);

    for (const s of SCHEMES) {
      it(`encrypts with the public key and decrypts with the private key under ${s.name}`, () => {
        const a = encrypt(pub, MESSAGE, s.params);
        const b = encrypt(pub, MESSAGE, s.params);
        assert.equal(a.length, MODULUS_BYTES);
        assert.notEqual(hexOf(a), hexOf(b), 'RSA encryption is randomized');
        assert.equal(hexOf(decrypt(priv, a, s.params)), hexOf(MESSAGE));
        assert.equal(hexOf(decrypt(priv, b, s.params)), hexOf(MESSAGE));
      });

      it(`produces ${s.name} ciphertexts that openssl decrypts with the exported PKCS#8 key`, () => {
        assert.equal(hexOf(opensslDecrypt(s, encrypt(pub, MESSAGE, s.params))), hexOf(MESSAGE));
      });

      it(`decrypts ${s.name} ciphertexts openssl made with the exported public key`, () => {
        const ct = opensslEncrypt(s, MESSAGE);
        assert.equal(ct.length, MODULUS_BYTES);
        assert.equal(hexOf(decrypt(priv, ct, s.params)), hexOf(MESSAGE));
      });
    }

    for (const hash of ['SHA1', 'SHA256']) {
      it(`wraps with RSA-AES (CryptographicAlgorithm AES, ${hash}): OAEP of a fresh AES-256 key, then RFC 5649 of the data`, () => {
        const p = { algorithm: 'AES', hash };
        const wrapped = encrypt(pub, MESSAGE, p);
        // RFC 5649 of 32 bytes is 40 bytes.
        assert.equal(wrapped.length, MODULUS_BYTES + MESSAGE.length + 8);
        assert.equal(hexOf(decrypt(priv, wrapped, p)), hexOf(MESSAGE));
        const ephemeral = opensslDecrypt({ name: 'OAEP', params: undefined, openssl: oaep(hash === 'SHA1' ? 'sha1' : 'sha256') }, wrapped.subarray(0, MODULUS_BYTES));
        assert.equal(ephemeral.length, 32);
        const d = createDecipheriv('id-aes256-wrap-pad', ephemeral, Buffer.from('a65959a6', 'hex'));
        assert.equal(hexOf(Buffer.concat([d.update(wrapped.subarray(MODULUS_BYTES)), d.final()])), hexOf(MESSAGE));
        fx.callError(cipherRequest('Decrypt', priv, flipBit(wrapped, wrapped.length - 1), p), 'Cryptographic_Failure');
      });
    }

    it('fails a Decrypt under the wrong hash, or of a tampered or truncated ciphertext as Cryptographic_Failure', () => {
      const ct = encrypt(pub, MESSAGE, { hash: 'SHA384' });
      fx.callError(cipherRequest('Decrypt', priv, ct, { hash: 'SHA256' }), 'Cryptographic_Failure');
      fx.callError(cipherRequest('Decrypt', priv, flipBit(ct, 100), { hash: 'SHA384' }), 'Cryptographic_Failure');
      fx.callError(cipherRequest('Decrypt', priv, ct.subarray(1), { hash: 'SHA384' }), 'Cryptographic_Failure');
    });

    it('answers a tampered PKCS#1 v1.5 ciphertext with a synthetic plaintext, never an error (implicit rejection)', () => {
      const p = { padding: 'PKCS1v15' };
      const ct = encrypt(pub, MESSAGE, p);
      const tampered = flipBit(ct, 100);
      const synthetic = decrypt(priv, tampered, p);
      assert.notEqual(hexOf(synthetic), hexOf(MESSAGE));
      assert.ok(synthetic.length <= MODULUS_BYTES - 11, `length ${synthetic.length}`);
      assert.equal(hexOf(decrypt(priv, tampered, p)), hexOf(synthetic), 'the same ciphertext always gives the same message');
      const other = decrypt(priv, flipBit(ct, 101), p);
      // Two ciphertexts may both get an empty message (a 1 in 246^2 event); otherwise they differ.
      assert.ok(other.length + synthetic.length === 0 || hexOf(other) !== hexOf(synthetic), 'another ciphertext gives another message');
      // Only what anyone can see is wrong still fails: a ciphertext that is not modulus-sized.
      fx.callError(cipherRequest('Decrypt', priv, ct.subarray(1), p), 'Cryptographic_Failure');
    });

    it('encrypts at most k - 2*hLen - 2 bytes with OAEP and k - 11 with PKCS#1 v1.5, refusing more as Bad_Cryptographic_Parameters', () => {
      const limits: readonly [RsaParams, number][] = [[{ hash: 'SHA512' }, 126], [{ hash: 'SHA256' }, 190], [{ hash: 'SHA1' }, 214], [{ padding: 'PKCS1v15' }, 245]];
      for (const [p, max] of limits) {
        const data = new Uint8Array(randomBytes(max + 1));
        assert.equal(hexOf(decrypt(priv, encrypt(pub, data.subarray(0, max), p), p)), hexOf(data.subarray(0, max)));
        const err = fx.callError(cipherRequest('Encrypt', pub, data, p), 'Bad_Cryptographic_Parameters');
        assert.match(err.message, new RegExp(`at most ${max} bytes`));
        assert.doesNotMatch(err.message, new RegExp(hexOf(data.subarray(0, 8)), 'i'), 'the message never carries the data');
      }
    });

    it('runs MGF1 over the OAEP hash: accepts that MaskGeneratorHashingAlgorithm and refuses another', () => {
      const same = { hash: 'SHA384', mgfHash: 'SHA384' };
      assert.equal(hexOf(opensslDecrypt({ name: 'OAEP', params: same, openssl: oaep('sha384') }, encrypt(pub, MESSAGE, same))), hexOf(MESSAGE));
      // OAEP-SHA-256 with MGF1-SHA-1 (Java's OAEPWithSHA-256AndMGF1Padding) must not quietly become MGF1-SHA-256.
      for (const base of [{ hash: 'SHA256' }, { algorithm: 'AES' }]) {
        const p = { ...base, mgfHash: 'SHA1' };
        fx.callError(cipherRequest('Encrypt', pub, MESSAGE, p), 'Unsupported_Cryptographic_Parameters');
        fx.callError(cipherRequest('Decrypt', priv, encrypt(pub, MESSAGE, base), p), 'Unsupported_Cryptographic_Parameters');
      }
    });

    it('refuses an IvCounterNonce with RSA', () => {
      fx.callError(cipherRequest('Encrypt', pub, MESSAGE, undefined, new Uint8Array(12)), 'Bad_Cryptographic_Parameters');
      const ct = encrypt(pub, MESSAGE);
      fx.callError(cipherRequest('Decrypt', priv, ct, undefined, new Uint8Array(12)), 'Bad_Cryptographic_Parameters');
    });

    it('refuses paddings and hashes RSA encryption does not offer, and a foreign algorithm', () => {
      fx.callError(cipherRequest('Encrypt', pub, MESSAGE, { padding: 'PSS' }), 'Unsupported_Cryptographic_Parameters');
      fx.callError(cipherRequest('Encrypt', pub, MESSAGE, { padding: 'None' }), 'Unsupported_Cryptographic_Parameters');
      fx.callError(cipherRequest('Encrypt', pub, MESSAGE, { hash: 'MD5' }), 'Unsupported_Cryptographic_Parameters');
      fx.callError(cipherRequest('Encrypt', pub, MESSAGE, { algorithm: 'ChaCha20' }), 'Bad_Cryptographic_Parameters');
    });

    it('refuses Encrypt with a private key whose default usage mask lacks Encrypt', () => {
      const err = fx.callError(cipherRequest('Encrypt', priv, MESSAGE), 'Incompatible_Cryptographic_Usage_Mask');
      assert.match(err.message, /does not allow Encrypt/);
    });

    it('refuses Decrypt with the public key id: its usage mask lacks Decrypt', () => {
      const ct = encrypt(pub, MESSAGE);
      const err = fx.callError(cipherRequest('Decrypt', pub, ct), 'Incompatible_Cryptographic_Usage_Mask');
      assert.match(err.message, /does not allow Decrypt/);
    });

    it('encrypts with a private key whose mask allows it (under its public half), and still never decrypts with a public key', async () => {
      const res = await fx.callAsync(rsaPairRequest(2048, USAGE.Encrypt | USAGE.Decrypt, USAGE.Unrestricted));
      const p = textField(res, 'PrivateKeyUniqueIdentifier');
      const q = textField(res, 'PublicKeyUniqueIdentifier');
      const ct = encrypt(p, MESSAGE);
      assert.equal(hexOf(decrypt(p, ct)), hexOf(MESSAGE));
      // An Unrestricted mask passes the usage check; the key type still says no.
      const err = fx.callError(cipherRequest('Decrypt', q, ct), 'Invalid_Object_Type');
      assert.match(err.message, /PublicKey, not a PrivateKey/);
    });
  });
}
