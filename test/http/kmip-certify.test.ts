/**
 * Certify, Validate and PKCS#12 through the real HTTP endpoint, in both database types: a root CA
 * and an intermediate made by generating key pairs, leaves from a PEM and a DER PKCS#10 request,
 * from a held public key and by renewal; every issued certificate checked with `openssl verify`
 * against its chain and read back with `openssl x509 -text` (subject, extensions, validity);
 * chains validated by identifier and by bytes; PKCS#12 exported and opened by openssl, and
 * openssl's PKCS#12 imported and split into linked objects.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { bytesField, getAttributesRequest, getRequest, structField, tagAttribute, toJson } from '../helpers/kmip-requests.js';
import { bytes, enumeration, struct, text } from '../../src/kmip/ttlv/build.js';
import { certifyAttributes, certifyRequest, validateRequest } from '../helpers/certify-requests.js';
import { createKeyPairRequest, enumName, kmipModes, MODES, uidOf, type KmipClient } from './kmip-modes.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const clientOf = kmipModes();
const DAY_MS = 86_400_000;

let dir = '';
before(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-certify-')); });
after(() => { if (dir !== '') fs.rmSync(dir, { recursive: true, force: true }); });

function openssl(args: readonly string[], input?: Uint8Array): string {
  return execFileSync('openssl', args, { cwd: dir, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input === undefined ? {} : { input }) });
}

const derOf = (res: TtlvStructure): Uint8Array => bytesField(structField(res, 'Object'), 'CertificateValue');

function linkOf(attrs: TtlvStructure, type: string): string | undefined {
  const holder = attrs.value.find((n) => n.tag === 'Link');
  if (holder?.type !== 'Structure') return undefined;
  for (const l of holder.value) {
    if (l.type !== 'Structure') continue;
    if (l.value.some((c) => c.tag === 'LinkType' && c.type === 'Enumeration' && c.value === type)) {
      const id = l.value.find((c) => c.tag === 'LinkedObjectIdentifier');
      return id?.type === 'TextString' ? id.value : undefined;
    }
  }
  return undefined;
}

function pem(der: Uint8Array): string {
  return new X509Certificate(der).toString();
}

for (const mode of MODES) {
  describe(`Certify, Validate and PKCS#12 over HTTP (${mode})`, () => {
    const c = (): KmipClient => clientOf(mode);
    const tag = `certify-${mode}`;
    const file = (name: string): string => path.join(dir, `${mode}-${name}`);
    const write = (name: string, content: string | Uint8Array): string => {
      fs.writeFileSync(file(name), content);
      return file(name);
    };
    const certOf = async (id: string): Promise<Uint8Array> => derOf(await c().call(getRequest(id)));
    const attrsOf = async (id: string): Promise<TtlvStructure> => structField(await c().call(getAttributesRequest(id)), 'Attributes');
    const text509 = (der: Uint8Array): string => openssl(['x509', '-noout', '-text', '-nameopt', 'RFC2253'], Buffer.from(pem(der)));
    let rootId = '';
    let interId = '';
    let rootPem = '';
    let interPem = '';

    before(async () => {
      rootId = uidOf(await c().call(certifyRequest({
        subject: { Cn: 'Certify Root CA', O: 'Acme', C: 'FR' },
        keyPair: { algorithm: 'EC', curve: 'P384' },
        days: 3650,
        extensions: '[ v3_ca ]\nbasicConstraints=critical,CA:TRUE,pathlen:1\nkeyUsage=critical,keyCertSign,cRLSign\n',
        tags: [tag],
      })));
      rootPem = write('root.pem', pem(await certOf(rootId)));
      interId = uidOf(await c().call(certifyRequest({
        subject: { Cn: 'Certify Issuing CA', O: 'Acme', C: 'FR' },
        keyPair: { algorithm: 'RSA', length: 2048 },
        issuerCert: rootId,
        days: 1825,
        extensions: 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=keyCertSign,digitalSignature\n',
        tags: [tag],
      })));
      interPem = write('inter.pem', pem(await certOf(interId)));
    });

    const verify = (der: Uint8Array, name: string): string =>
      openssl(['verify', '-CAfile', file('root.pem'), '-untrusted', file('inter.pem'), write(`${name}.pem`, pem(der))]).trim();

    it('a generated key pair becomes a self-signed root CA with the subject, extensions and validity asked for', async () => {
      const der = await certOf(rootId);
      assert.equal(openssl(['verify', '-CAfile', file('root.pem'), file('root.pem')]).trim(), `${file('root.pem')}: OK`);
      const t = text509(der);
      assert.match(t, /Subject: CN=Certify Root CA,O=Acme,C=FR/);
      assert.match(t, /Issuer: CN=Certify Root CA,O=Acme,C=FR/);
      assert.match(t, /X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:1/);
      assert.match(t, /X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
      assert.match(t, /X509v3 Subject Key Identifier/);
      const x = new X509Certificate(der);
      assert.equal(Date.parse(x.validTo) - Date.parse(x.validFrom), 3650 * DAY_MS);
      assert.ok(Math.abs(Date.parse(x.validFrom) - Date.now()) < 5 * 60_000, x.validFrom);
      // The certificate links its key pair and itself as issuer; the keys link back.
      const attrs = await attrsOf(rootId);
      assert.equal(linkOf(attrs, 'CertificateLink'), rootId);
      const priv = linkOf(attrs, 'PrivateKeyLink') ?? assert.fail('no private key link');
      const pub = linkOf(attrs, 'PublicKeyLink') ?? assert.fail('no public key link');
      assert.equal(linkOf(await attrsOf(priv), 'CertificateLink'), rootId);
      assert.equal(linkOf(await attrsOf(pub), 'CertificateLink'), rootId);
      assert.equal(enumName(await attrsOf(priv), 'CryptographicAlgorithm'), 'EC');
    });

    it('an intermediate issued by the root verifies, and its validity is capped by nothing shorter than asked', async () => {
      const der = await certOf(interId);
      assert.equal(openssl(['verify', '-CAfile', file('root.pem'), file('inter.pem')]).trim(), `${file('inter.pem')}: OK`);
      const t = text509(der);
      assert.match(t, /Issuer: CN=Certify Root CA,O=Acme,C=FR/);
      assert.match(t, /CA:TRUE, pathlen:0/);
      assert.match(t, /Public-Key: \(2048 bit\)/);
      assert.match(t, /X509v3 Authority Key Identifier/);
      const x = new X509Certificate(der);
      assert.equal(Date.parse(x.validTo) - Date.parse(x.validFrom), 1825 * DAY_MS);
      assert.equal(linkOf(await attrsOf(interId), 'CertificateLink'), rootId);
    });

    it('a validity longer than the issuer\'s is cut at the issuer\'s expiry', async () => {
      const id = uidOf(await c().call(certifyRequest({ subject: { Cn: 'long.example' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: interId, days: 9000 })));
      const leaf = new X509Certificate(await certOf(id));
      assert.equal(leaf.validTo, new X509Certificate(await certOf(interId)).validTo);
      assert.match(verify(await certOf(id), 'long'), /: OK$/);
    });

    it('certifies a PEM and a DER PKCS#10 request with its subject and requested extensions plus the caller\'s', async () => {
      openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('csr.key'), '-subj', '/O=Acme/CN=www.acme.example',
        '-addext', 'subjectAltName=DNS:www.acme.example,DNS:acme.example', '-out', file('csr.pem')]);
      const csrPem = fs.readFileSync(file('csr.pem'));
      const csrDer = new Uint8Array(execFileSync('openssl', ['req', '-in', file('csr.pem'), '-outform', 'DER']));
      const extensions = 'keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\ncrlDistributionPoints=URI:https://acme.example/crl.pem\n';
      for (const csr of [{ type: 'PEM' as const, value: csrPem }, { type: 'PKCS10' as const, value: csrDer }]) {
        const id = uidOf(await c().call(certifyRequest({ csr, issuerCert: interId, days: 30, extensions, tags: [tag] })));
        const der = await certOf(id);
        assert.match(verify(der, `csr-${csr.type}`), /: OK$/);
        const t = text509(der);
        assert.match(t, /Subject: CN=www\.acme\.example,O=Acme/);
        assert.match(t, /Issuer: CN=Certify Issuing CA,O=Acme,C=FR/);
        assert.match(t, /DNS:www\.acme\.example, DNS:acme\.example/);
        assert.match(t, /X509v3 Key Usage: critical\s+Digital Signature/);
        assert.match(t, /TLS Web Server Authentication, TLS Web Client Authentication/);
        assert.match(t, /URI:https:\/\/acme\.example\/crl\.pem/);
        const x = new X509Certificate(der);
        assert.equal(Date.parse(x.validTo) - Date.parse(x.validFrom), 30 * DAY_MS);
        assert.ok(x.checkPrivateKey(createPrivateKey(fs.readFileSync(file('csr.key')))));
        assert.equal(linkOf(await attrsOf(id), 'CertificateLink'), interId);
      }
      // A request cannot make its subject a CA: that is the issuer's call (x509-extension).
      openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', file('ca-csr.key'), '-subj', '/CN=wannabe CA',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-out', file('ca-csr.pem')]);
      const wannabe = uidOf(await c().call(certifyRequest({ csr: { type: 'PEM', value: fs.readFileSync(file('ca-csr.pem')) }, issuerCert: interId })));
      assert.doesNotMatch(text509(await certOf(wannabe)), /CA:TRUE/);
      // A request whose signature does not verify is refused.
      const broken = Buffer.from(csrDer);
      broken[broken.length - 3] = (broken[broken.length - 3] ?? 0) ^ 0xff;
      await c().callError(certifyRequest({ csr: { type: 'PKCS10', value: broken }, issuerCert: interId }), 'Invalid_Field');
      // A self-signed certificate for a request needs the request's private key, which the KMS does not hold.
      await c().callError(certifyRequest({ csr: { type: 'PEM', value: csrPem } }), 'Invalid_Field');
    });

    it('certifies a held public key, links it, and renews a certificate in place with a new serial', async () => {
      const pair = await c().call(createKeyPairRequest({ algorithm: 'RSA', length: 2048, tags: [tag] }));
      const priv = textOf(pair, 'PrivateKeyUniqueIdentifier');
      const pub = textOf(pair, 'PublicKeyUniqueIdentifier');
      const id = uidOf(await c().call(struct('Certify', [text('UniqueIdentifier', pub), certifyAttributes({ subject: { Cn: 'held.example', Ou: 'Ops', Email: 'ops@acme.example' }, issuerCert: interId, days: 90 })])));
      const der = await certOf(id);
      assert.match(verify(der, 'held'), /: OK$/);
      assert.match(text509(der), /Subject: emailAddress=ops@acme\.example,CN=held\.example,OU=Ops/);
      assert.equal(linkOf(await attrsOf(pub), 'CertificateLink'), id);
      assert.equal(linkOf(await attrsOf(id), 'PublicKeyLink'), pub);
      assert.equal(linkOf(await attrsOf(id), 'PrivateKeyLink'), priv);
      // Renewal: same identifier, same subject and key, new serial, still issued by the intermediate.
      const renewed = uidOf(await c().call(struct('Certify', [text('UniqueIdentifier', id), certifyAttributes({ days: 10 })])));
      assert.equal(renewed, id);
      const again = await certOf(id);
      assert.notDeepEqual(again, der);
      const [a, b] = [new X509Certificate(der), new X509Certificate(again)];
      assert.equal(b.subject, a.subject);
      assert.notEqual(b.serialNumber, a.serialNumber);
      assert.ok(b.publicKey.equals(a.publicKey));
      assert.match(verify(again, 'renewed'), /: OK$/);
      assert.equal(Date.parse(b.validTo) - Date.parse(b.validFrom), 10 * DAY_MS);
      const renewedAttrs = await attrsOf(id);
      assert.equal(linkOf(renewedAttrs, 'PublicKeyLink'), pub);
      assert.equal(linkOf(renewedAttrs, 'PrivateKeyLink'), priv);
      assert.equal(linkOf(renewedAttrs, 'CertificateLink'), interId);
      // A self-signed certificate for a held public key is signed with its linked private key.
      const selfId = uidOf(await c().call(struct('Certify', [text('UniqueIdentifier', pub), certifyAttributes({ subject: { Cn: 'self.example' } })])));
      const self = new X509Certificate(await certOf(selfId));
      assert.ok(self.verify(self.publicKey));
      assert.equal(self.issuer, self.subject);
    });

    it('refuses a missing subject, a non-CA issuer and a bad extension, naming the problem', async () => {
      assert.match(await c().callError(certifyRequest({ keyPair: { algorithm: 'EC', curve: 'P256' } }), 'Missing_Data'), /subject/);
      const leafId = uidOf(await c().call(certifyRequest({ subject: { Cn: 'not-a-ca.example' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: interId, extensions: 'basicConstraints=CA:FALSE\n' })));
      assert.match(await c().callError(certifyRequest({ subject: { Cn: 'x' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: leafId }), 'Invalid_Field'), /not a CA/);
      assert.match(await c().callError(certifyRequest({ subject: { Cn: 'x' }, keyPair: { algorithm: 'EC', curve: 'P256' }, extensions: 'frobnicate=yes\n' }), 'Invalid_Field'), /frobnicate/);
      // A certificate that does not say CA:TRUE issues nothing.
      const plainId = uidOf(await c().call(certifyRequest({ subject: { Cn: 'plain.example' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: interId })));
      assert.match(await c().callError(certifyRequest({ subject: { Cn: 'x' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: plainId }), 'Invalid_Field'), /not a CA/);
      // The intermediate (pathlen:0) may not issue another CA.
      assert.match(await c().callError(certifyRequest({ subject: { Cn: 'sub CA' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: interId, extensions: 'basicConstraints=critical,CA:TRUE\n' }), 'Invalid_Field'), /pathlen:0/);
      await c().callError(certifyRequest({ subject: { Cn: 'x' }, keyPair: { algorithm: 'EC', curve: 'P256' }, days: 0 }), 'Invalid_Attribute_Value');
    });

    it('Validate answers Valid for a whole chain by identifiers or bytes, Unknown without its root, Invalid when expired or tampered', async () => {
      const leafId = uidOf(await c().call(certifyRequest({ subject: { Cn: 'validate.example' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: interId, days: 20 })));
      const [leaf, inter, root] = [await certOf(leafId), await certOf(interId), await certOf(rootId)];
      const verdict = async (o: Parameters<typeof validateRequest>[0]): Promise<string> => enumName(await c().call(validateRequest(o)), 'ValidityIndicator');
      assert.equal(await verdict({ ids: [leafId, interId, rootId] }), 'Valid');
      assert.equal(await verdict({ certs: [root, leaf, inter] }), 'Valid');
      assert.equal(await verdict({ certs: [leaf], ids: [rootId, interId] }), 'Valid');
      assert.equal(await verdict({ certs: [leaf, inter] }), 'Unknown');
      assert.equal(await verdict({ ids: [leafId, interId, rootId], at: new Date(Date.now() + 40 * DAY_MS) }), 'Invalid');
      assert.equal(await verdict({ ids: [leafId, interId, rootId], at: new Date(Date.now() - 2 * DAY_MS) }), 'Invalid');
      const tampered = Buffer.from(leaf);
      tampered[tampered.length - 10] = (tampered[tampered.length - 10] ?? 0) ^ 0x01;
      assert.equal(await verdict({ certs: [tampered, inter, root] }), 'Invalid');
      // The same certificate as bytes and by identifier counts once.
      assert.equal(await verdict({ certs: [leaf], ids: [leafId, interId, rootId] }), 'Valid');
      await c().callError(struct('Validate', []), 'Missing_Data');
      // A revoked certificate no longer validates.
      await c().call(struct('Revoke', [text('UniqueIdentifier', leafId), struct('RevocationReason', [enumeration('RevocationReasonCode', 'Superseded')])]));
      assert.equal(await verdict({ ids: [leafId, interId, rootId] }), 'Invalid');
    });

    it('exports a private key with its chain as PKCS#12 that openssl opens with the password', async () => {
      const leafId = uidOf(await c().call(certifyRequest({ subject: { Cn: 'p12.example' }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerCert: interId, days: 20 })));
      const priv = linkOf(await attrsOf(leafId), 'PrivateKeyLink') ?? assert.fail('no key');
      const wrapping = struct('KeyWrappingSpecification', [enumeration('WrappingMethod', 'Encrypt'), struct('EncryptionKeyInformation', [text('UniqueIdentifier', 's3cret-pass')])]);
      const res = await c().call(struct('Export', [text('UniqueIdentifier', priv), enumeration('KeyFormatType', 'PKCS12'), wrapping]));
      const block = structField(structField(res, 'Object'), 'KeyBlock');
      assert.equal(enumName(block, 'KeyFormatType'), 'PKCS12');
      const p12 = bytesField(structField(structField(block, 'KeyValue'), 'KeyMaterial'), 'ByteString');
      const p12File = write('export.p12', p12);
      const out = openssl(['pkcs12', '-in', p12File, '-passin', 'pass:s3cret-pass', '-nodes']);
      assert.equal(out.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);
      assert.match(out, /-----BEGIN PRIVATE KEY-----/);
      assert.match(out, /subject=CN = p12\.example/);
      assert.match(out, /subject=C = FR, O = Acme, CN = Certify Root CA/);
      assert.throws(() => openssl(['pkcs12', '-in', p12File, '-passin', 'pass:wrong', '-nodes']));
      // Without a password there is no export.
      await c().callError(struct('Export', [text('UniqueIdentifier', priv), enumeration('KeyFormatType', 'PKCS12')]), 'Missing_Data');
    });

    it('imports a PKCS#12 made by openssl as a private key, its certificate and its chain, linked, without keeping the password', async () => {
      // The intermediate's key, out of the KMS, signs a certificate the way any outside CA tool would.
      const interKeyId = linkOf(await attrsOf(interId), 'PrivateKeyLink') ?? assert.fail('no intermediate key');
      const interKey = bytesField(structField(structField(structField(structField(await c().call(getRequest(interKeyId, 'PKCS8')), 'Object'), 'KeyBlock'), 'KeyValue'), 'KeyMaterial'), 'ByteString');
      write('inter.key', createPrivateKey({ key: Buffer.from(interKey), format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }));
      openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('imp.key'), '-subj', '/CN=imported.example', '-out', file('imp.csr')]);
      openssl(['x509', '-req', '-in', file('imp.csr'), '-CA', file('inter.pem'), '-CAkey', file('inter.key'), '-days', '5', '-out', file('imp.crt')]);
      fs.writeFileSync(file('chain.pem'), fs.readFileSync(interPem, 'utf8') + fs.readFileSync(rootPem, 'utf8'));
      openssl(['pkcs12', '-export', '-inkey', file('imp.key'), '-in', file('imp.crt'), '-certfile', file('chain.pem'), '-passout', 'pass:imp0rt', '-out', file('imp.p12')]);
      const p12 = fs.readFileSync(file('imp.p12'));
      const importP12 = (password: string, uid: string): TtlvNode => struct('Import', [
        text('UniqueIdentifier', uid),
        enumeration('ObjectType', 'PrivateKey'),
        struct('Attributes', [struct('Link', [struct('Link', [enumeration('LinkType', 'PKCS12PasswordLink'), text('LinkedObjectIdentifier', password)])]), tagAttribute([`${tag}-p12`])]),
        struct('Object', [struct('KeyBlock', [enumeration('KeyFormatType', 'PKCS12'), struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', p12)])])])]),
      ]);
      const message = await c().callError(importP12('wrong-password', `p12-bad-${mode}`), 'Invalid_Field');
      assert.ok(!message.includes('wrong-password'), message);
      assert.match(await c().callError(importP12('pässwörd', `p12-utf8-${mode}`), 'Invalid_Field'), /printable ASCII/);
      const keyId = uidOf(await c().call(importP12('imp0rt', `p12-key-${mode}`)));
      assert.equal(keyId, `p12-key-${mode}`);
      const keyAttrs = await attrsOf(keyId);
      assert.equal(linkOf(keyAttrs, 'PKCS12PasswordLink'), undefined);
      assert.ok(!toJson(keyAttrs).includes('imp0rt'));
      const leafId = linkOf(keyAttrs, 'CertificateLink') ?? assert.fail('no certificate link');
      assert.deepEqual(await certOf(leafId), new Uint8Array(execFileSync('openssl', ['x509', '-in', file('imp.crt'), '-outform', 'DER'])));
      const interCopy = linkOf(await attrsOf(leafId), 'CertificateLink') ?? assert.fail('no issuer link');
      const rootCopy = linkOf(await attrsOf(interCopy), 'CertificateLink') ?? assert.fail('no root link');
      assert.equal(linkOf(await attrsOf(rootCopy), 'CertificateLink'), rootCopy);
      assert.deepEqual(await certOf(rootCopy), await certOf(rootId));
      assert.equal(enumName(await c().call(struct('Validate', [text('UniqueIdentifier', leafId), text('UniqueIdentifier', interCopy), text('UniqueIdentifier', rootCopy)])), 'ValidityIndicator'), 'Valid');
      // The imported key signs for its certificate: a round trip through our own PKCS#12 export.
      const wrapping = struct('KeyWrappingSpecification', [enumeration('WrappingMethod', 'Encrypt'), struct('EncryptionKeyInformation', [text('UniqueIdentifier', 'again')])]);
      const res = await c().call(struct('Export', [text('UniqueIdentifier', keyId), enumeration('KeyFormatType', 'PKCS12'), wrapping]));
      const again = bytesField(structField(structField(structField(structField(res, 'Object'), 'KeyBlock'), 'KeyValue'), 'KeyMaterial'), 'ByteString');
      const out = openssl(['pkcs12', '-in', write('again.p12', again), '-passin', 'pass:again', '-nodes']);
      assert.equal(out.match(/-----BEGIN CERTIFICATE-----/g)?.length, 3);
    });
  });
}

function textOf(s: TtlvStructure, tag: string): string {
  const n = s.value.find((x) => x.tag === tag);
  return n?.type === 'TextString' ? n.value : assert.fail(`no ${tag}`);
}
