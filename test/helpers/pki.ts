/**
 * A throwaway PKI for the TLS tests, made with the `openssl` CLI in a temporary directory the
 * caller removes: a root CA, an intermediate, a server certificate (SAN 127.0.0.1 and localhost),
 * client certificates, one from an untrusted CA, one without a CN, and PKCS#12 bundles.
 * @module
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A certificate and its private key, as PEM files. */
export interface Issued {
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
}

/** Everything the TLS tests need; every path lies under `dir`. */
export interface TestPki {
  readonly dir: string;
  /** The trusted root CA (also the client CA bundle). */
  readonly ca: Issued;
  /** An intermediate CA under the root. */
  readonly intermediate: Issued;
  /** Server certificate signed by the root, RSA 2048. */
  readonly server: Issued;
  /** Server certificate signed by the intermediate (needs the chain file to verify against the root). */
  readonly chainedServer: Issued;
  /** Client certificates from the root: CN=alice, CN=bob, and one whose subject has no CN. */
  readonly alice: Issued;
  readonly bob: Issued;
  readonly noCn: Issued;
  /** A second CA nobody trusts, and CN=mallory issued by it. */
  readonly untrustedCa: Issued;
  readonly mallory: Issued;
  /** PKCS#12 of the server certificate and key (OpenSSL 3 defaults: AES-256 and PBKDF2). */
  readonly p12File: string;
  /** The same bundle with legacy algorithms (3DES and a SHA-1 MAC). */
  readonly legacyP12File: string;
  readonly p12Password: string;
}

function openssl(dir: string, args: readonly string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

interface IssueOptions {
  readonly subject: string;
  /** The signer; absent makes a self-signed CA. */
  readonly issuer?: Issued;
  readonly ca?: boolean;
  readonly rsa?: boolean;
  readonly extensions?: readonly string[];
}

/** Issues a certificate named `name` (files `name.crt` and `name.key` in `dir`). */
export function issue(dir: string, name: string, o: IssueOptions): Issued {
  const keyFile = path.join(dir, `${name}.key`);
  const certFile = path.join(dir, `${name}.crt`);
  const keyArgs = o.rsa === true ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(dir, ['genpkey', ...keyArgs, '-out', keyFile]);
  const ext = o.ca === true
    ? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash']
    : ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', ...(o.extensions ?? [])];
  const extFile = path.join(dir, `${name}.ext`);
  fs.writeFileSync(extFile, `${ext.join('\n')}\n`);
  if (o.issuer === undefined) {
    const cfg = path.join(dir, `${name}.cnf`);
    fs.writeFileSync(cfg, `[req]\ndistinguished_name=dn\nx509_extensions=v3\n[dn]\n[v3]\n${ext.join('\n')}\n`);
    openssl(dir, ['req', '-x509', '-new', '-key', keyFile, '-subj', o.subject, '-days', '2', '-config', cfg, '-out', certFile]);
  } else {
    const csr = path.join(dir, `${name}.csr`);
    openssl(dir, ['req', '-new', '-key', keyFile, '-subj', o.subject, '-out', csr]);
    openssl(dir, [
      'x509', '-req', '-in', csr, '-CA', o.issuer.certFile, '-CAkey', o.issuer.keyFile, '-set_serial', String(Date.now()),
      '-days', '2', '-extfile', extFile, '-out', certFile,
    ]);
  }
  return { certFile, keyFile, cert: read(certFile), key: read(keyFile) };
}

const SERVER_EXT = ['extendedKeyUsage=serverAuth', 'subjectAltName=IP:127.0.0.1,DNS:localhost'];
const CLIENT_EXT = ['extendedKeyUsage=clientAuth'];

/** Makes the whole test PKI in a fresh temporary directory (remove `dir` when done). */
export function makeTestPki(): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-pki-'));
  try {
    const ca = issue(dir, 'ca', { subject: '/CN=KMS Test Root CA', ca: true });
    const intermediate = issue(dir, 'intermediate', { subject: '/CN=KMS Test Intermediate CA', issuer: ca, ca: true });
    const server = issue(dir, 'server', { subject: '/CN=localhost', issuer: ca, rsa: true, extensions: SERVER_EXT });
    const chainedServer = issue(dir, 'chained-server', { subject: '/CN=localhost', issuer: intermediate, extensions: SERVER_EXT });
    const alice = issue(dir, 'alice', { subject: '/CN=alice', issuer: ca, extensions: CLIENT_EXT });
    const bob = issue(dir, 'bob', { subject: '/CN=bob', issuer: ca, extensions: CLIENT_EXT });
    const noCn = issue(dir, 'no-cn', { subject: '/O=Nameless Org/OU=Nobody', issuer: ca, extensions: CLIENT_EXT });
    const untrustedCa = issue(dir, 'untrusted-ca', { subject: '/CN=Untrusted CA', ca: true });
    const mallory = issue(dir, 'mallory', { subject: '/CN=mallory', issuer: untrustedCa, extensions: CLIENT_EXT });
    const p12Password = 'p12-Secret-Passw0rd';
    const p12File = path.join(dir, 'server.p12');
    const legacyP12File = path.join(dir, 'server-legacy.p12');
    const pass = `pass:${p12Password}`;
    openssl(dir, ['pkcs12', '-export', '-inkey', server.keyFile, '-in', server.certFile, '-passout', pass, '-out', p12File]);
    openssl(dir, [
      'pkcs12', '-export', '-inkey', server.keyFile, '-in', server.certFile, '-passout', pass, '-out', legacyP12File,
      '-keypbe', 'PBE-SHA1-3DES', '-certpbe', 'PBE-SHA1-3DES', '-macalg', 'sha1',
    ]);
    return { dir, ca, intermediate, server, chainedServer, alice, bob, noCn, untrustedCa, mallory, p12File, legacyP12File, p12Password };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Makes a PKCS#12 bundle of `issued` (plus `chain` certificates) with the given password. */
export function makeP12(dir: string, name: string, issued: Issued, password: string, chain: readonly Issued[] = []): string {
  const file = path.join(dir, `${name}.p12`);
  const chainArgs = chain.length === 0 ? [] : ['-certfile', writeBundle(dir, `${name}-chain.pem`, chain)];
  openssl(dir, ['pkcs12', '-export', '-inkey', issued.keyFile, '-in', issued.certFile, ...chainArgs, '-passout', `pass:${password}`, '-out', file]);
  return file;
}

/** Writes the certificates of `items` concatenated into one PEM file and returns its path. */
export function writeBundle(dir: string, name: string, items: readonly Issued[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, items.map((i) => i.cert).join(''));
  return file;
}
