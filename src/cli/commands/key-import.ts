/**
 * `kms sym|rsa|ec keys import`: a key file into the server, under a new identifier or a given
 * one (`--replace` to overwrite): the JSON TTLV object `keys export` writes (wrapped blocks kept
 * wrapped, or unwrapped by the server with `--unwrap`), PEM or DER asymmetric keys, or raw or
 * base64 symmetric key bytes.
 * @module
 */
import { flag, optChoice, positional, reqPositional, strings } from '../args.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { readInput } from '../files.js';
import { A_FAMILY_NOUN, FAMILY_NOUN, type Family } from './crypto-options.js';
import { isPem, MAX_KEY_FILE, parseAsymmetricKey, parseKeyObject, type KeyObjectFile } from './key-files.js';
import type { CommandSpec } from '../command.js';
import type { ImportInput, ObjectInput } from '../../client/kms-inputs.js';
import type { AttributeFields } from '../../kmip/attribute-fields.js';

/** The formats `keys import` reads. */
export type ImportFormat = 'json-ttlv' | 'pem' | 'der' | 'raw' | 'base64';

const IMPORT_FORMATS: Readonly<Record<Family, readonly ImportFormat[]>> = {
  sym: ['json-ttlv', 'raw', 'base64'],
  rsa: ['json-ttlv', 'pem', 'der'],
  ec: ['json-ttlv', 'pem', 'der'],
};

const SYM_ALGORITHMS = ['aes', 'chacha20'] as const;

// Key types (node's names) each family takes from PEM or DER.
const FAMILY_KEY_TYPES: Readonly<Record<'rsa' | 'ec', readonly string[]>> = {
  rsa: ['rsa'],
  ec: ['ec', 'x25519', 'ed25519'],
};

/** The format of a file given without --key-format: JSON TTLV when it looks like JSON, else PEM/DER. */
function detectFormat(family: Family, data: Uint8Array, path: string): ImportFormat {
  const head = Buffer.from(data.subarray(0, 64)).toString('latin1').trimStart();
  if (head.startsWith('{')) return 'json-ttlv';
  if (family === 'sym') throw new CliError(EXIT.file, `${path}: not a JSON TTLV key file; give --key-format raw or base64 for key bytes`);
  return isPem(data) ? 'pem' : 'der';
}

/** Refuses a key object of another family, so `rsa keys import` never files away an AES key. */
function checkFamily(family: Family, o: KeyObjectFile, path: string): void {
  const algorithm = o.block.cryptographicAlgorithm;
  const isSymmetric = o.objectType === 'SymmetricKey' || o.objectType === 'SecretData';
  const fits =
    family === 'sym' ? isSymmetric : !isSymmetric && (algorithm === undefined || (family === 'rsa' ? algorithm === 'RSA' : algorithm !== 'RSA'));
  if (!fits) throw new CliError(EXIT.file, `${path} holds ${[algorithm, o.objectType].filter(Boolean).join(' ')}, which "kms ${family} keys import" does not take`);
}

function keyObjectInput(family: Family, o: KeyObjectFile, path: string): ObjectInput {
  checkFamily(family, o, path);
  const b = o.block;
  return {
    objectType: o.objectType,
    keyBlock: {
      keyFormatType: b.keyFormatType,
      material: b.material,
      cryptographicAlgorithm: b.cryptographicAlgorithm,
      cryptographicLength: b.cryptographicLength,
      attributes: b.attributes?.value,
      wrapping: b.wrapping,
    },
  };
}

function bytesInput(format: 'raw' | 'base64', data: Buffer, algorithm: (typeof SYM_ALGORITHMS)[number]): ObjectInput {
  const key = format === 'raw' ? data : Buffer.from(data.toString('latin1').trim(), 'base64');
  if (key.length === 0) throw new CliError(EXIT.file, 'the key file holds no key bytes');
  return { objectType: 'SymmetricKey', key, cryptographicAlgorithm: algorithm === 'aes' ? 'AES' : 'ChaCha20' };
}

function asymmetricInput(family: 'rsa' | 'ec', data: Buffer, path: string): ObjectInput {
  const k = parseAsymmetricKey(data, path);
  if (!FAMILY_KEY_TYPES[family].includes(k.keyType)) throw new CliError(EXIT.file, `${path} holds ${k.keyType} ${k.objectType}, which "kms ${family} keys import" does not take`);
  return k.objectType === 'PrivateKey' ? { objectType: 'PrivateKey', der: k.der, format: 'PKCS8' } : { objectType: 'PublicKey', der: k.der, format: 'SPKI' };
}

/** The import input of a key file in the given (or detected) format. */
function objectInput(family: Family, format: ImportFormat | undefined, data: Buffer, path: string, algorithm: (typeof SYM_ALGORITHMS)[number]): ObjectInput {
  const f = format ?? detectFormat(family, data, path);
  switch (f) {
    case 'json-ttlv':
      return keyObjectInput(family, parseKeyObject(data.toString('utf8'), path), path);
    case 'raw':
    case 'base64':
      return bytesInput(f, data, algorithm);
    case 'pem':
    case 'der':
      if (family === 'sym') throw usageError('symmetric keys are imported as json-ttlv, raw or base64');
      return asymmetricInput(family, data, path);
  }
}

/** Tags given on the command line replace the file's own; the file's other attributes are kept. */
function attributesFor(object: ObjectInput, tags: readonly string[]): AttributeFields | undefined {
  if (tags.length === 0) return undefined;
  const embedded = 'keyBlock' in object ? (object.keyBlock.attributes ?? []) : [];
  return { other: embedded, tags };
}

function importCommand(family: Family): CommandSpec {
  const noun = FAMILY_NOUN[family];
  const formats = IMPORT_FORMATS[family];
  return {
    path: [family, 'keys', 'import'],
    summary: `import ${A_FAMILY_NOUN[family]} from a file`,
    positionals: [
      { name: 'FILE', required: true, description: 'the key file' },
      { name: 'KEY_ID', required: false, description: 'the identifier to import it under (default: one the server chooses)' },
    ],
    options: {
      'key-format': {
        type: 'string',
        short: 'f',
        value: 'FORMAT',
        description: `${formats.join(', ')} (default: json-ttlv${family === 'sym' ? '' : ', or PEM/DER when the file is not JSON'})`,
      },
      tag: { type: 'string', short: 't', multiple: true, value: 'TAG', description: 'a tag for the imported key (repeatable; replaces the tags in the file)' },
      replace: { type: 'boolean', short: 'r', description: 'replace an existing object with the same identifier' },
      unwrap: { type: 'boolean', short: 'u', description: 'unwrap a wrapped key on import (with the server key its wrapping names)' },
      ...(family === 'sym' ? { algorithm: { type: 'string' as const, short: 'a', value: 'ALG', description: 'aes or chacha20, for raw and base64 keys (default aes)' } } : {}),
    },
    examples: [`kms ${family} keys import key.json`, `kms ${family} keys import --tag restored --replace key.json my-key-id`],
    async run(ctx, args) {
      const path = reqPositional(args, 0, 'FILE');
      const keyId = positional(args, 1);
      const format = optChoice(args, 'key-format', formats);
      const algorithm = family === 'sym' ? (optChoice(args, 'algorithm', SYM_ALGORITHMS) ?? 'aes') : 'aes';
      const data = readInput(path, MAX_KEY_FILE);
      let r;
      try {
        const object = objectInput(family, format, data, path, algorithm);
        const attributes = attributesFor(object, strings(args, 'tag'));
        const input: ImportInput = {
          object,
          ...(keyId === undefined ? {} : { uniqueIdentifier: keyId }),
          ...(flag(args, 'replace') ? { replaceExisting: true } : {}),
          ...(flag(args, 'unwrap') ? { keyWrapType: 'NotWrapped' as const } : {}),
          ...(attributes === undefined ? {} : { attributes }),
        };
        r = { ...(await ctx.kms().import(input)), objectType: object.objectType };
      } finally {
        // The file's key bytes are not kept in this process longer than the request.
        data.fill(0);
      }
      return {
        text: `The ${noun} was imported.\n  Unique identifier: ${r.uniqueIdentifier}`,
        json: { unique_identifier: r.uniqueIdentifier, object_type: r.objectType },
      };
    },
  };
}

/** The import commands of the three families. */
export const KEY_IMPORT_COMMANDS: readonly CommandSpec[] = [importCommand('sym'), importCommand('rsa'), importCommand('ec')];
