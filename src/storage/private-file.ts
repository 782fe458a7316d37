/**
 * Owner-only scratch files for backups and restores: created exclusively with mode 0600 beside
 * their destination, filled and synced there, and given their final name only once complete, so
 * nobody ever sees half a backup under the real name.
 * @module
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BackupError } from './backup-error.js';

const CHUNK_BYTES = 1 << 20;

/** The `code` of a Node system error, or undefined. */
export function systemCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Creates an empty owner-only file in the directory of `beside`; its name starts with a dot and
 * matches none of the database file names, so nothing mistakes it for a database.
 */
export function createScratchFile(beside: string, purpose: string): string {
  const file = path.join(path.dirname(beside), `.${path.basename(beside)}.${purpose}-${randomBytes(6).toString('hex')}`);
  try {
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    const code = systemCode(error);
    if (code === 'ENOENT') throw new BackupError('IO', `the directory ${path.dirname(beside)} does not exist`);
    throw new BackupError('IO', `cannot create a file in ${path.dirname(beside)} (${String(code)})`);
  }
  return file;
}

/** Copies `from` into the existing file `to` and syncs it; the bytes pass through one buffer, wiped afterwards. */
export function copyContents(from: string, to: string): void {
  const buffer = Buffer.alloc(CHUNK_BYTES);
  const input = fs.openSync(from, 'r');
  try {
    const output = fs.openSync(to, 'r+');
    try {
      let position = 0;
      for (;;) {
        const read = fs.readSync(input, buffer, 0, buffer.length, position);
        if (read === 0) break;
        let written = 0;
        while (written < read) written += fs.writeSync(output, buffer, written, read - written, position + written);
        position += read;
      }
      fs.fsyncSync(output);
    } finally {
      fs.closeSync(output);
    }
  } finally {
    fs.closeSync(input);
    // A plain database passes through here in clear.
    buffer.fill(0);
  }
}

/** Whether `candidate` is the database file or one of the journal files SQLite keeps beside it. */
export function isDatabaseFile(candidate: string, database: string): boolean {
  const target = path.resolve(candidate);
  if (['', '-wal', '-shm', '-journal'].some((suffix) => target === path.resolve(database + suffix))) return true;
  try {
    // The same file under another name (a link, or a path through a linked directory).
    const a = fs.statSync(candidate);
    const b = fs.statSync(database);
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/** Flushes a file's content to disk. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms and file systems cannot sync a directory; the file itself is already synced.
  }
}

/**
 * Gives the finished scratch file its final name. Without `replace`, an existing file of that name
 * is never touched: the hard link fails atomically if one appeared meanwhile.
 */
export function publish(scratch: string, destination: string, replace: boolean): void {
  if (replace) {
    fs.renameSync(scratch, destination);
  } else {
    try {
      fs.linkSync(scratch, destination);
      fs.unlinkSync(scratch);
    } catch (error) {
      const code = systemCode(error);
      if (code === 'EEXIST') throw new BackupError('OUTPUT_EXISTS', `${destination} already exists (give --force to replace it)`);
      // File systems without hard links: check, then rename (not atomic, but nothing better exists there).
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
      if (fs.existsSync(destination)) throw new BackupError('OUTPUT_EXISTS', `${destination} already exists (give --force to replace it)`);
      fs.renameSync(scratch, destination);
    }
  }
  syncDirectory(path.dirname(destination));
}
