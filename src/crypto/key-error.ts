/**
 * The error raised by key generation, parsing and conversion.
 * @module
 */

/** Why a key was refused. */
export type KeyFormatErrorCode = 'BAD_KEY_ENCODING' | 'UNSUPPORTED_KEY' | 'KEY_MISMATCH' | 'BAD_KEY_PARAMETERS';

/**
 * Thrown for an unparsable, unsupported or inconsistent key. Messages are fixed texts: they never
 * quote the input, and node/OpenSSL errors are not attached as a cause, so nothing secret reaches a log.
 */
export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
  constructor(
    readonly code: KeyFormatErrorCode,
    message: string,
  ) {
    super(message);
  }
}
