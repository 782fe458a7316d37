/**
 * Certificates beside keys in an actor: the caller's object listing shows them (a certificate has
 * no key block to look into), and the attributes read from the certificate itself cannot be
 * changed, since Locate finds certificates by them.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ActorFixture, STORE_KINDS } from './actor-fixture.js';
import { issue } from '../helpers/pki.js';
import { setAttributeRequest, textField } from '../helpers/kmip-requests.js';
import { bytes, enumeration, struct, text } from '../../src/kmip/ttlv/build.js';

let dir = '';
let der: Uint8Array = new Uint8Array(0);

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-cert-actor-'));
  const root = issue(dir, 'ca', { subject: '/CN=Actor Test CA', ca: true });
  der = new Uint8Array(execFileSync('openssl', ['x509', '-in', root.certFile, '-outform', 'DER']));
});
after(() => { if (dir !== '') fs.rmSync(dir, { recursive: true, force: true }); });

for (const kind of STORE_KINDS) {
  describe(`certificate objects (${kind} store)`, () => {
    let fx: ActorFixture;
    let uid = '';
    before(() => {
      fx = new ActorFixture(kind);
      const object = struct('Object', [enumeration('CertificateType', 'X509'), bytes('CertificateValue', der)]);
      uid = textField(fx.call(struct('Register', [enumeration('ObjectType', 'Certificate'), struct('Attributes', []), object])), 'UniqueIdentifier');
    });
    after(() => { fx.close(); });

    it('lists a certificate among the caller\'s objects, never as wrapped', () => {
      const owned = fx.owned() as { object_id: string; is_wrapped: boolean }[];
      const mine = owned.find((o) => o.object_id === uid);
      assert.ok(mine !== undefined);
      assert.equal(mine.is_wrapped, false);
    });

    it('refuses to change the subject, issuer, identifier or digest read from the certificate', () => {
      const forged = [
        struct('X509CertificateSubject', [text('SubjectDistinguishedName', 'CN=someone else')]),
        struct('X509CertificateIssuer', [text('IssuerDistinguishedName', 'CN=someone else')]),
        struct('X509CertificateIdentifier', [text('IssuerDistinguishedName', 'CN=x'), text('CertificateSerialNumber', '01')]),
        struct('Digest', [enumeration('HashingAlgorithm', 'SHA256'), bytes('DigestValue', new Uint8Array(32))]),
      ];
      for (const attribute of forged) fx.callError(setAttributeRequest(uid, attribute), 'Attribute_Read_Only');
    });
  });
}
