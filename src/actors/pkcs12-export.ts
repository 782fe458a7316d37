/**
 * Export (or Get) of a private key as PKCS#12 (KeyFormatType PKCS12, as Cosmian serves it): the
 * key, its certificate and the chain above it as far as the KMS holds it, in one bundle encrypted
 * under the password the request carries as the KeyWrappingSpecification's EncryptionKeyInformation
 * UniqueIdentifier. The format is OpenSSL 3's default (AES-256-CBC, PBKDF2, SHA-256 MAC); a key
 * the KMS keeps out of clear export (Sensitive, not Extractable) is not handed out this way either.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { boolAttribute } from '../kmip/attributes.js';
import { encodeKeyBlock } from '../kmip/key-block.js';
import { linkedId } from '../kmip/links.js';
import { writePkcs12 } from '../crypto/x509/pkcs12-write.js';
import { privateKeyOfRecord } from './asymmetric-keys.js';
import { storedAttributes } from './stored-object.js';
import { linkedCertificateId, storedCertificateDer } from './stored-certificate.js';
import { x509Failure } from './certify-attributes.js';
import type { KeyWrappingSpecification } from '../kmip/key-wrapping.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

// Longer chains are a link loop or a mistake; real ones are three or four certificates deep.
const MAX_CHAIN = 10;
const LIVE = ['PreActive', 'Active', 'Deactivated', 'Compromised'] as const;

function chainOf(ctx: OperationContext, leaf: ObjectRecord): Uint8Array[] {
  const out = [storedCertificateDer(leaf)];
  const seen = new Set([leaf.id]);
  let current = leaf;
  for (;;) {
    const parentId = linkedId(storedAttributes(current), 'CertificateLink');
    if (parentId === undefined || seen.has(parentId)) return out;
    if (out.length >= MAX_CHAIN) throw new KmipError('Invalid_Field', `certificate ${leaf.id} has a chain longer than ${MAX_CHAIN}`);
    // Issuer certificates are public: followed through the links, like Certify's issuer, whoever owns them.
    const parent = ctx.store.get(parentId);
    if (parent?.objectType !== 'Certificate' || !(LIVE as readonly string[]).includes(parent.state)) return out;
    current = parent;
    seen.add(current.id);
    out.push(storedCertificateDer(current));
  }
}

/** The KeyBlock of a private key exported as a password-protected PKCS#12 bundle. */
export function pkcs12KeyBlock(ctx: OperationContext, rec: ObjectRecord, wrapping: KeyWrappingSpecification | undefined): TtlvNode {
  const attrs = storedAttributes(rec);
  if (boolAttribute(attrs, 'Extractable') === false) throw new KmipError('Not_Extractable', `object ${rec.id} is not extractable`);
  if (boolAttribute(attrs, 'Sensitive') === true) throw new KmipError('Sensitive', `object ${rec.id} is sensitive and cannot leave in a PKCS#12 bundle`);
  const password = wrapping?.encryptionKey?.uniqueIdentifier ?? '';
  if (password === '') {
    throw new KmipError('Missing_Data', 'PKCS12 export needs a password: the KeyWrappingSpecification\'s EncryptionKeyInformation UniqueIdentifier');
  }
  const certId = linkedCertificateId(ctx, rec);
  if (certId === undefined) throw new KmipError('Item_Not_Found', `private key ${rec.id} has no linked certificate to export with it`);
  const leaf = ctx.store.get(certId);
  if (leaf?.objectType !== 'Certificate' || !(LIVE as readonly string[]).includes(leaf.state)) {
    throw new KmipError('Item_Not_Found', `the certificate linked to private key ${rec.id} is missing or destroyed`);
  }
  const certificates = chainOf(ctx, leaf);
  const privateKey = privateKeyOfRecord(rec);
  let bundle: Uint8Array;
  try {
    bundle = writePkcs12({ privateKey, certificates, password, friendlyName: rec.id });
  } catch (e) {
    return x509Failure(e);
  }
  return encodeKeyBlock({ keyFormatType: 'PKCS12', material: { kind: 'bytes', bytes: bundle } });
}
