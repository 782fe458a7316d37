import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { encodeName, type NameAttribute, type NameAttributeType } from '../../../../src/crypto/x509/distinguished-name.js';
import { parseExtensionConfig } from '../../../../src/crypto/x509/extension-config.js';
import {
  issueCertificate, randomSerialNumber, type IssueRequest,
} from '../../../../src/crypto/x509/issue-certificate.js';
import { X509Error, type X509ErrorCode } from '../../../../src/crypto/x509/x509-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-issue-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

const NOT_BEFORE = new Date('2024-01-02T03:04:05.678Z');
const NOT_AFTER = new Date('2034-01-02T03:04:05Z');

function pem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

let fileCount = 0;
function writePem(der: Uint8Array): string {
  const file = join(dir, `cert-${fileCount++}.pem`);
  writeFileSync(file, pem(der));
  return file;
}

function opensslText(der: Uint8Array): string {
  return execFileSync('openssl', ['x509', '-text', '-noout', '-in', writePem(der)], { encoding: 'utf8' });
}

function opensslVerify(root: Uint8Array, leaf: Uint8Array, extra: string[] = []): string {
  return execFileSync('openssl', ['verify', '-attime', String(Date.UTC(2025, 0, 1) / 1000), ...extra,
    '-CAfile', writePem(root), writePem(leaf)], { encoding: 'utf8' });
}

function failsWith(code: X509ErrorCode, fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => e instanceof X509Error && e.code === code);
}

const publicOf = (key: KeyObject): KeyObject => createPublicKey(key);

/** A name from [type, value] pairs, most general first (DER order). */
const nameOf = (...pairs: [NameAttributeType, string][]): NameAttribute[] => pairs.map(([type, value]) => ({ type, value }));

function selfSigned(privateKey: KeyObject, subject: NameAttribute[], config: string, overrides: Partial<IssueRequest> = {}): Uint8Array {
  const name = encodeName(subject);
  const pub = publicOf(privateKey);
  return issueCertificate({
    subject: name, subjectPublicKey: pub, issuer: name, issuerPrivateKey: privateKey,
    notBefore: NOT_BEFORE, notAfter: NOT_AFTER, serialNumber: randomSerialNumber(),
    extensions: parseExtensionConfig(config, { subjectPublicKey: pub, issuerPublicKey: pub }),
    ...overrides,
  });
}

const CA_CONFIG = `[ v3_ca ]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,digitalSignature,cRLSign
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid:always,issuer
`;

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed25519 = generateKeyPairSync('ed25519');

describe('issueCertificate', () => {
  for (const [label, key, sigText] of [
    ['RSA', rsa.privateKey, 'sha256WithRSAEncryption'],
    ['P-256', p256.privateKey, 'ecdsa-with-SHA256'],
    ['Ed25519', ed25519.privateKey, 'ED25519'],
  ] as const) {
    it(`issues a self-signed ${label} CA that openssl verifies and prints`, () => {
      const der = selfSigned(key, nameOf(['C', 'US'], ['O', 'Acme'], ['CN', `Root ${label}`]), CA_CONFIG);
      assert.match(opensslVerify(der, der), /: OK/);
      const text = opensslText(der);
      assert.match(text, new RegExp(`Subject: C ?= ?US, O ?= ?Acme, CN ?= ?Root ${label}`));
      assert.match(text, /Version: 3 \(0x2\)/);
      assert.match(text, new RegExp(`Signature Algorithm: ${sigText}`));
      assert.match(text, /CA:TRUE, pathlen:0/);
      assert.match(text, /Digital Signature, Certificate Sign, CRL Sign/);
      assert.match(text, /Not Before: Jan {2}2 03:04:05 2024 GMT/);
      assert.match(text, /Not After : Jan {2}2 03:04:05 2034 GMT/);
      const x = new X509Certificate(der);
      assert.equal(x.ca, true);
      assert.equal(x.subject, `C=US\nO=Acme\nCN=Root ${label}`);
      assert.equal(x.validFrom, 'Jan  2 03:04:05 2024 GMT');
      assert.equal(x.validTo, 'Jan  2 03:04:05 2034 GMT');
      assert.ok(x.verify(publicOf(key)));
    });
  }

  it('chains a P-256 CA to an RSA leaf with the requested extensions', () => {
    const caName = encodeName(nameOf(['C', 'FR'], ['O', 'Acme'], ['CN', 'Acme Root']));
    const caPub = publicOf(p256.privateKey);
    const root = issueCertificate({
      subject: caName, subjectPublicKey: caPub, issuer: caName, issuerPrivateKey: p256.privateKey,
      notBefore: NOT_BEFORE, notAfter: NOT_AFTER, serialNumber: Uint8Array.from([1]),
      extensions: parseExtensionConfig(CA_CONFIG, { subjectPublicKey: caPub, issuerPublicKey: caPub }),
    });
    const leafPub = rsa.publicKey;
    const leaf = issueCertificate({
      subject: encodeName(nameOf(['C', 'FR'], ['O', 'Acme'], ['CN', 'a.example'])), subjectPublicKey: leafPub,
      issuer: caName, issuerPrivateKey: p256.privateKey,
      notBefore: NOT_BEFORE, notAfter: new Date('2026-06-30T12:00:00Z'), serialNumber: Uint8Array.from([0x80, 0]),
      extensions: parseExtensionConfig(`
basicConstraints=CA:FALSE
keyUsage=digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,emailProtection
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
subjectAltName=DNS:a.example,IP:10.0.0.1,IP:2001:db8::1,email:x@y.z,URI:https://a/b
crlDistributionPoints=URI:https://acme.com/crl.pem
certificatePolicies=1.2.3.4
nsComment=issued by the KMS
`, { subjectPublicKey: leafPub, issuerPublicKey: caPub }),
    });
    assert.match(opensslVerify(root, leaf, ['-purpose', 'sslserver']), /: OK/);
    const text = opensslText(leaf);
    assert.match(text, /Serial Number: 32768 \(0x8000\)/);
    assert.match(text, /Issuer: C ?= ?FR, O ?= ?Acme, CN ?= ?Acme Root/);
    assert.match(text, /CA:FALSE/);
    assert.match(text, /Digital Signature, Key Encipherment/);
    assert.match(text, /TLS Web Server Authentication, E-mail Protection/);
    assert.match(text, /DNS:a.example, IP Address:10.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1, email:x@y.z, URI:https:\/\/a\/b/);
    assert.match(text, /URI:https:\/\/acme.com\/crl.pem/);
    assert.match(text, /Policy: 1.2.3.4/);
    assert.match(text, /issued by the KMS/);
    assert.match(text, /Not After : Jun 30 12:00:00 2026 GMT/);
    const x = new X509Certificate(leaf);
    assert.equal(x.ca, false);
    assert.equal(x.subjectAltName, 'DNS:a.example, IP Address:10.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1, email:x@y.z, URI:https://a/b');
    assert.ok(x.checkIssued(new X509Certificate(root)));
    // The root's SKI is the leaf's AKI.
    const ski = /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(opensslText(root))?.[1];
    assert.ok(ski !== undefined);
    assert.match(text, new RegExp(`Authority Key Identifier:\\s*\\n\\s*(keyid:)?${ski}`));
  });

  it('copies the subject SPKI of any exportable key type, e.g. X25519', () => {
    const x25519 = generateKeyPairSync('x25519');
    const name = encodeName([{ type: 'CN', value: 'kex' }]);
    const der = issueCertificate({
      subject: name, subjectPublicKey: x25519.publicKey, issuer: name, issuerPrivateKey: ed25519.privateKey,
      notBefore: NOT_BEFORE, notAfter: NOT_AFTER, serialNumber: randomSerialNumber(), extensions: [],
    });
    const x = new X509Certificate(der);
    assert.equal(x.publicKey.asymmetricKeyType, 'x25519');
    assert.deepEqual(x.publicKey.export({ type: 'spki', format: 'der' }), x25519.publicKey.export({ type: 'spki', format: 'der' }));
    assert.ok(x.verify(ed25519.publicKey));
  });

  it('signs with P-384, P-521, secp256k1 and Ed448 keys', () => {
    for (const [key, alg] of [
      [generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'ecdsa-with-SHA384'],
      [generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, 'ecdsa-with-SHA512'],
      [generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, 'ecdsa-with-SHA256'],
      [generateKeyPairSync('ed448').privateKey, 'ED448'],
    ] as const) {
      const der = selfSigned(key, nameOf(['CN', 'x']), 'basicConstraints=critical,CA:TRUE');
      assert.ok(new X509Certificate(der).verify(publicOf(key)));
      assert.match(opensslText(der), new RegExp(`Signature Algorithm: ${alg}`));
    }
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050', () => {
    const der = selfSigned(ed25519.privateKey, nameOf(['CN', 't']), '', {
      notBefore: new Date('2049-12-31T23:59:59Z'), notAfter: new Date('2050-01-01T00:00:00Z'),
    });
    const hex = Buffer.from(der).toString('hex');
    assert.ok(hex.includes(`170d${Buffer.from('491231235959Z').toString('hex')}`));
    assert.ok(hex.includes(`180f${Buffer.from('20500101000000Z').toString('hex')}`));
    assert.equal(new X509Certificate(der).validTo, 'Jan  1 00:00:00 2050 GMT');
  });

  it('encodes the serial as a minimal positive INTEGER', () => {
    const der = selfSigned(ed25519.privateKey, nameOf(['CN', 's']), '', { serialNumber: Uint8Array.from([0, 0, 0xff, 1]) });
    assert.equal(new X509Certificate(der).serialNumber, 'FF01');
    const cert = AsnConvert.parse(der, Certificate);
    assert.deepEqual(new Uint8Array(cert.tbsCertificate.serialNumber), Uint8Array.from([0, 0xff, 1]));
  });

  it('writes extensions in the given order', () => {
    const der = selfSigned(ed25519.privateKey, nameOf(['CN', 'o']), 'keyUsage=digitalSignature\nbasicConstraints=CA:FALSE\nsubjectKeyIdentifier=hash');
    const oids = Array.from(AsnConvert.parse(der, Certificate).tbsCertificate.extensions ?? [], (e) => e.extnID);
    assert.deepEqual(oids, ['2.5.29.15', '2.5.29.19', '2.5.29.14']);
  });

  it('refuses notAfter at or before notBefore', () => {
    failsWith('X509_BAD_CERTIFICATE', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { notAfter: NOT_BEFORE }));
    failsWith('X509_BAD_CERTIFICATE', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { notAfter: new Date('2020-01-01T00:00:00Z') }));
    failsWith('X509_BAD_CERTIFICATE', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { notAfter: new Date(Number.NaN) }));
  });

  it('refuses zero or over-long serial numbers', () => {
    failsWith('X509_BAD_CERTIFICATE', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { serialNumber: Uint8Array.from([0, 0]) }));
    failsWith('X509_BAD_CERTIFICATE', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { serialNumber: new Uint8Array(21).fill(1) }));
  });

  it('refuses duplicate extension OIDs', () => {
    const ext = { oid: '2.5.29.19', critical: true, value: Uint8Array.from([0x30, 0]) };
    failsWith('X509_BAD_EXTENSIONS', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { extensions: [ext, ext] }));
  });

  it('refuses issuer keys that cannot sign certificates', () => {
    const keys = [
      generateKeyPairSync('rsa-pss', { modulusLength: 2048 }).privateKey,
      generateKeyPairSync('x25519').privateKey,
      generateKeyPairSync('ec', { namedCurve: 'secp224r1' }).privateKey,
      rsa.publicKey,
    ];
    for (const key of keys) {
      failsWith('X509_UNSUPPORTED_KEY', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { issuerPrivateKey: key }));
    }
  });

  it('refuses names that are not DER', () => {
    failsWith('X509_BAD_NAME', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { subject: Uint8Array.from([1, 2, 3]) }));
    failsWith('X509_BAD_NAME', () => selfSigned(ed25519.privateKey, nameOf(['CN', 'x']), '', { issuer: Uint8Array.from([0x30, 0]) }));
  });

  it('draws positive 16-byte serial numbers with a non-zero first byte', () => {
    for (let i = 0; i < 200; i++) {
      const s = randomSerialNumber();
      assert.equal(s.length, 16);
      assert.ok((s[0] ?? 0) > 0 && (s[0] ?? 0) < 0x80);
    }
  });
});
