/**
 * X.509 certificates through the real HTTP endpoint, in both database types: Register and Import
 * of a CA and its leaves (made with the openssl CLI), Get and Export of the same DER, the derived
 * attributes checked against what openssl prints, Locate by each of them, refusal of bytes that
 * are not a certificate, Revoke and Destroy; and Register and Get over binary TTLV on `/kmip`.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bytesField, destroyRequest, exportRequest, getAttributesRequest, getRequest, revokeRequest, structField, tagAttribute, textField } from '../helpers/kmip-requests.js';
import { issue, type Issued } from '../helpers/pki.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { bytes, enumeration, struct, text } from '../../src/kmip/ttlv/build.js';
import { decodeResponse, itemResult, payloadText, requestMessage } from '../socket/kmip-messages.js';
import { enumName, kmipModes, locatedIds, MODES, uidOf, type KmipClient } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();

interface Cert {
  readonly issued: Issued;
  readonly der: Uint8Array;
  /** What `openssl x509 -noout` prints for it, by field. */
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly sha256: Uint8Array;
}

function opensslText(file: string, args: readonly string[]): string {
  return execFileSync('openssl', ['x509', '-in', file, '-noout', ...args], { encoding: 'utf8' }).trim();
}

function afterEquals(line: string): string {
  return line.slice(line.indexOf('=') + 1);
}

function certOf(issued: Issued): Cert {
  const der = new Uint8Array(execFileSync('openssl', ['x509', '-in', issued.certFile, '-outform', 'DER']));
  const [subject = '', issuer = ''] = opensslText(issued.certFile, ['-subject', '-issuer', '-nameopt', 'RFC2253']).split('\n');
  const [serial = '', fingerprint = ''] = opensslText(issued.certFile, ['-serial', '-fingerprint', '-sha256']).split('\n');
  return {
    issued, der, subject: afterEquals(subject), issuer: afterEquals(issuer), serial: afterEquals(serial),
    sha256: new Uint8Array(Buffer.from(afterEquals(fingerprint).replaceAll(':', ''), 'hex')),
  };
}

const certificateObject = (der: Uint8Array): TtlvNode[] => [enumeration('CertificateType', 'X509'), bytes('CertificateValue', der)];

function registerRequest(der: Uint8Array, tags: readonly string[]): TtlvNode {
  return struct('Register', [enumeration('ObjectType', 'Certificate'), struct('Attributes', [tagAttribute(tags)]), struct('Object', certificateObject(der))]);
}

function importRequest(uid: string, der: Uint8Array, tags: readonly string[]): TtlvNode {
  return struct('Import', [text('UniqueIdentifier', uid), enumeration('ObjectType', 'Certificate'), struct('Attributes', [tagAttribute(tags)]), struct('Object', certificateObject(der))]);
}

function locateRequest(tag: string, attrs: readonly TtlvNode[]): TtlvNode {
  return struct('Locate', [struct('Attributes', [enumeration('ObjectType', 'Certificate'), tagAttribute([tag]), ...attrs])]);
}

// JSON responses hold the object under Object, binary ones under its type's name.
const derOf = (res: TtlvStructure): Uint8Array =>
  bytesField(structField(res, res.value.some((n) => n.tag === 'Object') ? 'Object' : 'Certificate'), 'CertificateValue');

let dir = '';
let ca: Cert;
let leaf: Cert;
let sibling: Cert;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-certs-'));
  const root = issue(dir, 'ca', { subject: '/C=FR/O=Acme, Inc/CN=Cert Test Root CA', ca: true });
  ca = certOf(root);
  leaf = certOf(issue(dir, 'leaf', { subject: '/C=FR/O=Acme, Inc/CN=leaf.example', issuer: root }));
  sibling = certOf(issue(dir, 'sibling', { subject: '/CN=sibling.example', issuer: root, rsa: true }));
});
after(() => { if (dir !== '') fs.rmSync(dir, { recursive: true, force: true }); });

for (const mode of MODES) {
  describe(`X.509 certificates over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const tag = `certs-${mode}`;
    const ids = new Map<Cert, string>();
    const idOf = (cert: Cert): string => ids.get(cert) ?? assert.fail('not registered');

    before(async () => {
      ids.set(ca, uidOf(await c().call(registerRequest(ca.der, [tag]))));
      ids.set(leaf, uidOf(await c().call(importRequest(`leaf-${mode}`, leaf.der, [tag]))));
      ids.set(sibling, uidOf(await c().call(registerRequest(sibling.der, [tag]))));
    });

    it('Get and Export return the registered DER, as Certificate X509', async () => {
      for (const cert of [ca, leaf, sibling]) {
        const got = await c().call(getRequest(idOf(cert)));
        assert.equal(enumName(got, 'ObjectType'), 'Certificate');
        assert.equal(enumName(structField(got, 'Object'), 'CertificateType'), 'X509');
        assert.deepEqual(derOf(got), cert.der);
        assert.deepEqual(derOf(await c().call(getRequest(idOf(cert), 'X509'))), cert.der);
        assert.deepEqual(derOf(await c().call(exportRequest(idOf(cert)))), cert.der);
      }
      assert.equal(idOf(leaf), `leaf-${mode}`);
      await c().callError(getRequest(idOf(leaf), 'PKCS8'), 'Key_Format_Type_Not_Supported');
    });

    it('GetAttributes shows the subject, issuer, serial and SHA-256 fingerprint openssl prints, and the _cert tag', async () => {
      for (const cert of [ca, leaf, sibling]) {
        const attrs = structField(await c().call(getAttributesRequest(idOf(cert))), 'Attributes');
        assert.equal(textField(structField(attrs, 'X509CertificateSubject'), 'SubjectDistinguishedName'), cert.subject);
        assert.equal(textField(structField(attrs, 'X509CertificateIssuer'), 'IssuerDistinguishedName'), cert.issuer);
        const id = structField(attrs, 'X509CertificateIdentifier');
        assert.equal(textField(id, 'CertificateSerialNumber'), cert.serial);
        assert.equal(textField(id, 'IssuerDistinguishedName'), cert.issuer);
        const digest = structField(attrs, 'Digest');
        assert.equal(enumName(digest, 'HashingAlgorithm'), 'SHA256');
        assert.deepEqual(bytesField(digest, 'DigestValue'), cert.sha256);
        assert.equal(enumName(attrs, 'CertificateType'), 'X509');
        assert.equal(enumName(attrs, 'ObjectType'), 'Certificate');
      }
      assert.equal(ca.subject, 'CN=Cert Test Root CA,O=Acme\\, Inc,C=FR');
      const tagged = locatedIds(await c().call(struct('Locate', [struct('Attributes', [tagAttribute(['_cert', tag])])])));
      assert.deepEqual(tagged.sort(), [idOf(ca), idOf(leaf), idOf(sibling)].sort());
    });

    it('Locate by subject, issuer, serial or fingerprint finds exactly the right certificates', async () => {
      const find = async (attr: TtlvNode): Promise<string[]> => locatedIds(await c().call(locateRequest(tag, [attr]))).sort();
      for (const cert of [ca, leaf, sibling]) {
        assert.deepEqual(await find(struct('X509CertificateSubject', [text('SubjectDistinguishedName', cert.subject)])), [idOf(cert)]);
        assert.deepEqual(await find(struct('X509CertificateIdentifier', [text('CertificateSerialNumber', cert.serial)])), [idOf(cert)]);
        assert.deepEqual(await find(struct('Digest', [enumeration('HashingAlgorithm', 'SHA256'), bytes('DigestValue', cert.sha256)])), [idOf(cert)]);
      }
      // Every one of them is issued by the root, the root by itself.
      assert.deepEqual(await find(struct('X509CertificateIssuer', [text('IssuerDistinguishedName', ca.subject)])), [idOf(ca), idOf(leaf), idOf(sibling)].sort());
      assert.deepEqual(await find(struct('X509CertificateSubject', [text('SubjectDistinguishedName', 'CN=nobody')])), []);
      // Another object type with the same tag does not match.
      assert.deepEqual(locatedIds(await c().call(struct('Locate', [struct('Attributes', [enumeration('ObjectType', 'SymmetricKey'), tagAttribute([tag])])]))), []);
    });

    it('refuses a CertificateValue that is not one DER certificate, without quoting it', async () => {
      const junk = Buffer.from('not a certificate at all', 'utf8');
      for (const bad of [junk, Buffer.from(leaf.issued.cert + ca.issued.cert, 'utf8'), Buffer.concat([leaf.der, Buffer.of(0)]), leaf.der.subarray(0, 100)]) {
        const message = await c().callError(registerRequest(bad, [tag]), 'Invalid_Field');
        assert.ok(!message.includes(Buffer.from(bad).toString('hex').slice(0, 16)), message);
        assert.ok(!message.includes('not a certificate at all'), message);
      }
    });

    it('Revoke and Destroy work on certificates; a destroyed one exports with no bytes', async () => {
      const uid = uidOf(await c().call(registerRequest(leaf.der, [`${tag}-doomed`])));
      await c().callError(destroyRequest(uid), 'Wrong_Key_Lifecycle_State');
      await c().call(revokeRequest(uid));
      await c().call(destroyRequest(uid));
      const attrs = structField(await c().call(getAttributesRequest(uid, ['State'])), 'Attributes');
      assert.equal(enumName(attrs, 'State'), 'Destroyed');
      assert.equal(derOf(await c().call(exportRequest(uid))).length, 0);
      await c().callError(getRequest(uid), 'Item_Not_Found');
    });
  });
}

describe('X.509 certificates over binary TTLV (POST /kmip)', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer({ databaseType: 'sqlite' }); });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  const send = async (operation: string, payload: readonly TtlvNode[]): Promise<ReturnType<typeof itemResult>> => {
    const res = await fetch(`${server.url}/kmip`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', connection: 'close' },
      body: requestMessage([2, 1], [{ operation, payload }]),
    });
    assert.equal(res.status, 200);
    return itemResult(decodeResponse(new Uint8Array(await res.arrayBuffer())));
  };

  // Binary TTLV has no Object tag: the object travels under its type's name.
  it('registers a certificate and gets the same DER back', async () => {
    const reg = await send('Register', [enumeration('ObjectType', 'Certificate'), struct('Attributes', []), struct('Certificate', certificateObject(leaf.der))]);
    assert.equal(reg.status, 'Success', reg.message);
    const uid = payloadText(reg.payload, 'UniqueIdentifier') ?? assert.fail('no identifier');
    const got = await send('Get', [text('UniqueIdentifier', uid)]);
    assert.equal(got.status, 'Success', got.message);
    assert.deepEqual(derOf(got.payload ?? assert.fail('no payload')), leaf.der);
    const bad = await send('Register', [enumeration('ObjectType', 'Certificate'), struct('Attributes', []), struct('Certificate', certificateObject(Buffer.from('junk')))]);
    assert.equal(bad.reason, 'Invalid_Field');
  });
});
