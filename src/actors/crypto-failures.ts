/**
 * Crypto-layer failures as the KMIP result reasons a client sees.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { AeadError } from '../crypto/aead.js';
import { CipherError } from '../crypto/cipher-error.js';
import { KeyFormatError } from '../crypto/key-error.js';

/** Rethrows a crypto error as a KmipError (`what` names the operation); anything else unchanged. */
export function cryptoFailure(what: string, err: unknown): never {
  if (err instanceof AeadError || err instanceof CipherError) {
    const failed = err.code === 'AUTHENTICATION_FAILED' || err.code === 'BAD_PADDING';
    const reason = failed ? 'Cryptographic_Failure' : err.code === 'UNSUPPORTED' ? 'Unsupported_Cryptographic_Parameters' : 'Bad_Cryptographic_Parameters';
    throw new KmipError(reason, `${what}: ${err.message}`);
  }
  if (err instanceof KeyFormatError) {
    throw new KmipError(err.code === 'UNSUPPORTED_KEY' ? 'Key_Format_Type_Not_Supported' : 'Invalid_Attribute_Value', `${what}: ${err.message}`);
  }
  throw err;
}

/** Runs fn, turning crypto errors into KmipErrors. */
export function guardCrypto<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return cryptoFailure(what, err);
  }
}
