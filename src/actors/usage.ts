/**
 * Cryptographic usage mask checks.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { intAttribute } from '../kmip/attributes.js';
import { USAGE } from '../kmip/enums.js';
import type { AttributeList } from '../kmip/attributes.js';

/** Throws unless the mask allows the use (or is Unrestricted). */
export function requireUsage(attrs: AttributeList, use: keyof typeof USAGE, uid: string): void {
  const mask = intAttribute(attrs, 'CryptographicUsageMask');
  if (mask === undefined || (mask & (USAGE[use] | USAGE.Unrestricted)) === 0) {
    throw new KmipError('Incompatible_Cryptographic_Usage_Mask', `the usage mask of ${uid} does not allow ${use}`);
  }
}
