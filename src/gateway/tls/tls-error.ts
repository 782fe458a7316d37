/**
 * The one error type of TLS setup. Messages name files and what went wrong, never a password or
 * key bytes, so they can go straight to the startup log.
 * @module
 */

/** Why TLS could not be set up. */
export type TlsErrorCode =
  | 'TLS_CONFIG'
  | 'TLS_FILE_UNREADABLE'
  | 'TLS_BAD_PKCS12'
  | 'TLS_BAD_KEY'
  | 'TLS_BAD_CERT'
  | 'TLS_KEY_MISMATCH'
  | 'TLS_LISTEN_FAILED';

/** A TLS setup failure with a stable code and a message safe to log. */
export class TlsSetupError extends Error {
  override readonly name = 'TlsSetupError';
  constructor(
    readonly code: TlsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
