/**
 * The issuer of a certificate Certify makes: a CA certificate held in the KMS and its private key,
 * found from whichever of the two the request links (the other through the objects' own links).
 * Both must be Active. Signing is what the `certify` right guards: the caller needs it on the
 * private key, and on the certificate when it names the certificate; a certificate reached
 * through the key's own link is public material read for its name and expiry.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import type { CertificateContent } from '../crypto/x509/certificate-content.js';
import { resolveObject } from './object-access.js';
import { privateKeyOfRecord } from './asymmetric-keys.js';
import { linkedCertificateId, linkedPrivateKeyId, parsedCertificate } from './stored-certificate.js';
import type { RequestedIssuer } from './certify-attributes.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** A CA held in the KMS. */
export interface LinkedIssuer {
  readonly certificateId: string;
  readonly certificate: CertificateContent;
  readonly privateKey: KeyObject;
}

function activeOfType(ctx: OperationContext, id: string, type: 'Certificate' | 'PrivateKey'): ObjectRecord {
  const rec = resolveObject(ctx, id, ['Active'], 'certify');
  if (rec.objectType !== type) throw new KmipError('Invalid_Object_Type', `Certify: the issuer object ${rec.id} is a ${rec.objectType}, not a ${type}`);
  return rec;
}

/** The private key of a key record, usable for signing certificates. */
export function signingKey(ctx: OperationContext, id: string): KeyObject {
  return privateKeyOfRecord(activeOfType(ctx, id, 'PrivateKey'));
}

function linkedCertificate(ctx: OperationContext, id: string, from: string): ObjectRecord {
  const linked = ctx.store.get(id);
  if (linked?.objectType !== 'Certificate' || linked.state !== 'Active') {
    throw new KmipError('Invalid_Field', `Certify: the issuer certificate linked from ${from} is missing or not Active`);
  }
  return linked;
}

/**
 * Resolves the CA the request links; the two halves must belong together. `viaLink`: the
 * certificate was not named by the caller but found through a link (a renewed certificate's issuer).
 */
export function linkedIssuer(ctx: OperationContext, req: RequestedIssuer, viaLink = false): LinkedIssuer {
  let certRec: ObjectRecord;
  let keyId: string;
  if (req.certificateId !== undefined) {
    certRec = viaLink ? linkedCertificate(ctx, req.certificateId, 'the renewed certificate') : activeOfType(ctx, req.certificateId, 'Certificate');
    const found = req.privateKeyId ?? linkedPrivateKeyId(ctx, certRec);
    if (found === undefined) {
      throw new KmipError('Invalid_Field', `Certify: the issuer certificate ${certRec.id} has no linked private key; link one with PrivateKeyLink`);
    }
    keyId = found;
  } else {
    keyId = req.privateKeyId ?? '';
    const keyRec = activeOfType(ctx, keyId, 'PrivateKey');
    const certId = linkedCertificateId(ctx, keyRec);
    if (certId === undefined) {
      throw new KmipError('Invalid_Field', `Certify: the issuer private key ${keyRec.id} has no linked certificate; link one with CertificateLink`);
    }
    certRec = linkedCertificate(ctx, certId, `the issuer private key ${keyRec.id}`);
  }
  const keyRec = activeOfType(ctx, keyId, 'PrivateKey');
  const privateKey = privateKeyOfRecord(keyRec);
  const parsed = parsedCertificate(certRec);
  const matched = MATCHED.get(certRec);
  if (matched?.has(keyRec) !== true) {
    if (!parsed.x509.checkPrivateKey(privateKey)) {
      throw new KmipError('Invalid_Field', `Certify: the issuer private key ${keyId} does not belong to the issuer certificate ${certRec.id}`);
    }
    MATCHED.set(certRec, (matched ?? new WeakSet()).add(keyRec));
  }
  return { certificateId: certRec.id, certificate: parsed.content, privateKey };
}

// Which key records were found to match a CA certificate record, per record version.
const MATCHED = new WeakMap<ObjectRecord, WeakSet<ObjectRecord>>();
