/**
 * What the CLI's exit status means, and the error that carries one. Scripts branch on these
 * numbers, so they never change meaning.
 * @module
 */

/** Exit statuses. */
export const EXIT = {
  ok: 0,
  /** The server refused the request (a KMIP or HTTP error). */
  refused: 1,
  /** The command line is wrong. */
  usage: 2,
  /** The configuration file is missing, unreadable or invalid. */
  config: 3,
  /** The server could not be reached (connection, TLS, timeout). */
  connection: 4,
  /** A local file could not be read or written, or is not what it should be. */
  file: 5,
  /** A signature, MAC or ciphertext did not verify. */
  invalid: 6,
} as const;

/** An exit status. */
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports in one line and exits with. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exit: ExitStatus,
    message: string,
  ) {
    super(message);
  }
}

/** A wrong command line. */
export function usageError(message: string): CliError {
  return new CliError(EXIT.usage, message);
}
