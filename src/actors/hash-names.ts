/**
 * KMIP HashingAlgorithm names as the crypto layer's hash names, for the uses each supports.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import type { HashingAlgorithm } from '../kmip/enums.js';
import type { RsaHash } from '../crypto/rsa-cipher.js';
import type { SignatureHash } from '../crypto/signature.js';
import type { KdfHash } from '../crypto/kdf.js';

const NAMES: Partial<Record<HashingAlgorithm, RsaHash>> = { SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' };

/** The hash for RSA-OAEP (SHA-256 when none is named). */
export function oaepHash(h: HashingAlgorithm | undefined): RsaHash {
  const name = NAMES[h ?? 'SHA256'];
  if (name === undefined) throw new KmipError('Unsupported_Cryptographic_Parameters', `RSA-OAEP with ${h ?? ''} is not supported (SHA1, SHA256, SHA384, SHA512)`);
  return name;
}

/** The hash for signatures (SHA-256 when none is named). */
export function signatureHash(h: HashingAlgorithm | undefined): SignatureHash {
  const name = NAMES[h ?? 'SHA256'];
  if (name === undefined || name === 'sha1') throw new KmipError('Unsupported_Cryptographic_Parameters', `signatures with ${h ?? ''} are not supported (SHA256, SHA384, SHA512)`);
  return name;
}

/** The hash for PBKDF2 and HKDF (SHA-256 when none is named). */
export function kdfHash(h: HashingAlgorithm | undefined): KdfHash {
  const name = NAMES[h ?? 'SHA256'];
  if (name === undefined) throw new KmipError('Unsupported_Cryptographic_Parameters', `key derivation with ${h ?? ''} is not supported (SHA1, SHA256, SHA384, SHA512)`);
  return name;
}
