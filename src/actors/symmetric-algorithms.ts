/**
 * Which symmetric algorithms and sizes keys may have, and which AEAD serves a key for a request.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import type { AeadAlgorithm } from '../crypto/aead.js';
import type { CryptographicParameters } from '../kmip/operations/cryptographic-parameters.js';

const KEY_BITS: Readonly<Record<string, readonly number[]>> = {
  AES: [128, 192, 256],
  ChaCha20: [256],
  ChaCha20Poly1305: [256],
};

/** Checks that a symmetric key of this algorithm and size can be created or imported. */
export function checkSymmetricKey(algorithm: string | undefined, bits: number): string {
  if (algorithm === undefined) throw new KmipError('Invalid_Message', 'CryptographicAlgorithm is required for a symmetric key');
  const sizes = KEY_BITS[algorithm];
  if (sizes === undefined) {
    throw new KmipError('Feature_Not_Supported', `symmetric keys for ${algorithm} are not supported (supported: ${Object.keys(KEY_BITS).join(', ')})`);
  }
  if (!sizes.includes(bits)) {
    throw new KmipError('Invalid_Attribute_Value', `${algorithm} keys must be ${sizes.join(', ')} bits, not ${bits}`);
  }
  return algorithm;
}

/** The AEAD for a key of `keyAlgorithm` under the request's optional parameters. */
export function aeadFor(keyAlgorithm: string | null, p: CryptographicParameters | undefined): AeadAlgorithm {
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
    return 'ChaCha20-Poly1305';
  }
  if (keyAlgorithm !== 'AES') throw new KmipError('Invalid_Object_Type', `keys of algorithm ${keyAlgorithm ?? 'unknown'} cannot encrypt`);
  if (mode !== undefined && mode !== 'GCM') {
    throw new KmipError('Unsupported_Cryptographic_Parameters', `AES in ${mode} mode is not supported (supported: GCM)`);
  }
  if (p?.tagLength !== undefined && p.tagLength !== 16n) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', 'the authentication tag length must be 16 bytes');
  }
  if (p?.ivLength !== undefined && p.ivLength !== 12n && p.ivLength !== 96n) {
    throw new KmipError('Unsupported_Cryptographic_Parameters', 'the nonce length must be 12 bytes');
  }
  return 'AES-GCM';
}
