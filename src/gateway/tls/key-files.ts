/**
 * uWS's SSLApp reads its key and certificate only from files. This hands it files that are safe
 * to exist for a moment: the key re-encrypted (PKCS#8, AES-256) under a random passphrase kept
 * in memory, mode 0600 in a fresh 0700 directory on tmpfs when there is one, and the directory
 * removed as soon as the callback returns or throws.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerCredentials } from './credentials.js';

/** What the callback gets: the files and the passphrase of the key file. */
export interface EphemeralKeyFiles {
  readonly keyFile: string;
  readonly certFile: string;
  readonly passphrase: string;
}

/** Prefix of the temporary directories (tests look for leftovers by it). */
export const KEY_DIR_PREFIX = 'kms-tls-';

/** Where the directories go: /dev/shm (memory, never disk) when it exists, else the OS temp dir. */
export function keyDirectoryRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

/** Writes the credentials to short-lived files, runs `use` on them, and removes them whatever happens. */
export function withEphemeralKeyFiles<T>(creds: ServerCredentials, use: (files: EphemeralKeyFiles) => T, root = keyDirectoryRoot()): T {
  // mkdtemp creates the directory 0700, so no other user can even list it.
  const dir = mkdtempSync(path.join(root, KEY_DIR_PREFIX));
  try {
    const passphrase = randomBytes(32).toString('base64url');
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    const encrypted = creds.key.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
    // 'wx' refuses to follow anything already there; the mode applies from the first byte.
    writeFileSync(keyFile, encrypted, { mode: 0o600, flag: 'wx' });
    writeFileSync(certFile, creds.certChainPem, { mode: 0o600, flag: 'wx' });
    return use({ keyFile, certFile, passphrase });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
