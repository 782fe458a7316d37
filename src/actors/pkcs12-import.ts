/**
 * Import of a PKCS#12 bundle (a PrivateKey whose KeyFormatType is PKCS12, as Cosmian takes it):
 * the bundle is opened with the password the request carries as a PKCS12PasswordLink, and split
 * into the private key, its certificate and the chain above it, each its own object, linked key
 * -> certificate -> issuer -> ... -> self-signed root. The password is used and dropped: it is
 * never stored. Certificates get the request's tags (and `_cert`), the key its attributes.
 * @module
 */
import type { X509Certificate } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { checkUserTags, tagsOf, withTags } from '../kmip/attributes.js';
import { encodeCertificate } from '../kmip/certificate.js';
import { encodeKeyBlock, type KeyBlock } from '../kmip/key-block.js';
import { linksOf, withLinks, type Link } from '../kmip/links.js';
import { struct } from '../kmip/ttlv/build.js';
import { randomUuid } from '../crypto/random.js';
import { Pkcs12ReadError, readPkcs12Bundle } from '../lib/pkcs12-read.js';
import { certificateRecord } from './certificate-record.js';
import type { AttributeList } from '../kmip/attributes.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';
import type { SuppliedObject } from './imported-object.js';

/** What a bundle becomes: the private key's import (for the usual key path) and the certificate records. */
export interface SplitBundle {
  /** The private key as a PKCS#8 import of the same request. */
  readonly privateKey: SuppliedObject;
  readonly certificates: readonly ObjectRecord[];
  /** Zeroes the PKCS#8 bytes once the key's record is built. */
  wipe(): void;
}

/** True when an Import is a PKCS#12 bundle. */
export function isPkcs12(objectType: string, block: KeyBlock): boolean {
  return objectType === 'PrivateKey' && block.keyFormatType === 'PKCS12';
}

function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  return child.checkIssued(parent) && child.verify(parent.publicKey);
}

function selfSigned(c: X509Certificate): boolean {
  return issuedBy(c, c);
}

/** Opens the bundle and builds the records of its certificates; the key stays for the caller to import. */
export function splitPkcs12(ctx: OperationContext, s: SuppliedObject, block: KeyBlock): SplitBundle {
  if (block.material.kind !== 'bytes') throw new KmipError('Invalid_Field', 'a PKCS12 private key must carry the bundle as a ByteString');
  const links = linksOf(s.attributes);
  const password = links.find((l) => l.type === 'PKCS12PasswordLink')?.id ?? '';
  // Everything but the password is what the client asked of the objects.
  const attrs = withLinks(s.attributes, links.filter((l) => l.type !== 'PKCS12PasswordLink'));
  // The reader (node-forge) derives keys from a password's low bytes only, so a non-ASCII one
  // would be reported as wrong; say what is really refused.
  if (!/^[\x20-\x7e]*$/.test(password)) throw new KmipError('Invalid_Field', 'a PKCS#12 password to import must be printable ASCII');
  let contents;
  try {
    contents = readPkcs12Bundle(block.material.bytes, password, 'the PKCS#12 bundle');
  } catch (e) {
    if (e instanceof Pkcs12ReadError) throw new KmipError('Invalid_Field', e.message);
    throw e;
  }
  const certs = [contents.leaf, ...contents.chain];
  const ids = certs.map(() => randomUuid());
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  const certificates = certs.map((c, i) => {
    const next = certs[i + 1];
    const issuer = next !== undefined && issuedBy(c, next) ? ids[i + 1] : selfSigned(c) ? ids[i] : undefined;
    const own: Link[] = [];
    if (issuer !== undefined) own.push({ type: 'CertificateLink', id: issuer });
    if (i === 0) own.push({ type: 'PrivateKeyLink', id: s.uid });
    const certAttrs: TtlvNode[] = withLinks(withTags([], tags), own);
    return certificateRecord(ctx, { uid: ids[i] ?? '', objectType: 'Certificate', object: encodeCertificate(c.raw, 'Object'), attributes: certAttrs, unwrap: false });
  });
  const pkcs8 = contents.key.export({ type: 'pkcs8', format: 'der' });
  const keyAttrs: AttributeList = withLinks(attrs, [...linksOf(attrs).filter((l) => l.type !== 'CertificateLink'), { type: 'CertificateLink', id: ids[0] ?? '' }]);
  const privateKey: SuppliedObject = {
    ...s,
    attributes: keyAttrs,
    object: struct('Object', [encodeKeyBlock({ keyFormatType: 'PKCS8', material: { kind: 'bytes', bytes: pkcs8 } })]),
    unwrap: false,
  };
  return { privateKey, certificates, wipe: () => { pkcs8.fill(0); } };
}
