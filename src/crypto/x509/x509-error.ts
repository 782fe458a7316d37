/**
 * The error raised while building, reading or checking certificates, requests and PKCS#12 bundles.
 * @module
 */

/** Why a certificate operation was refused. */
export type X509ErrorCode =
  | 'X509_BAD_NAME'
  | 'X509_BAD_EXTENSIONS'
  | 'X509_BAD_REQUEST'
  | 'X509_BAD_CERTIFICATE'
  | 'X509_UNSUPPORTED_KEY'
  | 'X509_BAD_PKCS12';

/**
 * Thrown for unusable certificate input. Messages are fixed texts or name the offending field;
 * they never quote key material or passwords, and library errors are not attached as a cause.
 */
export class X509Error extends Error {
  override readonly name = 'X509Error';
  constructor(
    readonly code: X509ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A certificate extension as it sits in the DER: `value` is the content of extnValue. */
export interface CertificateExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}
