/**
 * Which keys may wrap a Sensitive key, and what a key unwrapped from a block inherits. A Sensitive
 * key never leaves in the clear, so it may only be wrapped under a trusted key (PKCS#11's term):
 * one whose secret half was generated here and never left (AlwaysSensitive and NeverExtractable:
 * a key the caller imported, and so knows, never qualifies), that cannot Decrypt (or the caller
 * could Decrypt the wrapped bytes), and, for a caller who does not own the Sensitive key, that
 * belongs to the Sensitive key's owner (or the caller could unwrap it with a key of their own).
 * A public wrapping key is trusted through its private key only when the two truly are a pair.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { boolAttribute, intAttribute, type AttributeList } from '../kmip/attributes.js';
import { USAGE } from '../kmip/enums.js';
import { keysMatch } from '../crypto/key-formats.js';
import { storedAttributes } from './stored-object.js';
import { pairedRecord } from './state-change.js';
import { privateKeyOfRecord, publicKeyOfRecord } from './asymmetric-keys.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** The key being wrapped, as far as trust is concerned. */
export interface WrappedKey {
  readonly id: string;
  readonly owner: string;
}

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

// Sensitive never goes back to false nor Extractable to true, so the two history flags the server
// set at creation still hold: no client has ever seen this key's secret.
function neverSeen(rec: ObjectRecord): boolean {
  const attrs = storedAttributes(rec);
  return boolAttribute(attrs, 'AlwaysSensitive') === true && boolAttribute(attrs, 'NeverExtractable') === true;
}

// Links and owners alone prove nothing about key material: the private key must yield the public one.
function samePair(priv: ObjectRecord, pub: ObjectRecord): boolean {
  try {
    return keysMatch(privateKeyOfRecord(priv), publicKeyOfRecord(pub));
  } catch {
    return false;
  }
}

/** The record holding the secret half of a wrapping key: itself, or a public key's true private key. */
function secretHalf(ctx: OperationContext, wrapping: ObjectRecord): ObjectRecord | undefined {
  if (wrapping.objectType !== 'PublicKey') return wrapping;
  const priv = pairedRecord(ctx, wrapping);
  return priv !== undefined && samePair(priv, wrapping) ? priv : undefined;
}

/** Refuses to wrap a Sensitive key under a key that would let the caller read it. */
export function checkTrustedWrapper(ctx: OperationContext, wrapping: ObjectRecord, wrapped: WrappedKey): void {
  const refuse = (why: string): never => {
    throw new KmipError('Sensitive', `sensitive key ${wrapped.id} cannot be wrapped under ${wrapping.id}: ${why}`);
  };
  if (ctx.user !== wrapped.owner && wrapping.owner !== wrapped.owner) refuse("the wrapping key must belong to the sensitive key's owner");
  // pairedRecord keeps a public key's private half to the same owner.
  const secret = secretHalf(ctx, wrapping);
  if (secret === undefined) return refuse('its private key is not stored here as its true pair');
  if (!neverSeen(secret)) refuse('a trusted wrapping key must have been generated here and always been sensitive and never extractable');
  if (canDecrypt(secret)) refuse('a trusted wrapping key must not be able to Decrypt');
}

/** Whether what a key unwraps must stay protected: anything under a protected key may have been sensitive. */
export function unwrapsProtected(unwrapping: ObjectRecord, embedded: AttributeList): boolean {
  return isProtected(unwrapping) || isProtectedAttributes(embedded);
}
