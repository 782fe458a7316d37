/**
 * Turns whatever a command threw into one line and an exit status; never a stack trace.
 * @module
 */
import { KmsRequestError } from '../client/errors.js';
import { KmipError } from '../kmip/kmip-error.js';
import { CliError, EXIT, type ExitStatus } from './cli-error.js';

const FILE_CODES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/** How a file error reads, from its errno code. */
export function fileProblem(code: string | undefined): string {
  return (code === undefined ? undefined : FILE_CODES[code]) ?? code ?? 'error';
}

function isErrno(e: unknown): e is NodeJS.ErrnoException & { path?: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** The message and exit status of a failure. */
export function describeFailure(e: unknown): { message: string; exit: ExitStatus } {
  if (e instanceof CliError) return { message: e.message, exit: e.exit };
  if (e instanceof KmsRequestError) {
    const connection = e.status === 0 && ['Connection_Failed', 'Invalid_Url'].includes(e.reason);
    const lost = e.status === 0 && e.reason.startsWith('Closed_');
    return { message: e.message, exit: connection || lost ? EXIT.connection : EXIT.refused };
  }
  if (e instanceof KmipError) return { message: `the server's answer could not be read: ${e.message}`, exit: EXIT.refused };
  if (isErrno(e) && e.code !== undefined && FILE_CODES[e.code] !== undefined) {
    return { message: `${e.path ?? 'file'}: ${fileProblem(e.code)}`, exit: EXIT.file };
  }
  const named = e as { name?: unknown; code?: unknown; message?: unknown };
  if (named.name === 'EnvelopeError') return { message: `not a valid encrypted file: ${String(named.message)}`, exit: EXIT.file };
  return { message: `unexpected failure: ${e instanceof Error ? e.message : String(e)}`, exit: EXIT.refused };
}
