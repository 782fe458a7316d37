/**
 * The one error configuration loading throws, so main.ts can print it and exit with a usage status.
 * @module
 */

/** An invalid command line or environment; the message names the flag or variable and what is allowed. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
}
