import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadClientCa, loadServerCredentials } from '../../../../src/gateway/tls/credentials.js';
import { TlsSetupError, type TlsErrorCode } from '../../../../src/gateway/tls/tls-error.js';
import { makeP12, makeTestPki, type TestPki } from '../../../helpers/pki.js';
import type { TlsSource } from '../../../../src/config/schema.js';

function failure(source: TlsSource | (() => unknown)): TlsSetupError {
  try {
    if (typeof source === 'function') source();
    else loadServerCredentials(source);
  } catch (err) {
    assert.ok(err instanceof TlsSetupError, String(err));
    assert.doesNotMatch(err.message, /BEGIN|PRIVATE KEY/);
    return err;
  }
  assert.fail('expected a TlsSetupError');
}

function subjects(pem: string): string[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) => new X509Certificate(b).subject);
}

function assertCode(err: TlsSetupError, code: TlsErrorCode, mentions: string): void {
  assert.equal(err.code, code, err.message);
  assert.ok(err.message.includes(mentions), err.message);
}

describe('TLS credential loading', () => {
  let pki: TestPki;
  before(() => { pki = makeTestPki(); });
  after(() => { fs.rmSync(pki.dir, { recursive: true, force: true }); });

  const pem = (o: Partial<{ certFile: string; keyFile: string; chainFile: string | null }> = {}): TlsSource => ({
    kind: 'pem',
    certFile: o.certFile ?? pki.server.certFile,
    keyFile: o.keyFile ?? pki.server.keyFile,
    chainFile: o.chainFile ?? null,
  });

  it('loads a PEM certificate and key, and appends the chain file after the leaf', () => {
    const plain = loadServerCredentials(pem());
    assert.deepEqual(subjects(plain.certChainPem), ['CN=localhost']);
    assert.equal(plain.key.asymmetricKeyType, 'rsa');
    const chained = loadServerCredentials(pem({ certFile: pki.chainedServer.certFile, keyFile: pki.chainedServer.keyFile, chainFile: pki.intermediate.certFile }));
    assert.deepEqual(subjects(chained.certChainPem), ['CN=localhost', 'CN=KMS Test Intermediate CA']);
  });

  it('loads PKCS#12 bundles: OpenSSL 3 default, legacy 3DES, and an EC key with its chain', () => {
    for (const file of [pki.p12File, pki.legacyP12File]) {
      const c = loadServerCredentials({ kind: 'p12', file, password: pki.p12Password });
      assert.equal(c.key.asymmetricKeyType, 'rsa');
      assert.deepEqual(subjects(c.certChainPem), ['CN=localhost']);
    }
    const ec = makeP12(pki.dir, 'ec', pki.chainedServer, 'ec-pass', [pki.intermediate]);
    const c = loadServerCredentials({ kind: 'p12', file: ec, password: 'ec-pass' });
    assert.equal(c.key.asymmetricKeyType, 'ec');
    assert.deepEqual(subjects(c.certChainPem), ['CN=localhost', 'CN=KMS Test Intermediate CA']);
  });

  it('refuses a wrong PKCS#12 password, or a file that is no PKCS#12, without echoing the password', () => {
    const wrong = failure({ kind: 'p12', file: pki.p12File, password: 'Not-The-Password' });
    assertCode(wrong, 'TLS_BAD_PKCS12', pki.p12File);
    assert.ok(!wrong.message.includes('Not-The-Password') && !wrong.message.includes(pki.p12Password));
    assertCode(failure({ kind: 'p12', file: pki.server.certFile, password: pki.p12Password }), 'TLS_BAD_PKCS12', pki.server.certFile);
  });

  it('names the unreadable file', () => {
    const missing = path.join(pki.dir, 'nope.pem');
    assertCode(failure(pem({ certFile: missing })), 'TLS_FILE_UNREADABLE', missing);
    assertCode(failure(pem({ keyFile: missing })), 'TLS_FILE_UNREADABLE', missing);
    assertCode(failure(pem({ chainFile: missing })), 'TLS_FILE_UNREADABLE', missing);
    assertCode(failure({ kind: 'p12', file: missing, password: 'x' }), 'TLS_FILE_UNREADABLE', missing);
  });

  it('refuses a key that does not match the certificate', () => {
    assertCode(failure(pem({ keyFile: pki.alice.keyFile })), 'TLS_KEY_MISMATCH', 'does not match');
  });

  it('refuses a certificate file holding no certificate, and an encrypted or garbled key', () => {
    assertCode(failure(pem({ certFile: pki.server.keyFile })), 'TLS_BAD_CERT', pki.server.keyFile);
    const encrypted = path.join(pki.dir, 'encrypted.key');
    execFileSync('openssl', ['pkey', '-in', pki.server.keyFile, '-aes256', '-passout', 'pass:abcd', '-out', encrypted]);
    assertCode(failure(pem({ keyFile: encrypted })), 'TLS_BAD_KEY', encrypted);
    assertCode(failure(pem({ keyFile: pki.server.certFile })), 'TLS_BAD_KEY', pki.server.certFile);
  });

  it('loads a client CA bundle and refuses one without certificates', () => {
    assert.deepEqual(subjects(loadClientCa(pki.ca.certFile)), ['CN=KMS Test Root CA']);
    assertCode(failure(() => loadClientCa(pki.ca.keyFile)), 'TLS_BAD_CERT', '--authority-cert-file');
  });
});
