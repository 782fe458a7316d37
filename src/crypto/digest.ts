/**
 * Message digests (SHA-1, SHA-2 and SHA-3) by their standard names.
 * @module
 */
import { createHash } from 'node:crypto';
import { CipherError } from './cipher-error.js';

/** The digest algorithms supported. */
export type DigestAlgorithm =
  | 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512'
  | 'SHA3-224' | 'SHA3-256' | 'SHA3-384' | 'SHA3-512';

const TABLE: Readonly<Record<DigestAlgorithm, { readonly node: string; readonly length: number }>> = {
  'SHA-1': { node: 'sha1', length: 20 },
  'SHA-224': { node: 'sha224', length: 28 },
  'SHA-256': { node: 'sha256', length: 32 },
  'SHA-384': { node: 'sha384', length: 48 },
  'SHA-512': { node: 'sha512', length: 64 },
  'SHA3-224': { node: 'sha3-224', length: 28 },
  'SHA3-256': { node: 'sha3-256', length: 32 },
  'SHA3-384': { node: 'sha3-384', length: 48 },
  'SHA3-512': { node: 'sha3-512', length: 64 },
};

function entry(alg: DigestAlgorithm): { readonly node: string; readonly length: number } {
  // Guards callers that bypass the type (e.g. names taken from a request).
  const e = Object.hasOwn(TABLE, alg) ? TABLE[alg] : undefined;
  if (e === undefined) throw new CipherError('UNSUPPORTED', 'unsupported digest algorithm');
  return e;
}

/** The node:crypto name of a digest algorithm. */
export function nodeDigestName(alg: DigestAlgorithm): string {
  return entry(alg).node;
}

/** The output size of alg in bytes. */
export function digestLength(alg: DigestAlgorithm): number {
  return entry(alg).length;
}

/** The digest of data. */
export function digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(entry(alg).node).update(data).digest());
}
