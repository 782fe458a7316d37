/**
 * The one error a malformed backup or restore command line throws, so the command can print it
 * and exit with the usage status (2) instead of the failure status (1).
 * @module
 */

/** A command line that cannot run; the message names the flag and never repeats a secret. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
