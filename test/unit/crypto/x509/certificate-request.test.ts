import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralNames } from '@peculiar/asn1-x509';
import { readCertificateRequest } from '../../../../src/crypto/x509/certificate-request.js';
import { encodeName } from '../../../../src/crypto/x509/distinguished-name.js';
import { issueCertificate } from '../../../../src/crypto/x509/issue-certificate.js';
import { X509Error } from '../../../../src/crypto/x509/x509-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-csr-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

let count = 0;
/** A CSR made by `openssl req -new` for `key`, as PEM bytes. */
function opensslCsr(key: KeyObject, args: string[] = []): Uint8Array {
  const n = count++;
  const keyFile = join(dir, `key-${n}.pem`);
  const csrFile = join(dir, `req-${n}.pem`);
  writeFileSync(keyFile, key.export({ type: 'pkcs8', format: 'pem' }));
  execFileSync('openssl', ['req', '-new', '-key', keyFile, '-subj', '/C=US/O=Acme/CN=x.example', '-out', csrFile, ...args]);
  return new Uint8Array(readFileSync(csrFile));
}

function toDer(pem: Uint8Array): Uint8Array {
  const b64 = Buffer.from(pem).toString('latin1').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

function refused(bytes: Uint8Array, form: 'PEM' | 'DER'): void {
  assert.throws(() => readCertificateRequest(bytes, form), (e: unknown) => e instanceof X509Error && e.code === 'X509_BAD_REQUEST');
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed25519 = generateKeyPairSync('ed25519');
const SUBJECT = encodeName([{ type: 'C', value: 'US' }, { type: 'O', value: 'Acme' }, { type: 'CN', value: 'x.example' }]);

describe('readCertificateRequest', () => {
  it('reads an openssl RSA request with its subject, key and subjectAltName', () => {
    const csr = opensslCsr(rsa.privateKey, ['-addext', 'subjectAltName=DNS:x', '-addext', 'keyUsage=critical,digitalSignature']);
    const content = readCertificateRequest(csr, 'PEM');
    // openssl writes C and CN as PrintableString; the subject is returned byte-for-byte.
    assert.equal(content.subject[0], 0x30);
    assert.deepEqual(content.publicKey.export({ type: 'spki', format: 'der' }), rsa.publicKey.export({ type: 'spki', format: 'der' }));
    assert.deepEqual(content.extensions.map((e) => [e.oid, e.critical]), [['2.5.29.17', false], ['2.5.29.15', true]]);
    const san = AsnConvert.parse(content.extensions[0]?.value ?? new Uint8Array(), GeneralNames);
    assert.equal(san[0]?.dNSName, 'x');
  });

  it('returns the subject openssl printed', () => {
    const content = readCertificateRequest(opensslCsr(p256.privateKey), 'PEM');
    const cert = issueCertificate({
      subject: content.subject, subjectPublicKey: content.publicKey, issuer: SUBJECT, issuerPrivateKey: ed25519.privateKey,
      notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2025-01-01T00:00:00Z'),
      serialNumber: Uint8Array.from([7]), extensions: content.extensions,
    });
    assert.equal(new X509Certificate(cert).subject, 'C=US\nO=Acme\nCN=x.example');
    assert.deepEqual(content.extensions, []);
  });

  it('verifies P-256, Ed25519, SHA-1/SHA-512 RSA and RSA-PSS signed requests, PEM or DER', () => {
    const cases: [KeyObject, string[]][] = [
      [p256.privateKey, ['-sha384']], [ed25519.privateKey, []], [rsa.privateKey, ['-sha1']], [rsa.privateKey, ['-sha512']],
      [rsa.privateKey, ['-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32']],
      [generateKeyPairSync('ed448').privateKey, []],
    ];
    for (const [key, args] of cases) {
      const pem = opensslCsr(key, [...args, '-addext', 'subjectAltName=DNS:y']);
      assert.equal(readCertificateRequest(pem, 'PEM').extensions.length, 1, args.join(' '));
      assert.equal(readCertificateRequest(toDer(pem), 'DER').extensions.length, 1, args.join(' '));
    }
  });

  it('accepts the NEW CERTIFICATE REQUEST label', () => {
    const pem = Buffer.from(opensslCsr(p256.privateKey)).toString('latin1').replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST');
    assert.ok(readCertificateRequest(new TextEncoder().encode(`explanatory text\n${pem}`), 'PEM'));
  });

  it('refuses a request whose signature has a flipped byte', () => {
    for (const key of [rsa.privateKey, p256.privateKey, ed25519.privateKey]) {
      const der = toDer(opensslCsr(key));
      const bad = Uint8Array.from(der);
      bad[bad.length - 5] = (bad[bad.length - 5] ?? 0) ^ 0x01;
      refused(bad, 'DER');
    }
  });

  it('refuses a request whose signed content was altered', () => {
    const der = toDer(opensslCsr(p256.privateKey));
    const at = Buffer.from(der).indexOf('x.example');
    const bad = Uint8Array.from(der);
    bad[at] = 0x79;
    refused(bad, 'DER');
  });

  it('refuses trailing bytes, truncation, garbage and the wrong form', () => {
    const der = toDer(opensslCsr(p256.privateKey));
    refused(Uint8Array.from([...der, 0]), 'DER');
    refused(der.subarray(0, der.length - 1), 'DER');
    refused(Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x00]), 'DER');
    refused(new TextEncoder().encode('not a request'), 'PEM');
    refused(der, 'PEM');
    refused(opensslCsr(p256.privateKey), 'DER');
    refused(new TextEncoder().encode('-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n'), 'PEM');
  });

  it('keeps error messages free of input bytes', () => {
    try {
      readCertificateRequest(new TextEncoder().encode('secret-material'), 'DER');
      assert.fail('expected a refusal');
    } catch (e) {
      assert.ok(e instanceof X509Error);
      assert.ok(!e.message.includes('secret'));
      assert.equal(e.cause, undefined);
    }
  });
});
