/**
 * Reading certificates made by the openssl CLI: exact name bytes, validity, key, extensions,
 * refusal of malformed input, and the issued-by relation.
 * @module
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isIssuedBy, readCertificateContent, subjectText, type CertificateContent } from '../../../../src/crypto/x509/certificate-content.js';
import { X509Error } from '../../../../src/crypto/x509/x509-error.js';

describe('certificate content', () => {
  let dir: string;
  let ca: CertificateContent;
  let leaf: CertificateContent;
  let bare: CertificateContent;
  let impostor: CertificateContent;
  const file = (name: string): string => path.join(dir, name);

  function openssl(args: readonly string[]): string {
    return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  function make(name: string, subject: string, ext: readonly string[], issuer?: string): CertificateContent {
    openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
    fs.writeFileSync(file(`${name}.ext`), `${ext.join('\n')}\n`);
    openssl(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`]);
    const signer = issuer === undefined ? ['-signkey', `${name}.key`] : ['-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-set_serial', '7'];
    openssl(['x509', '-req', '-in', `${name}.csr`, ...signer, '-days', '3', ...(ext.length > 0 ? ['-extfile', `${name}.ext`] : []), '-out', `${name}.crt`]);
    return readCertificateContent(new X509Certificate(fs.readFileSync(file(`${name}.crt`))).raw);
  }

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-certcontent-'));
    ca = make('ca', '/CN=Content CA/O=Acme', ['basicConstraints=critical,CA:TRUE,pathlen:1', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash']);
    leaf = make('leaf', '/CN=leaf.example', [
      'basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment,decipherOnly',
      'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid', 'subjectAltName=DNS:leaf.example',
    ], 'ca');
    bare = make('bare', '/CN=bare', []);
    impostor = make('impostor', '/CN=Content CA/O=Acme', ['basicConstraints=critical,CA:TRUE']);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the DER names exactly and links issuer to subject', () => {
    assert.equal(ca.subject[0], 0x30);
    assert.deepEqual(ca.issuer, ca.subject);
    assert.deepEqual(leaf.issuer, ca.subject);
    assert.ok(Buffer.from(ca.subject).includes(Buffer.from('Content CA')));
    // The subject bytes sit verbatim inside the certificate.
    assert.ok(Buffer.from(leaf.der).includes(Buffer.from(leaf.subject)));
    assert.equal(subjectText(ca), 'CN=Content CA, O=Acme');
  });

  it('reads the validity period and public key', () => {
    const node = new X509Certificate(leaf.der);
    assert.equal(leaf.notBefore.getTime(), new Date(node.validFrom).getTime());
    assert.equal(leaf.notAfter.getTime(), new Date(node.validTo).getTime());
    const expected = createPublicKey(fs.readFileSync(file('leaf.key')));
    assert.ok(leaf.publicKey.equals(expected));
    assert.equal(leaf.publicKey.type, 'public');
  });

  it('reads basicConstraints, keyUsage and the key identifiers', () => {
    assert.deepEqual(ca.basicConstraints, { ca: true, pathLength: 1 });
    assert.deepEqual(leaf.basicConstraints, { ca: false, pathLength: undefined });
    assert.equal(bare.basicConstraints, undefined);
    assert.deepEqual([...(ca.keyUsage ?? [])].sort(), ['cRLSign', 'keyCertSign']);
    assert.deepEqual([...(leaf.keyUsage ?? [])].sort(), ['decipherOnly', 'digitalSignature', 'keyEncipherment']);
    assert.equal(bare.keyUsage, undefined);
    const skiText = openssl(['x509', '-in', 'ca.crt', '-noout', '-ext', 'subjectKeyIdentifier']).split('\n')[1]?.trim().replace(/:/g, '').toLowerCase();
    assert.equal(Buffer.from(ca.subjectKeyIdentifier ?? []).toString('hex'), skiText);
    assert.deepEqual(leaf.authorityKeyIdentifier, ca.subjectKeyIdentifier);
    assert.equal(bare.subjectKeyIdentifier, undefined);
    assert.equal(bare.authorityKeyIdentifier, undefined);
  });

  it('lists every extension with its criticality and DER value', () => {
    const bc = ca.extensions.find((e) => e.oid === '2.5.29.19');
    assert.deepEqual(bc, { oid: '2.5.29.19', critical: true, value: Uint8Array.from([0x30, 0x06, 0x01, 0x01, 0xff, 0x02, 0x01, 0x01]) });
    assert.deepEqual(leaf.extensions.map((e) => [e.oid, e.critical]), [
      ['2.5.29.19', false], ['2.5.29.15', true], ['2.5.29.14', false], ['2.5.29.35', false], ['2.5.29.17', false],
    ]);
    assert.deepEqual(bare.extensions, []);
  });

  it('refuses trailing bytes, truncation and non-certificates with X509_BAD_CERTIFICATE', () => {
    const bad = (bytes: Uint8Array): void => {
      assert.throws(() => readCertificateContent(bytes), (e: unknown) => e instanceof X509Error && e.code === 'X509_BAD_CERTIFICATE');
    };
    bad(Buffer.concat([leaf.der, Buffer.from([0])]));
    bad(leaf.der.subarray(0, leaf.der.length - 1));
    bad(new Uint8Array());
    bad(Buffer.from('not a certificate'));
    bad(Uint8Array.from([0x30, 0x00]));
  });

  it('decides issued-by from the name and the issuer key', () => {
    assert.ok(isIssuedBy(leaf, ca));
    assert.ok(isIssuedBy(ca, ca));
    assert.ok(!isIssuedBy(ca, leaf));
    assert.ok(!isIssuedBy(leaf, bare));
    // Same name as the CA but another key: the name matches, the signature does not.
    assert.ok(!isIssuedBy(leaf, impostor));
  });
});
