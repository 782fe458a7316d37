/**
 * What `encrypt` and `decrypt` of every family share: the size that picks server or envelope
 * mode, default output names, the server-mode options, the progress bar, and how a failed
 * decryption is reported (exit 6 when the data does not authenticate).
 * @module
 */
import { open } from 'node:fs/promises';
import { hexBytes, optChoice, optString } from '../args.js';
import { CliError, EXIT } from '../cli-error.js';
import { KmsRequestError } from '../../client/errors.js';
import { EnvelopeError } from '../../client/envelope/envelope-error.js';
import { RSA_SCHEMES, SYM_ALGORITHMS, type ServerOptions } from './file-ciphers.js';
import type { CommandContext, OptionSpec, ParsedArgs } from '../command.js';
import type { Family } from './crypto-options.js';

/** Files up to this size go through the server in one request unless --envelope is given. */
export const SERVER_MODE_THRESHOLD = 1024 * 1024;
/** The most --server sends in one request (the JSON TTLV request is about twice as big). */
export const SERVER_MODE_MAX = 16 * 1024 * 1024;

/** The server-mode options of a family's encrypt and decrypt. */
export function serverOptionSpecs(family: Family): Readonly<Record<string, OptionSpec>> {
  const aad = { aad: { type: 'string' as const, value: 'HEX', description: 'additional authenticated data, in hex (server mode; not with RSA)' } };
  if (family === 'sym') {
    return { ...aad, algorithm: { type: 'string', short: 'd', value: 'ALG', description: `${SYM_ALGORITHMS.join(' or ')} (server mode; default: the key's own)` } };
  }
  if (family === 'rsa') {
    return { scheme: { type: 'string', value: 'SCHEME', description: `${RSA_SCHEMES.join(', ')} (server mode; default oaep-sha256, or rsa-aes-kwp when the file is larger than one RSA block)` } };
  }
  return aad;
}

/** The `--envelope`, `--server`, output and `--force` options. */
export const MODE_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  envelope: { type: 'boolean', description: `encrypt client-side in constant memory with a data key the server wraps (the default above 1 MiB)` },
  server: { type: 'boolean', description: `encrypt in the server in one request (the default up to 1 MiB; at most 16 MiB)` },
};

/** `--out-file/-f` and `--force`. */
export function outputOptions(defaultName: string): Readonly<Record<string, OptionSpec>> {
  return {
    'out-file': { type: 'string', short: 'f', value: 'OUT', description: `the output file (default ${defaultName})` },
    force: { type: 'boolean', description: 'replace the output file if it exists' },
  };
}

/** The server-mode options given. */
export function serverOptions(a: ParsedArgs): ServerOptions {
  const aad = optString(a, 'aad');
  return {
    aad: aad === undefined ? undefined : hexBytes(aad, '--aad'),
    algorithm: optChoice(a, 'algorithm', SYM_ALGORITHMS),
    scheme: optChoice(a, 'scheme', RSA_SCHEMES),
  };
}

/** Where decrypt writes by default: FILE without `.enc`, else FILE.plain. */
export function decryptedName(path: string): string {
  return path.endsWith('.enc') && path.length > 4 ? path.slice(0, -4) : `${path}.plain`;
}

/** The first bytes of a file (fewer when it is shorter). */
export async function firstBytes(path: string, n: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** A progress callback for the envelope streams (cumulative bytes) drawing ctx.progress. */
export function progressOf(ctx: CommandContext, label: string, total: number): { onProgress: (done: number) => void; finish: () => void } {
  const bar = ctx.progress(label, total);
  let seen = 0;
  return {
    onProgress: (done) => {
      bar.advance(done - seen);
      seen = done;
    },
    finish: () => { bar.done(); },
  };
}

/** A decryption failure as the CLI reports it: data that does not authenticate exits 6. */
export function decryptFailure(e: unknown): unknown {
  if (e instanceof EnvelopeError && (e.code === 'corrupt' || e.code === 'truncated')) {
    return new CliError(EXIT.invalid, `the file does not decrypt: ${e.message}`);
  }
  if (e instanceof KmsRequestError && e.reason === 'Cryptographic_Failure') {
    return new CliError(EXIT.invalid, 'the file does not decrypt: it was altered, or the key is not the one it was encrypted with');
  }
  return e;
}
