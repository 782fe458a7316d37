/**
 * Loads the gateway's certificate chain and private key from a TlsSource (PEM files or a
 * PKCS#12 bundle) into memory, and checks that the key belongs to the certificate. Every failure
 * is a TlsSetupError naming the file, never the password or key bytes.
 * @module
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readPkcs12 } from './pkcs12.js';
import { TlsSetupError } from './tls-error.js';
import type { TlsSource } from '../../config/schema.js';

/** A certificate chain and its private key, in memory. */
export interface ServerCredentials {
  readonly key: KeyObject;
  /** The leaf certificate first, then any intermediates, as PEM. */
  readonly certChainPem: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Reads a file, turning a failure into a TlsSetupError that names it. */
export function readTlsFile(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : 'unreadable';
    throw new TlsSetupError('TLS_FILE_UNREADABLE', `cannot read the ${what} ${file} (${code})`);
  }
}

/** Parses every PEM certificate of a file; at least one is required. */
export function readPemCertificates(file: string, what: string): X509Certificate[] {
  const blocks = readTlsFile(file, what).toString('latin1').match(PEM_CERT) ?? [];
  if (blocks.length === 0) throw new TlsSetupError('TLS_BAD_CERT', `the ${what} ${file} holds no PEM certificate`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new TlsSetupError('TLS_BAD_CERT', `certificate ${i + 1} of the ${what} ${file} cannot be parsed`);
    }
  });
}

function readPemKey(file: string): KeyObject {
  const bytes = readTlsFile(file, 'private key file');
  try {
    return createPrivateKey({ key: bytes, format: 'pem' });
  } catch {
    // Node's message could quote the input's shape; ours names only the file.
    throw new TlsSetupError('TLS_BAD_KEY', `the private key file ${file} does not hold an unencrypted PEM private key`);
  } finally {
    bytes.fill(0);
  }
}

function assertKeyMatches(leaf: X509Certificate, key: KeyObject, where: string): void {
  if (!leaf.checkPrivateKey(key)) {
    throw new TlsSetupError('TLS_KEY_MISMATCH', `the private key does not match the certificate (${leaf.subject.replace(/\n/g, ', ')}) in ${where}`);
  }
}

function chainPem(certs: readonly X509Certificate[]): string {
  return certs.map((c) => c.toString()).join('');
}

/** Loads and checks the certificate chain and private key a TlsSource names. */
export function loadServerCredentials(source: TlsSource): ServerCredentials {
  if (source.kind === 'p12') {
    const bundle = readTlsFile(source.file, 'PKCS#12 file');
    try {
      const { key, leaf, chain } = readPkcs12(bundle, source.password, source.file);
      return { key, certChainPem: chainPem([leaf, ...chain]) };
    } finally {
      bundle.fill(0);
    }
  }
  const certs = readPemCertificates(source.certFile, 'certificate file');
  const chain = source.chainFile === null ? [] : readPemCertificates(source.chainFile, 'certificate chain file');
  const key = readPemKey(source.keyFile);
  const [leaf] = certs;
  if (leaf === undefined) throw new TlsSetupError('TLS_BAD_CERT', `the certificate file ${source.certFile} holds no PEM certificate`);
  assertKeyMatches(leaf, key, `${source.certFile} and ${source.keyFile}`);
  return { key, certChainPem: chainPem([...certs, ...chain]) };
}

/** Loads the CA bundle that verifies client certificates, as PEM text. */
export function loadClientCa(file: string): string {
  return chainPem(readPemCertificates(file, 'client CA file (--authority-cert-file)'));
}
