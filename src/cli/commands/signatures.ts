/**
 * `kms rsa sign|verify` and `kms ec sign|verify`: signatures made and checked by the server.
 *
 * A file of up to 1 MiB is sent whole (Data) and the server hashes it. A larger one is hashed
 * here, streaming, and only its digest is sent (DigestedData): RSA and ECDSA sign a digest
 * exactly as they sign the message, so a signature made one way verifies the other way, and
 * files of any size can be signed. Ed25519 signs whole messages only, so Ed25519 files are
 * sent whole up to 16 MiB and refused above. The digest is SHA-256 unless `--digest` says
 * otherwise (for EC keys: the hash matching the curve, as the server picks it).
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { flag, optChoice, optString, reqPositional } from '../args.js';
import { CliError, EXIT } from '../cli-error.js';
import { fileSize, readInput, writeOutput } from '../files.js';
import { fields, hex } from '../format.js';
import { selectedObject, selectionOptions } from './object-selection.js';
import type { HashingAlgorithm, RecommendedCurve } from '../../kmip/enums.js';
import type { ParametersInput, SignedDataInput } from '../../client/kms-inputs.js';
import type { CommandContext, CommandSpec, OptionSpec, ParsedArgs } from '../command.js';

/** Files up to this size are sent whole. */
export const INLINE_LIMIT = 1024 * 1024;
/** The largest file an Ed25519 key signs (it cannot sign a digest). */
export const ED25519_LIMIT = 16 * 1024 * 1024;
/** The largest signature file read. */
const MAX_SIGNATURE_BYTES = 16 * 1024;

const DIGESTS = ['sha256', 'sha384', 'sha512'] as const;
type Digest = (typeof DIGESTS)[number];
const HASHING: Readonly<Record<Digest, HashingAlgorithm>> = { sha256: 'SHA256', sha384: 'SHA384', sha512: 'SHA512' };
const CURVE_DIGEST: Partial<Record<RecommendedCurve, Digest>> = { P256: 'sha256', P384: 'sha384', P521: 'sha512' };

const SCHEMES = ['pss', 'pkcs1v15'] as const;

type Family = 'rsa' | 'ec';

/** What is sent to the server: the message or its digest, and the parameters. */
interface Signed {
  readonly input: SignedDataInput;
  readonly parameters: ParametersInput | undefined;
  /** The digest sent, hex (for the output), when the file was hashed here. */
  readonly digest: string | undefined;
}

async function digestOf(ctx: CommandContext, path: string, size: number, digest: Digest): Promise<Uint8Array> {
  const hash = createHash(digest);
  const progress = ctx.progress(`hashing ${digest}`, size);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    progress.advance(chunk.length);
  }
  progress.done();
  return hash.digest();
}

/** The digest an EC key signs a hashed file with, or undefined for Ed25519 (which cannot). */
async function ecDigest(ctx: CommandContext, keyRef: string): Promise<Digest | undefined> {
  const r = await ctx.kms().getAttributes({ uniqueIdentifier: keyRef, references: ['CryptographicAlgorithm', 'CryptographicDomainParameters'] });
  const curve = r.attributes.cryptographicDomainParameters?.recommendedCurve;
  if (r.attributes.cryptographicAlgorithm === 'Ed25519' || curve === 'CURVEED25519') return undefined;
  return (curve === undefined ? undefined : CURVE_DIGEST[curve]) ?? 'sha256';
}

/** Reads the file whole, or hashes it, as its size and the key allow. */
async function signedInput(ctx: CommandContext, family: Family, keyRef: string, path: string, args: ParsedArgs): Promise<Signed> {
  const chosen = optChoice(args, 'digest', DIGESTS);
  const scheme = family === 'rsa' ? optChoice(args, 'scheme', SCHEMES) : undefined;
  const size = fileSize(path);
  const base: ParametersInput = {
    ...(scheme === undefined ? {} : { paddingMethod: scheme === 'pss' ? 'PSS' : 'PKCS1v15' }),
  };
  const withHash = (d: Digest | undefined): ParametersInput | undefined => {
    const p = { ...base, ...(d === undefined ? {} : { hashingAlgorithm: HASHING[d] }) };
    return Object.keys(p).length === 0 ? undefined : p;
  };
  if (size <= INLINE_LIMIT) return { input: { data: readInput(path, INLINE_LIMIT) }, parameters: withHash(chosen), digest: undefined };
  let digest: Digest | undefined = chosen ?? 'sha256';
  if (family === 'ec') {
    const keyDigest = await ecDigest(ctx, keyRef);
    if (keyDigest === undefined) {
      if (size > ED25519_LIMIT) throw new CliError(EXIT.file, `${path}: Ed25519 keys sign whole messages, up to ${ED25519_LIMIT} bytes; this file has ${size}`);
      return { input: { data: readInput(path, ED25519_LIMIT) }, parameters: withHash(chosen), digest: undefined };
    }
    digest = chosen ?? keyDigest;
  }
  const bytes = await digestOf(ctx, path, size, digest);
  return { input: { digest: bytes }, parameters: withHash(digest), digest: hex(bytes) };
}

function familyOptions(family: Family, keyWhat: string): Record<string, OptionSpec> {
  return {
    ...selectionOptions('key-id', 'k', keyWhat),
    digest: { type: 'string', value: 'HASH', description: `${DIGESTS.join('|')} (default: sha256${family === 'ec' ? ', or the hash matching the curve' : ''}; none for Ed25519)` },
    ...(family === 'rsa' ? { scheme: { type: 'string', value: 'SCHEME', description: `${SCHEMES.join('|')} (default pss)` } satisfies OptionSpec } : {}),
  };
}

function signCommand(family: Family): CommandSpec {
  const label = family === 'rsa' ? 'RSA' : 'EC (ECDSA or Ed25519)';
  return {
    path: [family, 'sign'],
    summary: `sign a file with an ${label} private key of the server`,
    positionals: [{ name: 'FILE', description: `the file to sign (above ${INLINE_LIMIT / 1024 / 1024} MiB, only its digest is sent)`, required: true }],
    options: {
      ...familyOptions(family, 'private key'),
      'signature-file': { type: 'string', short: 's', value: 'FILE', description: 'where to write the signature (default FILE.sig)' },
      force: { type: 'boolean', description: 'replace the signature file if it exists' },
    },
    examples: [`kms ${family} sign -k <PRIVATE_KEY_ID> report.pdf`, `kms ${family} sign -t release report.pdf -s report.pdf.sig --force`],
    async run(ctx, args) {
      const keyRef = selectedObject(args, 'key-id', 'private key');
      const file = resolve(ctx.io.cwd, reqPositional(args, 0, 'FILE'));
      const out = resolve(ctx.io.cwd, optString(args, 'signature-file') ?? `${file}.sig`);
      const signed = await signedInput(ctx, family, keyRef, file, args);
      const r = await ctx.kms().sign({ uniqueIdentifier: keyRef, ...signed.input, ...(signed.parameters === undefined ? {} : { parameters: signed.parameters }) });
      const path = writeOutput(out, r.signatureData, flag(args, 'force'));
      return {
        text: fields('The signature was written.', [
          ['Signature file', path],
          ['Key unique identifier', r.uniqueIdentifier],
          ['Signed', signed.digest === undefined ? 'the whole file' : 'its digest (hashed locally)'],
        ]),
        json: { signature_file: path, unique_identifier: r.uniqueIdentifier, signature_bytes: r.signatureData.length, digest: signed.digest ?? null },
      };
    },
  };
}

function verifyCommand(family: Family): CommandSpec {
  const label = family === 'rsa' ? 'RSA' : 'EC (ECDSA or Ed25519)';
  return {
    path: [family, 'verify'],
    summary: `check a file's signature with an ${label} key of the server (exit 0: valid, 6: invalid)`,
    positionals: [
      { name: 'FILE', description: 'the signed file', required: true },
      { name: 'SIGNATURE_FILE', description: 'its signature', required: true },
    ],
    options: familyOptions(family, 'public key (or its private key)'),
    examples: [`kms ${family} verify -k <PUBLIC_KEY_ID> report.pdf report.pdf.sig`],
    async run(ctx, args) {
      const keyRef = selectedObject(args, 'key-id', 'public key');
      const file = resolve(ctx.io.cwd, reqPositional(args, 0, 'FILE'));
      const signature = readInput(resolve(ctx.io.cwd, reqPositional(args, 1, 'SIGNATURE_FILE')), MAX_SIGNATURE_BYTES);
      const signed = await signedInput(ctx, family, keyRef, file, args);
      const r = await ctx.kms().signatureVerify({
        uniqueIdentifier: keyRef,
        ...signed.input,
        signatureData: signature,
        ...(signed.parameters === undefined ? {} : { parameters: signed.parameters }),
      });
      const valid = r.validity === 'Valid';
      return {
        text: valid ? 'valid' : 'invalid',
        json: { valid, validity: r.validity, unique_identifier: r.uniqueIdentifier },
        ...(valid ? {} : { exit: EXIT.invalid }),
      };
    },
  };
}

/** The commands. */
export const SIGNATURE_COMMANDS: readonly CommandSpec[] = [signCommand('rsa'), verifyCommand('rsa'), signCommand('ec'), verifyCommand('ec')];
