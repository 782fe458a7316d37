/**
 * Every command of the `kms` tool, in the order help lists them.
 * @module
 */
import { CERTIFICATE_COMMANDS } from './certificate-commands.js';
import { CRYPTO_COMMANDS } from './crypto-commands.js';
import { NEW_DATABASE } from './new-database.js';
import { OBJECT_COMMANDS } from './object-commands.js';
import { SERVER_VERSION } from './server-version.js';
import type { CommandSpec } from '../command.js';

/** The command table, sorted by path so each group's commands sit together in help. */
export const COMMANDS: readonly CommandSpec[] = [...NEW_DATABASE, ...SERVER_VERSION, ...OBJECT_COMMANDS, ...CRYPTO_COMMANDS, ...CERTIFICATE_COMMANDS].sort((a, b) =>
  a.path.join(' ').localeCompare(b.path.join(' ')),
);
