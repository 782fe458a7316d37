/**
 * The certificate parsing helpers and the Certificate object codec: facts that agree with
 * openssl, refusal of anything but one DER X.509 certificate, one PEM block read as its DER; and a
 * stored certificate's public key and keyUsage check (certificate-key.ts).
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { certificateAttributes, certificateDer, certificateFacts } from '../../../src/actors/certificate-record.js';
import { certificatePublicKey, requireCertificateUsage } from '../../../src/actors/certificate-key.js';
import { decodeCertificate, encodeCertificate } from '../../../src/kmip/certificate.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { bytes, enumeration, struct } from '../../../src/kmip/ttlv/build.js';
import { encodeJsonTtlv } from '../../../src/kmip/ttlv/json.js';
import { issue, type Issued } from '../../helpers/pki.js';
import type { ObjectRecord } from '../../../src/storage/object-record.js';

let dir = '';
let der: Uint8Array;
let certFile = '';
let root: Issued;
let rootDer: Uint8Array;
let rsaLeaf: Issued;
let rsaLeafDer: Uint8Array;

const openssl = (...args: string[]): string => execFileSync('openssl', ['x509', '-in', certFile, '-noout', ...args], { encoding: 'utf8' }).trim();
const value = (line: string): string => line.slice(line.indexOf('=') + 1);

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-cert-unit-'));
  // A multi-valued RDN and escaped characters, where node's and openssl's printing differ most.
  root = issue(dir, 'root', { subject: '/C=FR/O=Plus\\+Comma, Ltd/CN=Unit Root', ca: true });
  certFile = path.join(dir, 'leaf.crt');
  execFileSync('openssl', [
    'req', '-x509', '-new', '-key', root.keyFile, '-subj', '/C=FR/CN=unit leaf+OU=Team=A', '-multivalue-rdn', '-days', '2', '-out', certFile,
  ], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  der = new Uint8Array(execFileSync('openssl', ['x509', '-in', certFile, '-outform', 'DER']));
  rootDer = new Uint8Array(execFileSync('openssl', ['x509', '-in', root.certFile, '-outform', 'DER']));
  // keyUsage digitalSignature and keyEncipherment, RSA.
  rsaLeaf = issue(dir, 'rsa-leaf', { subject: '/CN=rsa leaf', issuer: root, rsa: true });
  rsaLeafDer = new Uint8Array(execFileSync('openssl', ['x509', '-in', rsaLeaf.certFile, '-outform', 'DER']));
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

describe('certificateDer', () => {
  const pem = (): string => fs.readFileSync(certFile, 'utf8');
  const body = (): string => pem().replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const messageOf = (value: string): string => {
    try {
      certificateDer(Buffer.from(value, 'latin1'));
    } catch (e) {
      assert.ok(e instanceof KmipError && e.reason === 'Invalid_Field', String(e));
      assert.ok(!e.message.includes(body().slice(0, 12)), e.message);
      return e.message;
    }
    return assert.fail('accepted');
  };

  it('passes DER through unchanged', () => {
    assert.equal(certificateDer(der), der);
  });

  it('reads one PEM CERTIFICATE block, with LF or CRLF and whitespace around it, as the DER openssl writes', () => {
    for (const text of [pem(), `\n\t ${pem().replaceAll('\n', '\r\n')}  \r\n`]) {
      const out = certificateDer(Buffer.from(text, 'ascii'));
      assert.deepEqual(out, der);
      assert.deepEqual(certificateFacts(out), certificateFacts(der));
    }
  });

  it('refuses two PEM blocks, saying how many', () => {
    assert.match(messageOf(pem() + pem()), /2 PEM blocks/);
    assert.match(messageOf(pem() + fs.readFileSync(root.keyFile, 'utf8')), /2 PEM blocks/);
  });

  it('refuses junk around the block, headers, other labels, bad base64 and non-ASCII, without quoting them', () => {
    const p = pem();
    for (const bad of [
      `x${p}`, `${p}x`, `${p}-----END CERTIFICATE-----\n`, fs.readFileSync(root.keyFile, 'utf8'), p.replace('CERTIFICATE-----\n', 'CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n'),
      p.replace('M', '*'), p.replace('M', 'é'), '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
    ]) {
      messageOf(bad);
    }
  });

  it('leaves base64 of something else, or of a truncated certificate, to certificateFacts, which refuses it', () => {
    const notCert = `-----BEGIN CERTIFICATE-----\n${Buffer.from('hello world, not DER').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const truncated = pem().replace(/\n[^\n]+\n-----END/, '\n-----END');
    for (const text of [notCert, truncated]) {
      assert.throws(() => certificateFacts(certificateDer(Buffer.from(text, 'ascii'))), rejectsWith('Invalid_Field'));
    }
  });
});

/** A stored Certificate record holding `value`, the way the store keeps it. */
function certificateRecordOf(value: Uint8Array, id = 'cert-1'): ObjectRecord {
  return {
    id, objectType: 'Certificate', state: 'Active', owner: 'me', cryptographicAlgorithm: null, cryptographicLength: null, keyFormatType: null,
    object: encodeJsonTtlv(encodeCertificate(value)), attributes: '', tags: [], createdAt: 0, updatedAt: 0,
  };
}

describe('certificate keys', () => {
  it('refuses a record that is not a certificate', () => {
    assert.throws(() => certificatePublicKey({ ...certificateRecordOf(der), objectType: 'PublicKey' }), rejectsWith('Invalid_Object_Type'));
  });

  it('gives the public key the certificate certifies', () => {
    const expected = createPublicKey(rsaLeaf.key).export({ format: 'der', type: 'spki' });
    assert.deepEqual(certificatePublicKey(certificateRecordOf(rsaLeafDer)).export({ format: 'der', type: 'spki' }), expected);
  });

  it('allows every use without a keyUsage extension', () => {
    for (const use of ['Encrypt', 'Verify'] as const) assert.doesNotThrow(() => requireCertificateUsage(certificateRecordOf(der), use, Date.now()));
  });

  it('allows what keyUsage digitalSignature and keyEncipherment name', () => {
    for (const use of ['Encrypt', 'Verify'] as const) assert.doesNotThrow(() => requireCertificateUsage(certificateRecordOf(rsaLeafDer), use, Date.now()));
  });

  it('refuses a CA certificate (keyCertSign, cRLSign) both uses, naming the certificate', () => {
    for (const use of ['Encrypt', 'Verify'] as const) {
      assert.throws(() => requireCertificateUsage(certificateRecordOf(rootDer, 'the-ca'), use, Date.now()), (e: unknown) =>
        e instanceof KmipError && e.reason === 'Incompatible_Cryptographic_Usage_Mask' && e.message.includes('the-ca') && e.message.includes(use));
    }
  });

  it('refuses to encrypt outside the validity period but still verifies with an expired certificate', () => {
    const later = Date.now() + 100 * 365 * 86_400_000;
    assert.throws(() => requireCertificateUsage(certificateRecordOf(rsaLeafDer, 'old-leaf'), 'Encrypt', later), (e: unknown) =>
      e instanceof KmipError && e.reason === 'Wrong_Key_Lifecycle_State' && e.message.includes('old-leaf'));
    assert.throws(() => requireCertificateUsage(certificateRecordOf(rsaLeafDer), 'Encrypt', 0), rejectsWith('Wrong_Key_Lifecycle_State'));
    assert.doesNotThrow(() => requireCertificateUsage(certificateRecordOf(rsaLeafDer), 'Verify', later));
  });
});
