import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { BasicConstraints, Certificate, GeneralNames, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { keyIdentifier, parseExtensionConfig, type ExtensionKeys } from '../../../../src/crypto/x509/extension-config.js';
import { X509Error, type CertificateExtension } from '../../../../src/crypto/x509/x509-error.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-extcfg-'));
after(() => { rmSync(dir, { recursive: true, force: true }); });

const subject = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const issuer = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEYS: ExtensionKeys = { subjectPublicKey: subject.publicKey, issuerPublicKey: issuer.publicKey };
const SELF: ExtensionKeys = { subjectPublicKey: subject.publicKey, issuerPublicKey: subject.publicKey };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function refused(text: string, key: string): void {
  assert.throws(() => parseExtensionConfig(text, KEYS), (e: unknown) => e instanceof X509Error
    && e.code === 'X509_BAD_EXTENSIONS' && e.message.includes(`'${key}'`));
}

/** Extensions openssl writes for the same config lines into a self-signed cert of `key`. */
function opensslExtensions(lines: string, key: KeyObject): Map<string, CertificateExtension> {
  const keyFile = join(dir, 'key.pem');
  const cfgFile = join(dir, 'req.cnf');
  const certFile = join(dir, 'cert.der');
  writeFileSync(keyFile, key.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(cfgFile, `[ req ]\ndistinguished_name = dn\n[ dn ]\n[ v3_ca ]\n${lines}\n`);
  execFileSync('openssl', ['req', '-new', '-x509', '-key', keyFile, '-subj', '/CN=x', '-days', '1',
    '-config', cfgFile, '-extensions', 'v3_ca', '-outform', 'DER', '-out', certFile]);
  const cert = AsnConvert.parse(readFileSync(certFile), Certificate);
  return new Map(Array.from(cert.tbsCertificate.extensions ?? [], (e) => [e.extnID, {
    oid: e.extnID, critical: e.critical, value: new Uint8Array(e.extnValue.buffer),
  }]));
}

const FULL = `basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, digitalSignature, cRLSign
extendedKeyUsage = serverAuth, clientAuth, codeSigning, emailProtection, timeStamping, OCSPSigning, 1.2.3.4
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = DNS:a.example, IP:10.0.0.1, IP:2001:db8::1, IP:::ffff:1.2.3.4, email:x@y.z, URI:https://a/b, RID:1.2.3
issuerAltName = DNS:ca.example
crlDistributionPoints = URI:https://acme.com/crl.pem, URI:http://b/crl
certificatePolicies = 1.2.3.4.5, 2.5.29.32.0
nsComment = "KMS, generated"`;

describe('parseExtensionConfig', () => {
  it('produces the same DER as openssl for every supported key', () => {
    const ours = parseExtensionConfig(FULL, SELF);
    const theirs = opensslExtensions(FULL, subject.privateKey);
    assert.equal(ours.length, 10);
    for (const ext of ours) {
      const other = theirs.get(ext.oid);
      assert.ok(other !== undefined, ext.oid);
      assert.equal(ext.critical, other.critical, ext.oid);
      assert.equal(hex(ext.value), hex(other.value), ext.oid);
    }
  });

  it('keeps line order and reads the v3_ca section over others', () => {
    const text = `# leading comment
[ req ]
keyUsage = digitalSignature
[ v3_ca ]

subjectKeyIdentifier=hash   # trailing comment
basicConstraints=CA:FALSE
[ other ]
foo = bar`;
    assert.deepEqual(parseExtensionConfig(text, KEYS).map((e) => e.oid), ['2.5.29.14', '2.5.29.19']);
  });

  it('reads the first section when there is no v3_ca, or the whole text without headers', () => {
    assert.deepEqual(parseExtensionConfig('[ a ]\nkeyUsage=cRLSign\n[ b ]\nbogus=1', KEYS).map((e) => e.oid), ['2.5.29.15']);
    assert.deepEqual(parseExtensionConfig('keyUsage=cRLSign\nbasicConstraints=CA:TRUE', KEYS).map((e) => e.oid),
      ['2.5.29.15', '2.5.29.19']);
    assert.deepEqual(parseExtensionConfig('# nothing\n\n', KEYS), []);
  });

  it('accepts critical anywhere in a list', () => {
    const [bc] = parseExtensionConfig('basicConstraints=CA:TRUE,critical', KEYS);
    assert.equal(bc?.critical, true);
    assert.equal(AsnConvert.parse(bc.value, BasicConstraints).cA, true);
    const [eku] = parseExtensionConfig('extendedKeyUsage=serverAuth', KEYS);
    assert.equal(eku?.critical, false);
  });

  it('derives the key identifiers from the subject and issuer keys', () => {
    const exts = parseExtensionConfig('subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer', KEYS);
    assert.equal(hex(exts[0]?.value ?? new Uint8Array()), `0414${hex(keyIdentifier(subject.publicKey))}`);
    assert.equal(hex(exts[1]?.value ?? new Uint8Array()), `30168014${hex(keyIdentifier(issuer.publicKey))}`);
  });

  it('omits the subject key identifier for none', () => {
    assert.deepEqual(parseExtensionConfig('subjectKeyIdentifier=none', KEYS), []);
  });

  it('encodes a v4-mapped IPv6 address as 16 octets', () => {
    const [san] = parseExtensionConfig('subjectAltName=IP:::ffff:1.2.3.4', KEYS);
    const names = AsnConvert.parse(san?.value ?? new Uint8Array(), GeneralNames);
    assert.equal(names[0]?.iPAddress, '::ffff:102:304');
  });

  it('refuses unknown keys, duplicates and bad values, naming only the key', () => {
    refused('fooBar=1', 'fooBar');
    refused('keyUsage=digitalSignature\nkeyUsage=cRLSign', 'keyUsage');
    refused('keyUsage=signEverything', 'keyUsage');
    refused('keyUsage=', 'keyUsage');
    refused('basicConstraints=CA:maybe', 'basicConstraints');
    refused('basicConstraints=CA:FALSE,pathlen:1', 'basicConstraints');
    refused('basicConstraints=CA:TRUE,pathlen:-1', 'basicConstraints');
    refused('extendedKeyUsage=serverAuth,serverAuth', 'extendedKeyUsage');
    refused('extendedKeyUsage=1.2.x', 'extendedKeyUsage');
    refused('subjectKeyIdentifier=critical,hash', 'subjectKeyIdentifier');
    refused('subjectKeyIdentifier=0102', 'subjectKeyIdentifier');
    refused('authorityKeyIdentifier=issuer', 'authorityKeyIdentifier');
    refused('subjectAltName=@alt_names', 'subjectAltName');
    refused('subjectAltName=IP:10.0.0.256', 'subjectAltName');
    refused('subjectAltName=IP:fe80::1%eth0', 'subjectAltName');
    refused('subjectAltName=email:copy', 'subjectAltName');
    refused('subjectAltName=DNS:é.example', 'subjectAltName');
    refused('subjectAltName=otherName:1.2;UTF8:x', 'subjectAltName');
    refused('crlDistributionPoints=DNS:x', 'crlDistributionPoints');
    refused('certificatePolicies=ia5org,1.2.3', 'certificatePolicies');
    refused('nsComment=caf\u00e9', 'nsComment');
    refused('keyUsage digitalSignature', 'keyUsage digitalSignature');
  });

  it('never echoes a refused value', () => {
    assert.throws(() => parseExtensionConfig('subjectAltName=DNS:secret value', KEYS),
      (e: unknown) => e instanceof X509Error && !e.message.includes('secret'));
  });
});

describe('keyIdentifier', () => {
  it('is the SHA-1 of the subjectPublicKey bits, from a public or private key', () => {
    const spki = AsnConvert.parse(issuer.publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo);
    const expected = createHash('sha1').update(new Uint8Array(spki.subjectPublicKey)).digest('hex');
    assert.equal(hex(keyIdentifier(issuer.publicKey)), expected);
    assert.equal(hex(keyIdentifier(issuer.privateKey)), expected);
  });

  it('matches the subject key identifier openssl computes', () => {
    const theirs = opensslExtensions('subjectKeyIdentifier=hash', issuer.privateKey).get('2.5.29.14');
    assert.equal(hex(theirs?.value ?? new Uint8Array()), `0414${hex(keyIdentifier(issuer.publicKey))}`);
  });
});
