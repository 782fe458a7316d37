/**
 * Certificate files as the certificates commands read and write them: PEM ("CERTIFICATE"), DER,
 * and the KMIP Certificate object as JSON TTLV (root tag Certificate, as ckms writes it).
 * @module
 */
import { X509Certificate } from 'node:crypto';
import { CliError, EXIT } from '../cli-error.js';
import { decodeCertificate } from '../../kmip/certificate.js';
import { parseJsonTtlv } from '../../kmip/ttlv/json.js';
import { isPem } from './key-files.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';

/** The largest certificate, request or extensions file read. */
export const MAX_CERTIFICATE_FILE = 1024 * 1024;

/** The forms a single certificate file comes in. */
export type CertificateFileFormat = 'json-ttlv' | 'pem' | 'der';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** The format of a certificate file: JSON TTLV when it looks like JSON, PEM by its header, else DER. */
export function detectCertificateFormat(data: Uint8Array): CertificateFileFormat {
  const head = Buffer.from(data.subarray(0, 64)).toString('latin1').trimStart();
  if (head.startsWith('{')) return 'json-ttlv';
  return isPem(data) ? 'pem' : 'der';
}

function notCertificate(path: string, what: string): CliError {
  return new CliError(EXIT.file, `${path}: not ${what}`);
}

function checkedDer(der: Uint8Array, path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(new X509Certificate(der).raw);
  } catch {
    throw notCertificate(path, what);
  }
}

function jsonCertificate(data: Uint8Array, path: string): Uint8Array {
  let root: TtlvNode;
  try {
    root = parseJsonTtlv(Buffer.from(data).toString('utf8'));
  } catch {
    throw notCertificate(path, 'a JSON TTLV certificate file (it is not JSON TTLV)');
  }
  if (root.type !== 'Structure' || root.tag !== 'Certificate') throw notCertificate(path, 'a JSON TTLV certificate file (the root must be Certificate)');
  try {
    return decodeCertificate(root);
  } catch (e) {
    throw notCertificate(path, `a JSON TTLV certificate file (${e instanceof Error ? e.message : 'bad Certificate'})`);
  }
}

/** The DER bytes of the one X.509 certificate a file holds, in the given (or detected) format. */
export function readCertificateFile(data: Uint8Array, path: string, format: CertificateFileFormat | undefined): Uint8Array {
  switch (format ?? detectCertificateFormat(data)) {
    case 'json-ttlv':
      return checkedDer(jsonCertificate(data, path), path, 'an X.509 certificate');
    case 'pem': {
      const blocks = Buffer.from(data).toString('latin1').match(PEM_BLOCK) ?? [];
      if (blocks.length === 0) throw notCertificate(path, 'a PEM certificate (no CERTIFICATE block)');
      if (blocks.length > 1) throw new CliError(EXIT.file, `${path} holds ${blocks.length} certificates; give one certificate per file`);
      return checkedDer(Buffer.from(blocks[0] ?? ''), path, 'a PEM X.509 certificate');
    }
    case 'der':
      return checkedDer(data, path, 'a DER X.509 certificate');
  }
}
