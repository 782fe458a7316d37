/**
 * The `kms certificates` family: certify, export, import and validate, as `ckms certificates`.
 * @module
 */
import { CERTIFY_COMMAND } from './certificate-certify.js';
import { CERTIFICATE_EXPORT_COMMAND } from './certificate-export.js';
import { CERTIFICATE_IMPORT_COMMAND } from './certificate-import.js';
import { CERTIFICATE_VALIDATE_COMMAND } from './certificate-validate.js';
import type { CommandSpec } from '../command.js';

/** The commands. */
export const CERTIFICATE_COMMANDS: readonly CommandSpec[] = [CERTIFY_COMMAND, CERTIFICATE_EXPORT_COMMAND, CERTIFICATE_IMPORT_COMMAND, CERTIFICATE_VALIDATE_COMMAND];
