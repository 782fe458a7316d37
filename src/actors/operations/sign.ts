/**
 * Sign: a signature over the request's message (or over its digest, for RSA and ECDSA) with an Active
 * private key whose usage mask allows Sign.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { signWith } from '../../crypto/signature.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { privateKeyOfRecord } from '../asymmetric-keys.js';
import { guardCrypto } from '../crypto-failures.js';
import { signatureSchemeFor, signingKeyOf } from '../signature-schemes.js';
import type { SignRequest, SignResponse } from '../../kmip/operations/sign.js';
import type { OperationContext } from '../context.js';

/** Signs the request's Data or DigestedData. */
export function sign(ctx: OperationContext, req: SignRequest): SignResponse {
  const rec = resolveObject(ctx, req.uniqueIdentifier, ['Active'], 'sign');
  // Type and kind come first: a mask saying "no Sign" would hide the real mistake, a key that never signs.
  if (rec.objectType !== 'PrivateKey') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; only private keys sign`);
  const key = privateKeyOfRecord(rec);
  const info = signingKeyOf(key, rec.id);
  requireUsage(storedAttributes(rec), 'Sign', rec.id);
  const scheme = signatureSchemeFor(info, req.parameters, req.input.kind);
  const signatureData = guardCrypto('Sign', () => signWith(key, scheme, req.input));
  return { uniqueIdentifier: rec.id, signatureData, correlationValue: req.correlationValue };
}
