/**
 * `kms certificates certify|export|import|validate` against a real server in both database types:
 * a root CA generated with an extensions file, a leaf issued from an openssl request and checked
 * by `openssl verify`, PEM/DER/JSON TTLV exports, chain validation and its exit statuses, PKCS#12
 * export opened by openssl and openssl's PKCS#12 imported, and the command-line checks.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kms } from '../../src/client/kms.js';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { parseSubjectName } from '../../src/cli/commands/certificate-subject.js';
import { CliError } from '../../src/cli/cli-error.js';
import type { Link } from '../../src/kmip/links.js';
import { cliFixture, DATABASE_TYPES, type CliFixture } from './cli-fixture.js';

interface Issued {
  unique_identifier: string;
}

const CA_EXTENSIONS = 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign,cRLSign\n';

describe('kms certificates: --subject-name parsing', () => {
  it('reads OpenSSL short names in any case, escaped commas and emailAddress/E into the subject fields', () => {
    assert.deepEqual(parseSubjectName('CN=www.acme.com, O=Acme\\, Inc.,ou=Ops,C=FR,ST=IdF,L=Paris,emailAddress=ops@acme.com'), {
      Cn: 'www.acme.com', O: 'Acme, Inc.', Ou: 'Ops', C: 'FR', St: 'IdF', L: 'Paris', Email: 'ops@acme.com',
    });
    assert.deepEqual(parseSubjectName('E=a@b.c,UID=u1,serialNumber=42,title=Dr,DC=acme,dnQualifier=q'), {
      Email: 'a@b.c', Uid: 'u1', SerialNumber: '42', Title: 'Dr', Dc: 'acme', DnQualifier: 'q',
    });
  });

  it('refuses an unknown key, a repeated key and a part without a value as usage errors', () => {
    for (const bad of ['CN=x,XX=y', 'CN=a,cn=b', 'CN=x,O', 'CN=']) {
      assert.throws(() => parseSubjectName(bad), (e: unknown) => e instanceof CliError && e.exit === 2, bad);
    }
  });
});

// One server per database type; the two suites run side by side, each suite's tests in order.
describe('kms certificates in both database types', { concurrency: true }, () => {
  for (const type of DATABASE_TYPES) {
    describe(`kms certificates (${type})`, { concurrency: 1 }, () => {
      let f: CliFixture;
      let rootId = '';
      let leafId = '';
      async function once<T>(fn: (k: Kms) => Promise<T>): Promise<T> {
        const k = new Kms(new KmsHttpClient({ url: f.server.url, ...(f.secret === undefined ? {} : { databaseSecret: f.secret }) }));
        try {
          return await fn(k);
        } finally {
          await k.close();
        }
      }
      // A fresh client per check: the CLI runs between checks can outlast the server's keep-alive.
      const kms = {
        getCertificate: (id: string): Promise<Uint8Array> => once(async (k) => (await k.getCertificate({ uniqueIdentifier: id })).certificate),
        links: (id: string): Promise<readonly Link[]> => once(async (k) => (await k.getAttributes({ uniqueIdentifier: id, references: ['Link'] })).attributes.links ?? []),
      };
      const at = (name: string): string => join(f.dir, name);
      const openssl = (args: readonly string[]): string => execFileSync('openssl', args, { cwd: f.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const issued = async (args: readonly string[]): Promise<string> => ((await f.json(['certificates', 'certify', ...args])) as Issued).unique_identifier;

      before(async () => {
        f = await cliFixture(type);
        writeFileSync(at('ca.ext'), CA_EXTENSIONS);
        rootId = await issued(['--generate-key-pair', '--algorithm', 'nist-p384', '--subject-name', 'CN=CLI Root CA,O=Acme,C=FR', '--certificate-extensions', 'ca.ext', '--days', '3650', '--tag', 'cli-root']);
        openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/O=Acme/CN=leaf.acme.example', '-out', 'leaf.csr']);
        leafId = await issued(['--csr-file', 'leaf.csr', '--issuer-certificate-id', rootId, '--days', '30']);
      });
      after(async () => {
        await f.close();
      });

      it('issues a self-signed root CA with the subject and extensions asked for, and a leaf from a PEM request that openssl verifies against it', async () => {
        await f.ok(['certificates', 'export', '--certificate-id', rootId, '--format', 'pem', 'root.pem']);
        const out = await f.ok(['certificates', 'export', '--certificate-id', leafId, '-f', 'pem', 'leaf.pem']);
        assert.match(out, new RegExp(`The certificate ${leafId} was exported to `));
        assert.match(readFileSync(at('leaf.pem'), 'utf8'), /^-----BEGIN CERTIFICATE-----\n/);
        assert.equal(openssl(['verify', '-CAfile', 'root.pem', 'leaf.pem']).trim(), 'leaf.pem: OK');
        const root = openssl(['x509', '-in', 'root.pem', '-noout', '-text', '-nameopt', 'RFC2253']);
        assert.match(root, /Subject: CN=CLI Root CA,O=Acme,C=FR/);
        assert.match(root, /Issuer: CN=CLI Root CA,O=Acme,C=FR/);
        assert.match(root, /X509v3 Basic Constraints: critical\s+CA:TRUE/);
        assert.match(root, /Certificate Sign, CRL Sign/);
        const leaf = new X509Certificate(readFileSync(at('leaf.pem')));
        assert.match(leaf.subject, /CN=leaf\.acme\.example/);
        assert.equal(Date.parse(leaf.validTo) - Date.parse(leaf.validFrom), 30 * 86_400_000);
      });

      it('issues from a DER request too, prints the identifier, and honours --certificate-id and --tag', async () => {
        execFileSync('openssl', ['req', '-in', at('leaf.csr'), '-outform', 'DER', '-out', at('leaf.der.csr')]);
        const out = await f.ok(['certificates', 'certify', '-r', 'leaf.der.csr', '-i', rootId, '--certificate-id', `der-leaf-${type}`, '-t', 'cli-der']);
        assert.match(out, /The certificate was issued\.\n\s+Unique identifier:\s+der-leaf-/);
        assert.match(out, new RegExp(`Issuer:\\s+${rootId}`));
        const der = await kms.getCertificate(`der-leaf-${type}`);
        assert.ok(new X509Certificate(der).verify(new X509Certificate(readFileSync(at('root.pem'))).publicKey));
      });

      it('exports DER equal to openssl\'s DER of the PEM, and JSON TTLV that imports back as the same certificate', async () => {
        await f.ok(['certificates', 'export', '--certificate-id', leafId, '--format', 'der', 'leaf.der']);
        const fromPem = execFileSync('openssl', ['x509', '-in', at('leaf.pem'), '-outform', 'DER']);
        assert.deepEqual(readFileSync(at('leaf.der')), fromPem);
        await f.ok(['certificates', 'export', '--certificate-id', leafId, 'leaf.json']);
        const json = JSON.parse(readFileSync(at('leaf.json'), 'utf8')) as { tag: string };
        assert.equal(json.tag, 'Certificate');
        const copy = ((await f.json(['certificates', 'import', 'leaf.json'])) as Issued).unique_identifier;
        assert.notEqual(copy, leafId);
        assert.deepEqual(Buffer.from(await kms.getCertificate(copy)), fromPem);
        // PEM and DER are told apart by content; a file may be written to stdout only in text formats.
        const fromDer = ((await f.json(['certificates', 'import', 'leaf.der', '--certificate-id', `imported-der-${type}`])) as Issued).unique_identifier;
        assert.equal(fromDer, `imported-der-${type}`);
        const out = await f.ok(['certificates', 'import', '--tag', 'cli-imported', 'leaf.pem']);
        assert.match(out, /The certificate was imported\.\n\s+Unique identifier:/);
        assert.equal((await f.kms(['certificates', 'export', '--certificate-id', leafId, '-f', 'der', '-'])).status, 2);
        assert.equal(await f.ok(['certificates', 'export', '--certificate-id', leafId, '-f', 'pem', '-']), readFileSync(at('leaf.pem'), 'utf8'));
      });

      it('validates the leaf with its root as Valid (exit 0), and the leaf alone as Unknown (exit 6)', async () => {
        const valid = await f.kms(['certificates', 'validate', '--certificate-id', leafId, '--certificate-id', rootId]);
        assert.equal(valid.status, 0, valid.stderr);
        assert.equal(valid.stdout.trim(), 'Valid');
        const alone = await f.kms(['certificates', 'validate', '--certificate-id', leafId]);
        assert.equal(alone.status, 6);
        assert.equal(alone.stdout.trim(), 'Unknown');
        // Files and identifiers mix; a time after the leaf's expiry makes the chain Invalid.
        assert.deepEqual(await f.json(['certificates', 'validate', '--certificate-file', 'leaf.pem', '-k', rootId]), { valid: true, validity: 'Valid' });
        const later = new Date(Date.now() + 40 * 86_400_000).toISOString();
        const expired = await f.kms(['certificates', 'validate', '-k', leafId, '-k', rootId, '--validity-time', later]);
        assert.equal(expired.status, 6);
        assert.equal(expired.stdout.trim(), 'Invalid');
        assert.equal((await f.kms(['certificates', 'validate', '-k', leafId, '--validity-time', 'tomorrow'])).status, 2);
      });

      it('exports the root\'s private key and certificate as PKCS#12 that openssl opens with the password', async () => {
        const out = await f.ok(['certificates', 'export', '--certificate-id', rootId, '--format', 'pkcs12', '--pkcs12-password', 'x', 'root.p12']);
        assert.match(out, /The private key .+ and its certificates were exported to /);
        const opened = openssl(['pkcs12', '-in', 'root.p12', '-passin', 'pass:x', '-nodes']);
        assert.match(opened, /-----BEGIN PRIVATE KEY-----/);
        assert.match(opened, /-----BEGIN CERTIFICATE-----/);
        assert.match(opened, /CLI Root CA/);
        assert.throws(() => openssl(['pkcs12', '-in', 'root.p12', '-passin', 'pass:wrong', '-nodes']));
        // The key may be named directly; a password is required.
        const key = (await kms.links(rootId)).find((l) => l.type === 'PrivateKeyLink')?.id ?? assert.fail('no key link');
        await f.ok(['certificates', 'export', '--key-id', key, '-f', 'pkcs12', '-p', 'y', 'root-key.p12']);
        assert.match(openssl(['pkcs12', '-in', 'root-key.p12', '-passin', 'pass:y', '-nodes']), /-----BEGIN PRIVATE KEY-----/);
        assert.equal((await f.kms(['certificates', 'export', '--certificate-id', rootId, '-f', 'pkcs12', 'nopass.p12'])).status, 2);
      });

      it('imports a PKCS#12 made by openssl, printing the private key id linked to its certificate', async () => {
        openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'imp.key', '-subj', '/CN=imported.example', '-days', '5', '-out', 'imp.crt']);
        openssl(['pkcs12', '-export', '-inkey', 'imp.key', '-in', 'imp.crt', '-passout', 'pass:imp0rt', '-out', 'imp.p12']);
        const r = (await f.json(['certificates', 'import', '--format', 'pkcs12', '--pkcs12-password', 'imp0rt', '--tag', 'cli-p12', 'imp.p12'])) as Issued & { object_type: string };
        assert.equal(r.object_type, 'PrivateKey');
        const links = await kms.links(r.unique_identifier);
        const certId = links.find((l) => l.type === 'CertificateLink')?.id ?? assert.fail('no certificate link');
        await f.ok(['certificates', 'export', '--certificate-id', certId, '-f', 'der', 'imp.der']);
        assert.deepEqual(readFileSync(at('imp.der')), execFileSync('openssl', ['x509', '-in', at('imp.crt'), '-outform', 'DER']));
        const wrong = await f.kms(['certificates', 'import', '-f', 'pkcs12', '-p', 'not-the-password', 'imp.p12']);
        assert.equal(wrong.status, 1);
        assert.doesNotMatch(wrong.stderr, /not-the-password/);
      });

      it('certifies a held public key with a subject, and renews a certificate in place', async () => {
        const pair = (await f.json(['ec', 'keys', 'create'])) as { public_key_unique_identifier: string };
        const held = await issued(['--public-key-id-to-certify', pair.public_key_unique_identifier, '-s', 'CN=held.acme.example,OU=Ops', '-i', rootId, '-d', '90']);
        const first = new X509Certificate(await kms.getCertificate(held));
        assert.match(first.subject, /CN=held\.acme\.example/);
        const out = await f.ok(['certificates', 'certify', '--certificate-id-to-re-certify', held, '--days', '10']);
        assert.match(out, /The certificate was renewed\./);
        const renewed = new X509Certificate(await kms.getCertificate(held));
        assert.equal(renewed.subject, first.subject);
        assert.notEqual(renewed.serialNumber, first.serialNumber);
        assert.ok(renewed.verify(new X509Certificate(readFileSync(at('root.pem'))).publicKey));
      });

      it('generates each key pair --algorithm names for a self-signed certificate', async () => {
        const expected: Readonly<Record<string, string>> = { ed25519: 'ed25519', 'rsa-2048': 'rsa', 'nist-p521': 'ec' };
        for (const [algorithm, keyType] of Object.entries(expected)) {
          const x = new X509Certificate(await kms.getCertificate(await issued(['-g', '-a', algorithm, '-s', `CN=${algorithm}.example`])));
          assert.equal(x.publicKey.asymmetricKeyType, keyType, algorithm);
          assert.ok(x.verify(x.publicKey), algorithm);
        }
      });

      it('refuses a command line without exactly one mode, without a needed subject, or with a bad subject, with status 2', async () => {
        for (const args of [
          ['certificates', 'certify', '-s', 'CN=x'],
          ['certificates', 'certify', '-g', '-r', 'leaf.csr', '-s', 'CN=x'],
          ['certificates', 'certify', '-g'],
          ['certificates', 'certify', '-g', '-s', 'CN=x,BOGUS=y'],
          ['certificates', 'certify', '-r', 'leaf.csr', '-s', 'CN=x'],
          ['certificates', 'certify', '-g', '-a', 'dsa', '-s', 'CN=x'],
          ['certificates', 'validate'],
        ]) {
          const r = await f.kms(args);
          assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
          assert.match(r.stderr, /^error: /);
        }
        // The server's refusal (an unknown extension) is reported in one line with status 1.
        writeFileSync(at('bad.ext'), 'frobnicate=yes\n');
        const bad = await f.kms(['certificates', 'certify', '-g', '-a', 'nist-p256', '-s', 'CN=x', '-e', 'bad.ext']);
        assert.equal(bad.status, 1);
        assert.match(bad.stderr, /frobnicate/);
      });
    });
  }
});
