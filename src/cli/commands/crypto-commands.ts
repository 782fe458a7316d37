/**
 * Key lifecycle (import, export, wrap, unwrap, re-key, revoke, destroy) and file encryption
 * commands of the sym, rsa and ec families.
 * @module
 */
import { FILE_DECRYPT_COMMANDS } from './file-decrypt.js';
import { FILE_ENCRYPT_COMMANDS } from './file-encrypt.js';
import { KEY_EXPORT_COMMANDS } from './key-export.js';
import { KEY_IMPORT_COMMANDS } from './key-import.js';
import { KEY_LIFECYCLE_COMMANDS } from './key-lifecycle.js';
import { KEY_WRAP_COMMANDS } from './key-wrap.js';
import type { CommandSpec } from '../command.js';

/** The commands. */
export const CRYPTO_COMMANDS: readonly CommandSpec[] = [
  ...KEY_IMPORT_COMMANDS,
  ...KEY_EXPORT_COMMANDS,
  ...KEY_WRAP_COMMANDS,
  ...KEY_LIFECYCLE_COMMANDS,
  ...FILE_ENCRYPT_COMMANDS,
  ...FILE_DECRYPT_COMMANDS,
];
