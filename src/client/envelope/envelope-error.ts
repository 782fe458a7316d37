/**
 * The one error an envelope encryption or decryption fails with: a stable code and a
 * message that names the problem, never key bytes or plaintext.
 * @module
 */

/** Why an envelope could not be written or read. */
export type EnvelopeErrorCode =
  /** The input does not start with the envelope magic (it may be a server-mode file). */
  | 'not_envelope'
  /** The magic matches but the format version is not one this code reads. */
  | 'unsupported_version'
  /** A header field is out of bounds or malformed (or a caller asked to write one). */
  | 'bad_header'
  /** The input ends early: inside the header, inside the tag, or at a segment boundary before the final segment. */
  | 'truncated'
  /** A segment failed authentication: altered, reordered, cut or extended data, or the wrong data key. */
  | 'corrupt'
  /** The unwrap callback returned something that is not a 256-bit key. */
  | 'bad_key'
  /** The plaintext needs more segments than the 32-bit counter allows. */
  | 'too_large';

/** A failed envelope operation; `code` is stable, the message is for people. */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
