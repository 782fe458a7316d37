/**
 * Interop of the PKCS#12 writer: bundles open with `openssl pkcs12`, Node's TLS and the shared
 * reader, for EC, RSA and Ed25519 keys; a wrong password fails; bad input is refused.
 * @module
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { writePkcs12 } from '../../../../src/crypto/x509/pkcs12-write.js';
import { X509Error } from '../../../../src/crypto/x509/x509-error.js';
import { readPkcs12Bundle } from '../../../../src/lib/pkcs12-read.js';

const PASSWORD = 'Write-Passw0rd!';

interface Made {
  readonly key: KeyObject;
  readonly der: Uint8Array;
}

describe('PKCS#12 writing', () => {
  let dir: string;
  const made: Record<string, Made> = {};
  const file = (name: string): string => path.join(dir, name);

  function openssl(args: readonly string[]): string {
    return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** stdout and stderr together: `-info` reports the algorithms on stderr. */
  function opensslAll(args: readonly string[]): string {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return `${r.stderr}${r.stdout}`;
  }

  function make(name: string, subject: string, algorithm: readonly string[], ca: boolean, issuer?: string): void {
    openssl(['genpkey', ...algorithm, '-out', `${name}.key`]);
    fs.writeFileSync(file(`${name}.ext`), ca ? 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n' : 'basicConstraints=CA:FALSE\n');
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    const signer = issuer === undefined ? ['-signkey', `${name}.key`] : ['-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-set_serial', '9'];
    openssl(['x509', '-req', '-in', `${name}.csr`, ...signer, '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
    made[name] = {
      key: createPrivateKey(fs.readFileSync(file(`${name}.key`))),
      der: new X509Certificate(fs.readFileSync(file(`${name}.crt`))).raw,
    };
  }

  const get = (name: string): Made => made[name] as Made;

  /** Writes leaf + chain to `<name>.p12` and returns the bytes. */
  function bundle(name: string, leaf: string, chain: readonly string[], friendlyName?: string): Buffer {
    const bytes = writePkcs12({
      privateKey: get(leaf).key,
      certificates: [get(leaf).der, ...chain.map((c) => get(c).der)],
      password: PASSWORD,
      ...(friendlyName === undefined ? {} : { friendlyName }),
    });
    fs.writeFileSync(file(`${name}.p12`), bytes);
    return Buffer.from(bytes);
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-p12write-'));
    make('root', '/CN=Write Root', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], true);
    make('inter', '/CN=Write Intermediate', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], true, 'root');
    make('ec', '/CN=ec.example', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], false, 'inter');
    make('rsa', '/CN=rsa.example', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], false, 'inter');
    make('ed', '/CN=ed.example', ['-algorithm', 'ED25519'], false, 'inter');
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const kind of ['ec', 'rsa']) {
    it(`writes a ${kind} bundle that openssl opens with the key and every certificate`, () => {
      bundle(kind, kind, ['inter', 'root'], 'my key');
      const info = opensslAll(['pkcs12', '-in', `${kind}.p12`, '-passin', `pass:${PASSWORD}`, '-info', '-nodes']);
      assert.match(info, /MAC: sha256, Iteration 2048/);
      assert.match(info, /Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
      assert.match(info, /PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
      assert.equal(info.match(/-----BEGIN PRIVATE KEY-----/g)?.length, 1);
      assert.equal(info.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);
      for (const cn of [`${kind}.example`, 'Write Intermediate', 'Write Root']) assert.match(info, new RegExp(`subject=CN = ${cn}`));
      const keyPem = info.slice(info.indexOf('-----BEGIN PRIVATE KEY-----'));
      assert.ok(createPrivateKey(keyPem).equals(get(kind).key));
      // friendlyName and localKeyID (SHA-1 of the leaf) on the key bag and the leaf bag.
      assert.equal(info.match(/friendlyName: my key/g)?.length, 2);
      const keyId = createHash('sha1').update(get(kind).der).digest('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
      assert.equal(info.split(`localKeyID: ${keyId}`).length - 1, 2);
    });

    it(`writes a ${kind} bundle that Node's TLS and the shared reader accept`, () => {
      const bytes = bundle(`${kind}-node`, kind, ['inter', 'root']);
      assert.doesNotThrow(() => tls.createSecureContext({ pfx: bytes, passphrase: PASSWORD }));
      const read = readPkcs12Bundle(bytes, PASSWORD, 'the written bundle');
      assert.ok(read.key.equals(get(kind).key));
      assert.deepEqual(new Uint8Array(read.leaf.raw), new Uint8Array(get(kind).der));
      assert.deepEqual(read.chain.map((c) => c.subject), ['CN=Write Intermediate', 'CN=Write Root']);
    });
  }

  it('writes an Ed25519 bundle and a leaf-only bundle', () => {
    const ed = bundle('ed', 'ed', ['inter']);
    const read = readPkcs12Bundle(ed, PASSWORD, 'the written bundle');
    assert.equal(read.key.asymmetricKeyType, 'ed25519');
    assert.match(openssl(['pkcs12', '-in', 'ed.p12', '-passin', `pass:${PASSWORD}`, '-nodes']), /BEGIN PRIVATE KEY/);
    const alone = bundle('alone', 'ec', []);
    assert.deepEqual(readPkcs12Bundle(alone, PASSWORD, 'the written bundle').chain, []);
  });

  it('encodes a non-ASCII password as OpenSSL does (UTF-8 for PBKDF2, BMPString for the MAC)', () => {
    const ec = get('ec');
    fs.writeFileSync(file('utf8.p12'), writePkcs12({ privateKey: ec.key, certificates: [ec.der], password: 'pässwörd-€-𝄞' }));
    assert.match(opensslAll(['pkcs12', '-in', 'utf8.p12', '-passin', 'pass:pässwörd-€-𝄞', '-info', '-nodes']), /MAC: sha256[\s\S]*BEGIN PRIVATE KEY/);
  });

  it('writes a bundle under an empty password that openssl, Node and the reader open', () => {
    const ec = get('ec');
    const bytes = Buffer.from(writePkcs12({ privateKey: ec.key, certificates: [ec.der], password: '' }));
    fs.writeFileSync(file('empty.p12'), bytes);
    assert.match(opensslAll(['pkcs12', '-in', 'empty.p12', '-passin', 'pass:', '-nodes']), /BEGIN PRIVATE KEY/);
    assert.doesNotThrow(() => tls.createSecureContext({ pfx: bytes, passphrase: '' }));
    assert.ok(readPkcs12Bundle(bytes, '', 'the written bundle').key.equals(ec.key));
  });

  it('is refused by openssl under a wrong password, and salts each bundle afresh', () => {
    const first = bundle('wrong', 'ec', ['inter']);
    const wrong = spawnSync('openssl', ['pkcs12', '-in', 'wrong.p12', '-passin', 'pass:not-it', '-nodes'], { cwd: dir, encoding: 'utf8' });
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /mac verify (failure|error)/i);
    assert.notDeepEqual(bundle('again', 'ec', ['inter']), first);
  });

  it('refuses a public key, a missing or mismatched certificate, and garbage certificates', () => {
    const refuses = (run: () => unknown, code: string): void => {
      assert.throws(run, (e: unknown) => e instanceof X509Error && e.code === code && !e.message.includes(PASSWORD));
    };
    const ec = get('ec');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    refuses(() => writePkcs12({ privateKey: publicKey, certificates: [ec.der], password: PASSWORD }), 'X509_BAD_PKCS12');
    refuses(() => writePkcs12({ privateKey: ec.key, certificates: [], password: PASSWORD }), 'X509_BAD_PKCS12');
    refuses(() => writePkcs12({ privateKey: ec.key, certificates: [get('rsa').der], password: PASSWORD }), 'X509_BAD_PKCS12');
    refuses(() => writePkcs12({ privateKey: ec.key, certificates: [ec.der, Uint8Array.from([1, 2, 3])], password: PASSWORD }), 'X509_BAD_CERTIFICATE');
  });
});
