/**
 * The one error type of the cipher, signature, MAC, digest and KDF primitives.
 * @module
 */

/** Stable machine-readable reasons for a CipherError. */
export type CipherErrorCode =
  | 'BAD_KEY_LENGTH'
  | 'BAD_KEY_TYPE'
  | 'BAD_IV_LENGTH'
  | 'BAD_PADDING'
  | 'AUTHENTICATION_FAILED'
  | 'BAD_INPUT'
  | 'UNSUPPORTED'
  | 'BAD_SIGNATURE_INPUT';

/** Thrown for bad parameters or failed decryption; messages never carry key bytes or data. */
export class CipherError extends Error {
  override readonly name = 'CipherError';
  constructor(
    readonly code: CipherErrorCode,
    message: string,
  ) {
    super(message);
  }
}
