/**
 * Cryptographic usage mask checks.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { intAttribute } from '../kmip/attributes.js';
import { USAGE, type Usage } from '../kmip/enums.js';
import type { AttributeList } from '../kmip/attributes.js';

/** Throws unless the mask allows the use, or any one of the uses a list names (or is Unrestricted). */
export function requireUsage(attrs: AttributeList, use: Usage | readonly [Usage, ...Usage[]], uid: string): void {
  const uses: readonly Usage[] = typeof use === 'string' ? [use] : use;
  const wanted = uses.reduce<number>((bits, u) => bits | USAGE[u], USAGE.Unrestricted);
  const mask = intAttribute(attrs, 'CryptographicUsageMask');
  if (mask === undefined || (mask & wanted) === 0) {
    throw new KmipError('Incompatible_Cryptographic_Usage_Mask', `the usage mask of ${uid} does not allow ${uses.join(' or ')}`);
  }
}
