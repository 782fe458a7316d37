/**
 * SignatureVerify: checks a signature with a public key, the public half of a private key, or a
 * certificate's public key (its keyUsage extension standing in for the usage mask), that is
 * Active or revoked (Deactivated or Compromised): signatures made before the revocation must
 * stay checkable.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../../kmip/kmip-error.js';
import { verifyWith } from '../../crypto/signature.js';
import { publicKeyOf } from '../../crypto/key-formats.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { certificatePublicKey, requireCertificateUsage } from '../certificate-key.js';
import { privateKeyOfRecord, publicKeyOfRecord } from '../asymmetric-keys.js';
import { guardCrypto } from '../crypto-failures.js';
import { signatureSchemeFor, signingKeyOf } from '../signature-schemes.js';
import type { SignatureVerifyRequest, SignatureVerifyResponse } from '../../kmip/operations/signature-verify.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

function verifyingKey(rec: ObjectRecord): KeyObject {
  if (rec.objectType === 'PublicKey') return publicKeyOfRecord(rec);
  if (rec.objectType === 'PrivateKey') {
    const privateKey = privateKeyOfRecord(rec);
    return guardCrypto('SignatureVerify', () => publicKeyOf(privateKey));
  }
  if (rec.objectType === 'Certificate') return certificatePublicKey(rec);
  throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; signatures are verified with public or private keys or certificates`);
}

/** Verifies the request's SignatureData; a mismatch is an answer (Invalid), not an error. */
export function signatureVerify(ctx: OperationContext, req: SignatureVerifyRequest): SignatureVerifyResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active', 'Deactivated', 'Compromised'], 'signatureverify');
  const key = verifyingKey(rec);
  const info = signingKeyOf(key, rec.id);
  if (rec.objectType === 'Certificate') requireCertificateUsage(rec, 'Verify', ctx.now());
  else requireUsage(storedAttributes(rec), 'Verify', rec.id);
  const scheme = signatureSchemeFor(info, req.parameters, req.input.kind);
  const valid = guardCrypto('SignatureVerify', () => verifyWith(key, scheme, req.input, req.signatureData));
  return { uniqueIdentifier: rec.id, validity: valid ? 'Valid' : 'Invalid', correlationValue: req.correlationValue };
}
