/**
 * Hash: a one-shot digest of the request's data; no key and no stored object involved.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { digest, type DigestAlgorithm } from '../../crypto/digest.js';
import type { HashingAlgorithm } from '../../kmip/enums.js';
import type { HashRequest, HashResponse } from '../../kmip/operations/hash.js';

// SHA-1 and SHA-224 are left out on purpose: only digests of at least 128-bit collision strength are offered.
const DIGESTS: ReadonlyMap<HashingAlgorithm, DigestAlgorithm> = new Map<HashingAlgorithm, DigestAlgorithm>([
  ['SHA256', 'SHA-256'],
  ['SHA384', 'SHA-384'],
  ['SHA512', 'SHA-512'],
  ['SHA3256', 'SHA3-256'],
  ['SHA3384', 'SHA3-384'],
  ['SHA3512', 'SHA3-512'],
]);

/** The digest algorithm for a KMIP HashingAlgorithm, or Unsupported_Cryptographic_Parameters. */
export function digestFor(hashing: HashingAlgorithm | undefined): DigestAlgorithm {
  if (hashing === undefined) throw new KmipError('Invalid_Message', 'Hash: CryptographicParameters must name a HashingAlgorithm');
  const alg = DIGESTS.get(hashing);
  if (alg === undefined) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', `hashing with ${hashing} is not supported (supported: ${[...DIGESTS.keys()].join(', ')})`);
  }
  return alg;
}

/** Hashes the request's data. */
export function hash(req: HashRequest): HashResponse {
  return { data: digest(digestFor(req.parameters.hashingAlgorithm), req.data), correlationValue: req.correlationValue };
}
