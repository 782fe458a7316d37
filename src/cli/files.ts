/**
 * Local files for commands: reading inputs with a size bound, and writing outputs through a
 * private temporary file and a rename, so a failure never leaves a partial file behind and
 * key material or plaintext is never readable by others.
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { tempPathFor } from '../client/envelope/envelope-file.js';
import { CliError, EXIT } from './cli-error.js';
import { fileProblem } from './errors.js';

function fileError(path: string, e: unknown): CliError {
  return new CliError(EXIT.file, `${path}: ${fileProblem((e as NodeJS.ErrnoException).code)}`);
}

/** The size of a regular file. */
export function fileSize(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (!st.isFile()) throw new CliError(EXIT.file, `${path}: not a regular file`);
  return st.size;
}

/** A whole file, refused above `maxBytes`. */
export function readInput(path: string, maxBytes: number): Buffer {
  const size = fileSize(path);
  if (size > maxBytes) throw new CliError(EXIT.file, `${path}: ${size} bytes is more than the ${maxBytes} this command reads`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw fileError(path, e);
  }
}

/** Writes the bytes to `path` (mode 0600) through a fsynced temporary file and a rename; errno errors pass through. */
export function writePrivateFile(path: string, data: Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Writes the bytes to `path` (mode 0600) atomically; refuses to replace a file unless `overwrite`. */
export function writeOutput(path: string, data: Uint8Array, overwrite: boolean): string {
  const target = resolve(path);
  if (!overwrite) refuseExisting(target);
  try {
    writePrivateFile(target, data);
  } catch (e) {
    throw fileError(target, e);
  }
  return target;
}

/** Fails when the file exists (outputs are never silently replaced). */
export function refuseExisting(path: string): void {
  let exists = true;
  try {
    statSync(path);
  } catch {
    exists = false;
  }
  if (exists) throw new CliError(EXIT.file, `${path} already exists; remove it or pass --force`);
}
