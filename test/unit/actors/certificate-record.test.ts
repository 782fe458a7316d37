/**
 * The certificate parsing helper and the Certificate object codec: facts that agree with
 * openssl, and refusal of anything but one DER X.509 certificate.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { certificateAttributes, certificateFacts } from '../../../src/actors/certificate-record.js';
import { decodeCertificate, encodeCertificate } from '../../../src/kmip/certificate.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { bytes, enumeration, struct } from '../../../src/kmip/ttlv/build.js';
import { issue } from '../../helpers/pki.js';

let dir = '';
let der: Uint8Array;
let certFile = '';

const openssl = (...args: string[]): string => execFileSync('openssl', ['x509', '-in', certFile, '-noout', ...args], { encoding: 'utf8' }).trim();
const value = (line: string): string => line.slice(line.indexOf('=') + 1);

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-cert-unit-'));
  // A multi-valued RDN and escaped characters, where node's and openssl's printing differ most.
  const root = issue(dir, 'root', { subject: '/C=FR/O=Plus\\+Comma, Ltd/CN=Unit Root', ca: true });
  certFile = path.join(dir, 'leaf.crt');
  execFileSync('openssl', [
    'req', '-x509', '-new', '-key', root.keyFile, '-subj', '/C=FR/CN=unit leaf+OU=Team=A', '-multivalue-rdn', '-days', '2', '-out', certFile,
  ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  der = new Uint8Array(execFileSync('openssl', ['x509', '-in', certFile, '-outform', 'DER']));
});
after(() => { if (dir !== '') fs.rmSync(dir, { recursive: true, force: true }); });

const rejectsWith = (reason: string) => (e: unknown): boolean => e instanceof KmipError && e.reason === reason;

describe('certificateFacts', () => {
  it('reads the subject and issuer as openssl -nameopt RFC2253 prints them, the serial and the SHA-256', () => {
    const f = certificateFacts(der);
    assert.equal(f.subject, value(openssl('-subject', '-nameopt', 'RFC2253')));
    assert.equal(f.issuer, value(openssl('-issuer', '-nameopt', 'RFC2253')));
    assert.equal(f.subject, 'CN=unit leaf+OU=Team=A,C=FR');
    assert.equal(f.serialNumber, value(openssl('-serial')));
    assert.equal(Buffer.from(f.sha256).toString('hex').toUpperCase(), value(openssl('-fingerprint', '-sha256')).replaceAll(':', ''));
    assert.equal(f.length, der.length);
  });

  it('refuses junk, PEM, trailing bytes and a truncated certificate with Invalid_Field', () => {
    const pem = fs.readFileSync(certFile);
    for (const bad of [Buffer.from('hello'), pem, Buffer.concat([der, Buffer.of(0)]), der.subarray(0, der.length - 1), new Uint8Array(0)]) {
      assert.throws(() => certificateFacts(bad), rejectsWith('Invalid_Field'));
    }
  });

  it('derives the KMIP attributes Locate searches', () => {
    const tags = certificateAttributes(certificateFacts(der)).map((n) => n.tag);
    assert.deepEqual(tags, ['CertificateType', 'CertificateLength', 'X509CertificateIdentifier', 'X509CertificateSubject', 'X509CertificateIssuer', 'Digest']);
  });
});

describe('Certificate object codec', () => {
  it('round-trips the DER', () => {
    assert.deepEqual(decodeCertificate(encodeCertificate(der, 'Object')), der);
  });

  it('refuses PGP certificates and a missing or mistyped CertificateValue', () => {
    assert.throws(() => decodeCertificate(struct('Object', [enumeration('CertificateType', 'PGP'), bytes('CertificateValue', der)])), rejectsWith('Feature_Not_Supported'));
    assert.throws(() => decodeCertificate(struct('Object', [enumeration('CertificateType', 'X509')])), rejectsWith('Invalid_Message'));
    assert.throws(() => decodeCertificate(struct('Object', [{ tag: 'CertificateValue', type: 'TextString', value: 'x' }])), rejectsWith('Invalid_Message'));
  });
});
