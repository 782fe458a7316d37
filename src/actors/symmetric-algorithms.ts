/**
 * Which symmetric algorithms and sizes keys and secret data may have (and how long they are when
 * the client does not say), and which cipher mode serves a key for a request's parameters.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';

const KEY_BITS: Readonly<Record<string, readonly number[]>> = {
  AES: [128, 192, 256],
  ChaCha20: [256],
  ChaCha20Poly1305: [256],
};

/** HMAC key algorithms, with the hash each one uses (key size is free: any length from 112 bits up). */
export const HMAC_ALGORITHMS: Readonly<Record<string, 'HMAC-SHA256' | 'HMAC-SHA384' | 'HMAC-SHA512'>> = {
  HMACSHA256: 'HMAC-SHA256',
  HMACSHA384: 'HMAC-SHA384',
  HMACSHA512: 'HMAC-SHA512',
};

// NIST SP 800-107: an HMAC key should be at least as strong as the security wanted; 112 bits is the floor.
const HMAC_MIN_BITS = 112;
const HMAC_MAX_BITS = 8192;

// An HMAC key is as long as its hash's output unless the client says otherwise.
const HMAC_DEFAULT_BITS: Readonly<Record<string, number>> = { HMACSHA256: 256, HMACSHA384: 384, HMACSHA512: 512 };

/** The most bits new secret data (created or derived) may have. */
export const MAX_SECRET_BITS = 8192;

/** The length of new secret data when the client names none. */
export const DEFAULT_SECRET_BITS = 256;

/** Whether the algorithm is an HMAC one (own keys only, so names like `constructor` are not). */
export function isHmacAlgorithm(algorithm: string): boolean {
  return Object.hasOwn(HMAC_ALGORITHMS, algorithm);
}

/** The length of a new symmetric key when the client names none: an HMAC hash's output size, else 256 bits. */
export function defaultSymmetricBits(algorithm: string | undefined): number {
  return algorithm !== undefined && Object.hasOwn(HMAC_DEFAULT_BITS, algorithm) ? (HMAC_DEFAULT_BITS[algorithm] ?? 256) : 256;
}

/** Checks that new secret data of this size can be made: whole bytes, from 8 to MAX_SECRET_BITS bits. */
export function checkSecretBits(bits: number): number {
  if (!Number.isInteger(bits) || bits % 8 !== 0 || bits < 8 || bits > MAX_SECRET_BITS) {
    throw new KmipError('Invalid_Attribute_Value', `secret data is whole bytes up to ${MAX_SECRET_BITS} bits, not ${bits}`);
  }
  return bits;
}

/** Checks that a symmetric key of this algorithm and size can be created or imported. */
export function checkSymmetricKey(algorithm: string | undefined, bits: number): string {
  if (algorithm === undefined) throw new KmipError('Invalid_Message', 'CryptographicAlgorithm is required for a symmetric key');
  if (isHmacAlgorithm(algorithm)) {
    if (bits % 8 !== 0 || bits < HMAC_MIN_BITS || bits > HMAC_MAX_BITS) {
      throw new KmipError('Invalid_Attribute_Value', `${algorithm} keys must be whole bytes from ${HMAC_MIN_BITS} to ${HMAC_MAX_BITS} bits, not ${bits}`);
    }
    return algorithm;
  }
  const sizes = Object.hasOwn(KEY_BITS, algorithm) ? KEY_BITS[algorithm] : undefined;
  if (sizes === undefined) {
    const all = [...Object.keys(KEY_BITS), ...Object.keys(HMAC_ALGORITHMS)];
    throw new KmipError('Feature_Not_Supported', `symmetric keys for ${algorithm} are not supported (supported: ${all.join(', ')})`);
  }
  if (!sizes.includes(bits)) {
    throw new KmipError('Invalid_Attribute_Value', `${algorithm} keys must be ${sizes.join(', ')} bits, not ${bits}`);
  }
  return algorithm;
}

/** The ciphers a symmetric key can serve. */
export type SymmetricMode = 'AES-GCM' | 'ChaCha20-Poly1305' | 'AES-CBC' | 'AES-CTR' | 'AES-KWP';

// Both AEAD modes produce a 16-byte tag from a 12-byte nonce; other lengths asked for must not be silently ignored.
function checkAeadLengths(p: CryptographicParameters | undefined): void {
  if (p?.tagLength !== undefined && p.tagLength !== 16n) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', 'the authentication tag length must be 16 bytes');
  }
  if (p?.ivLength !== undefined && p.ivLength !== 12n && p.ivLength !== 96n) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', 'the nonce length must be 12 bytes');
  }
}

/** The cipher for a key of `keyAlgorithm` under the request's optional parameters (AES-GCM by default). */
export function symmetricModeFor(keyAlgorithm: string | null, p: CryptographicParameters | undefined): SymmetricMode {
  const keyIsChaCha = keyAlgorithm === 'ChaCha20' || keyAlgorithm === 'ChaCha20Poly1305';
  const asked = p?.cryptographicAlgorithm;
  const wantsChaCha = asked === 'ChaCha20' || asked === 'ChaCha20Poly1305';
  if (asked !== undefined && asked !== 'AES' && !wantsChaCha) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', `symmetric encryption with ${asked} is not supported`);
  }
  if (asked !== undefined && wantsChaCha !== keyIsChaCha) {
    throw new KmipError('Bad_Cryptographic_Parameters', `a ${keyAlgorithm ?? 'symmetric'} key cannot be used with ${asked}`);
  }
  const mode = p?.blockCipherMode;
  if (keyIsChaCha) {
    if (mode !== undefined) throw new KmipError('Bad_Cryptographic_Parameters', 'ChaCha20-Poly1305 takes no BlockCipherMode');
    checkAeadLengths(p);
    return 'ChaCha20-Poly1305';
  }
  if (keyAlgorithm !== 'AES') throw new KmipError('Invalid_Object_Type', `keys of algorithm ${keyAlgorithm ?? 'unknown'} cannot encrypt`);
  switch (mode) {
    case undefined:
    case 'GCM':
      checkAeadLengths(p);
      return 'AES-GCM';
    case 'CBC': {
      const padding = p?.paddingMethod ?? 'PKCS5';
      if (padding !== 'PKCS5') throw new KmipError('Unsupported_Cryptographic_Parameters', `AES-CBC supports PKCS5 (PKCS#7) padding only, not ${padding}`);
      return 'AES-CBC';
    }
    case 'CTR':
      return 'AES-CTR';
    case 'NISTKeyWrap':
    case 'AESKeyWrapPadding':
      return 'AES-KWP';
    default:
      throw new KmipError('Unsupported_Cryptographic_Parameters', `AES in ${mode} mode is not supported (supported: GCM, CBC, CTR, NISTKeyWrap)`);
  }
}
