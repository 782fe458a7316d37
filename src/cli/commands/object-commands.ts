/**
 * Key creation, signatures, access rights, locate and attributes commands.
 * @module
 */
import { ACCESS_RIGHTS_COMMANDS } from './access-rights.js';
import { ATTRIBUTES_COMMANDS } from './attributes.js';
import { KEY_CREATE_COMMANDS } from './key-create.js';
import { LOCATE_COMMANDS } from './locate.js';
import { SIGNATURE_COMMANDS } from './signatures.js';
import type { CommandSpec } from '../command.js';

/** The commands. */
export const OBJECT_COMMANDS: readonly CommandSpec[] = [...KEY_CREATE_COMMANDS, ...SIGNATURE_COMMANDS, ...ACCESS_RIGHTS_COMMANDS, ...LOCATE_COMMANDS, ...ATTRIBUTES_COMMANDS];
