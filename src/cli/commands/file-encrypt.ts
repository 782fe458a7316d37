/**
 * `kms sym|rsa|ec encrypt`: a file with a key of the server. Small files (or `--server`) go to
 * the server whole; large ones (or `--envelope`) are encrypted here in constant memory with a
 * fresh data key the server wraps, with a progress bar on a terminal.
 * @module
 */
import { flag, optString, reqPositional } from '../args.js';
import { usageError } from '../cli-error.js';
import { fileSize, readInput, refuseExisting, writeOutput } from '../files.js';
import { encryptFile } from '../../client/envelope/envelope-file.js';
import { A_FAMILY_NOUN, keyOptions, keyRef, type Family } from './crypto-options.js';
import { envelopeWrap, serverEncrypt, type ServerOptions } from './file-ciphers.js';
import { MODE_OPTIONS, outputOptions, progressOf, SERVER_MODE_MAX, SERVER_MODE_THRESHOLD, serverOptions, serverOptionSpecs } from './file-crypto-shared.js';
import { resolve } from 'node:path';
import type { CommandSpec } from '../command.js';

const KEY_WORD: Readonly<Record<Family, string>> = { sym: 'symmetric key', rsa: 'RSA public key (or its private key)', ec: 'EC or X25519 public key (or its private key)' };

/** Server-only options refused in envelope mode, where the data is always AES-256-GCM. */
function checkEnvelopeOptions(o: ServerOptions): void {
  if (o.aad !== undefined) throw usageError('--aad is for server mode; the envelope authenticates its own header');
  if (o.algorithm === 'chacha20-poly1305') throw usageError('the envelope encrypts with AES-256-GCM; use --server for ChaCha20-Poly1305');
  if (o.scheme !== undefined) throw usageError('--scheme is for server mode; the envelope wraps its data key with RSA-OAEP SHA-256');
}

function encryptCommand(family: Family): CommandSpec {
  return {
    path: [family, 'encrypt'],
    summary: `encrypt a file with ${A_FAMILY_NOUN[family]} of the server`,
    positionals: [{ name: 'FILE', required: true, description: 'the file to encrypt' }],
    options: {
      ...keyOptions(KEY_WORD[family]),
      ...serverOptionSpecs(family),
      ...MODE_OPTIONS,
      ...outputOptions('FILE.enc'),
    },
    examples: [`kms ${family} encrypt --key-id 1d2c... report.pdf`, `kms ${family} encrypt -t backup --envelope -f disk.img.enc disk.img`],
    async run(ctx, args) {
      const path = reqPositional(args, 0, 'FILE');
      const ref = keyRef(args);
      const out = resolve(ctx.io.cwd, optString(args, 'out-file') ?? `${path}.enc`);
      const overwrite = flag(args, 'force');
      const o = serverOptions(args);
      if (flag(args, 'envelope') && flag(args, 'server')) throw usageError('give either --envelope or --server, not both');
      const size = fileSize(path);
      const envelope = flag(args, 'envelope') || (!flag(args, 'server') && size > SERVER_MODE_THRESHOLD);
      if (!overwrite) refuseExisting(out);
      if (!envelope) {
        const ciphertext = await serverEncrypt(ctx.kms(), family, ref, readInput(path, SERVER_MODE_MAX), o);
        writeOutput(out, ciphertext, overwrite);
        return { text: `The encrypted file is in ${out}`, json: { file: out, mode: 'server', bytes_in: size } };
      }
      checkEnvelopeOptions(o);
      const progress = progressOf(ctx, `encrypting ${path}`, size);
      let keyId = '';
      const wrap = envelopeWrap(ctx.kms(), family, ref);
      await encryptFile(path, out, async (dataKey) => {
        const w = await wrap(dataKey);
        keyId = w.keyId;
        return w;
      }, { onProgress: progress.onProgress });
      progress.finish();
      return { text: `The encrypted file is in ${out}`, json: { file: out, mode: 'envelope', key_id: keyId, bytes_in: size } };
    },
  };
}

/** The encrypt commands of the three families. */
export const FILE_ENCRYPT_COMMANDS: readonly CommandSpec[] = [encryptCommand('sym'), encryptCommand('rsa'), encryptCommand('ec')];
