/**
 * `kms sym|rsa|ec decrypt`: a file `encrypt` wrote. An envelope (known by its magic) is
 * decrypted here in constant memory after the server unwraps its data key; anything else is
 * sent to the server whole. Nothing is left under the output name unless every byte verified.
 * @module
 */
import { resolve } from 'node:path';
import { flag, optString, reqPositional } from '../args.js';
import { usageError } from '../cli-error.js';
import { fileSize, readInput, refuseExisting, writeOutput } from '../files.js';
import { decryptFile } from '../../client/envelope/envelope-file.js';
import { ENVELOPE_MAGIC, isEnvelope } from '../../client/envelope/format.js';
import { A_FAMILY_NOUN, keyOptions, optKeyRef, type Family } from './crypto-options.js';
import { envelopeUnwrap, serverDecrypt } from './file-ciphers.js';
import { decryptedName, decryptFailure, firstBytes, outputOptions, progressOf, SERVER_MODE_MAX, serverOptions, serverOptionSpecs } from './file-crypto-shared.js';
import type { CommandSpec } from '../command.js';

// The largest server-mode file: the most plaintext --server sends plus the RSA-AES wrapping's overhead.
const MAX_SERVER_CIPHERTEXT = SERVER_MODE_MAX + 1024;

const PRIVATE_NOUN: Readonly<Record<Family, string>> = { sym: A_FAMILY_NOUN.sym, rsa: 'an RSA private key', ec: 'an EC private key' };

const KEY_WORD: Readonly<Record<Family, string>> = {
  sym: 'symmetric key (default for an envelope: the key its header names)',
  rsa: 'RSA private key',
  ec: 'EC or X25519 private key',
};

function decryptCommand(family: Family): CommandSpec {
  return {
    path: [family, 'decrypt'],
    summary: `decrypt a file with ${PRIVATE_NOUN[family]} of the server`,
    positionals: [{ name: 'FILE', required: true, description: 'the encrypted file (an envelope, or what server mode wrote)' }],
    options: {
      ...keyOptions(KEY_WORD[family]),
      ...serverOptionSpecs(family),
      ...outputOptions('FILE without .enc, else FILE.plain'),
    },
    examples: [`kms ${family} decrypt --key-id 1d2c... report.pdf.enc`, `kms ${family} decrypt -k 1d2c... -f disk.img disk.img.enc`],
    async run(ctx, args) {
      const path = reqPositional(args, 0, 'FILE');
      const ref = optKeyRef(args);
      if (ref === undefined && family !== 'sym') throw usageError('name the private key with --key-id or --tag');
      const out = resolve(ctx.io.cwd, optString(args, 'out-file') ?? decryptedName(path));
      const overwrite = flag(args, 'force');
      const o = serverOptions(args);
      const size = fileSize(path);
      if (!overwrite) refuseExisting(out);
      try {
        if (!isEnvelope(await firstBytes(path, ENVELOPE_MAGIC.length))) {
          if (ref === undefined) throw usageError('name the key with --key-id or --tag');
          const plaintext = await serverDecrypt(ctx.kms(), family, ref, readInput(path, MAX_SERVER_CIPHERTEXT), o, path);
          writeOutput(out, plaintext, overwrite);
          return { text: `The decrypted file is in ${out}`, json: { file: out, mode: 'server' } };
        }
        if (o.aad !== undefined || o.scheme !== undefined || o.algorithm !== undefined) {
          throw usageError('--aad, --scheme and --algorithm are for server-mode files; this file is an envelope');
        }
        const progress = progressOf(ctx, `decrypting ${path}`, size);
        await decryptFile(path, out, envelopeUnwrap(ctx.kms(), family, ref), { onProgress: progress.onProgress });
        progress.finish();
        return { text: `The decrypted file is in ${out}`, json: { file: out, mode: 'envelope' } };
      } catch (e) {
        throw decryptFailure(e);
      }
    },
  };
}

/** The decrypt commands of the three families. */
export const FILE_DECRYPT_COMMANDS: readonly CommandSpec[] = [decryptCommand('sym'), decryptCommand('rsa'), decryptCommand('ec')];
