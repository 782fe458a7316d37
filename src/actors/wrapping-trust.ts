/**
 * Which keys may wrap a Sensitive key, and what a key unwrapped from a block inherits. A Sensitive
 * key never leaves in the clear, so it may only be wrapped under a key that is itself protected
 * (Sensitive or not Extractable) and cannot Decrypt: otherwise the caller could Get the wrapping
 * key, or Decrypt the wrapped bytes with it, and read the key after all (PKCS#11 calls such keys
 * trusted wrapping keys).
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { boolAttribute, intAttribute, type AttributeList } from '../kmip/attributes.js';
import { USAGE } from '../kmip/enums.js';
import { storedAttributes } from './stored-object.js';
import { pairedRecord } from './state-change.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** True when the attributes keep the key from leaving in the clear (Sensitive, or not Extractable). */
export function isProtectedAttributes(attrs: AttributeList): boolean {
  return boolAttribute(attrs, 'Sensitive') === true || boolAttribute(attrs, 'Extractable') === false;
}

/** True when a record's key can never be read in the clear. */
export function isProtected(rec: ObjectRecord): boolean {
  return isProtectedAttributes(storedAttributes(rec));
}

function canDecrypt(rec: ObjectRecord): boolean {
  const mask = intAttribute(storedAttributes(rec), 'CryptographicUsageMask') ?? 0;
  return (mask & (USAGE.Decrypt | USAGE.Unrestricted)) !== 0;
}

/** The record holding the secret half of a wrapping key: itself, or a public key's private key. */
function secretHalf(ctx: OperationContext, wrapping: ObjectRecord): ObjectRecord | undefined {
  return wrapping.objectType === 'PublicKey' ? pairedRecord(ctx, wrapping) : wrapping;
}

/** Refuses to wrap a Sensitive key under a key that would let the caller read it. */
export function checkTrustedWrapper(ctx: OperationContext, wrapping: ObjectRecord): void {
  const secret = secretHalf(ctx, wrapping);
  if (secret === undefined || !isProtected(secret) || canDecrypt(secret)) {
    throw new KmipError(
      'Sensitive',
      `a sensitive key can only be wrapped under a key that is itself sensitive or not extractable and cannot Decrypt; ${wrapping.id} is not`,
    );
  }
}

/** Whether what a key unwraps must stay protected: anything under a protected key may have been sensitive. */
export function unwrapsProtected(unwrapping: ObjectRecord, embedded: AttributeList): boolean {
  return isProtected(unwrapping) || isProtectedAttributes(embedded);
}
