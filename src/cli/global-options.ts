/**
 * Options every command takes, wherever they appear on the line.
 * @module
 */
import type { OptionSpec } from './command.js';

/** The global options. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  conf: { type: 'string', short: 'c', value: 'FILE', description: 'configuration file (default: $KMS_CLI_CONF, then ~/.cosmian/kms.json)' },
  url: { type: 'string', value: 'URL', description: 'server URL, overriding kms_server_url' },
  'access-token': { type: 'string', value: 'TOKEN', description: 'JWT or API token, overriding kms_access_token' },
  'database-secret': { type: 'string', value: 'SECRET', description: 'encrypted database secret, overriding kms_database_secret' },
  'accept-invalid-certs': { type: 'boolean', description: 'accept any server certificate (testing only)' },
  output: { type: 'string', short: 'o', value: 'text|json', description: 'print a readable text (default) or JSON for scripts' },
  json: { type: 'boolean', description: 'also print each KMIP request and response (JSON TTLV) on stderr' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress bar' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};
