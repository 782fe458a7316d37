/**
 * `kms sym|rsa|ec keys export`: a key to a file, as the KMIP object in JSON TTLV (the default,
 * which `keys import` reads back), as PEM or DER, or as raw or base64 bytes; unwrapped or wrapped
 * by the server under another of its keys.
 * @module
 */
import { flag, optChoice, optString, reqPositional } from '../args.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { writeOutput } from '../files.js';
import { Kms } from '../../client/kms.js';
import { A_FAMILY_NOUN, FAMILY_NOUN, FORCE_OPTION, keyOptions, keyRef, type Family } from './crypto-options.js';
import { keyObjectJson, toPem } from './key-files.js';
import type { CommandSpec } from '../command.js';
import type { GetInput } from '../../client/kms-inputs.js';
import type { KeyFormatType } from '../../kmip/enums.js';

/** The formats `keys export` writes. */
export type ExportFormat =
  | 'json-ttlv' | 'raw' | 'base64'
  | 'pkcs8-pem' | 'pkcs8-der' | 'spki-pem' | 'spki-der' | 'pkcs1-pem' | 'pkcs1-der' | 'sec1-pem' | 'sec1-der';

/** The formats each family's keys can be exported in. */
export const EXPORT_FORMATS: Readonly<Record<Family, readonly ExportFormat[]>> = {
  sym: ['json-ttlv', 'raw', 'base64'],
  rsa: ['json-ttlv', 'pkcs8-pem', 'pkcs8-der', 'spki-pem', 'spki-der', 'pkcs1-pem', 'pkcs1-der'],
  ec: ['json-ttlv', 'pkcs8-pem', 'pkcs8-der', 'spki-pem', 'spki-der', 'sec1-pem', 'sec1-der', 'raw'],
};

// What the server is asked for: the KMIP format (none: its default) and, for PEM, the labels.
const KMIP_FORMAT: Readonly<Record<ExportFormat, KeyFormatType | undefined>> = {
  'json-ttlv': undefined,
  raw: 'Raw',
  base64: 'Raw',
  'pkcs8-pem': 'PKCS8',
  'pkcs8-der': 'PKCS8',
  'spki-pem': 'PKCS8',
  'spki-der': 'PKCS8',
  'pkcs1-pem': 'PKCS1',
  'pkcs1-der': 'PKCS1',
  'sec1-pem': 'ECPrivateKey',
  'sec1-der': 'ECPrivateKey',
};

const PEM_LABELS: Readonly<Record<string, { readonly PrivateKey?: string; readonly PublicKey?: string }>> = {
  pkcs8: { PrivateKey: 'PRIVATE KEY', PublicKey: 'PUBLIC KEY' },
  spki: { PublicKey: 'PUBLIC KEY' },
  pkcs1: { PrivateKey: 'RSA PRIVATE KEY', PublicKey: 'RSA PUBLIC KEY' },
  sec1: { PrivateKey: 'EC PRIVATE KEY' },
};

const isText = (f: ExportFormat): boolean => f === 'json-ttlv' || f === 'base64' || f.endsWith('-pem');

/** The bytes written for an exported key in a byte or PEM format. */
function encoded(format: ExportFormat, objectType: string, bytes: Uint8Array, wrapped: boolean): Uint8Array {
  if (format === 'base64') return Buffer.from(`${Buffer.from(bytes).toString('base64')}\n`);
  if (!format.endsWith('-pem')) return bytes;
  if (wrapped) throw usageError('a wrapped key has no PEM form; export it as json-ttlv or DER');
  const family = format.slice(0, format.indexOf('-'));
  const label = PEM_LABELS[family]?.[objectType as 'PrivateKey' | 'PublicKey'];
  if (label === undefined) throw new CliError(EXIT.usage, `a ${objectType} cannot be written as ${format}`);
  return Buffer.from(toPem(label, bytes));
}

function exportCommand(family: Family): CommandSpec {
  const noun = FAMILY_NOUN[family];
  const formats = EXPORT_FORMATS[family];
  return {
    path: [family, 'keys', 'export'],
    summary: `export ${A_FAMILY_NOUN[family]} to a file (JSON TTLV by default)`,
    positionals: [{ name: 'FILE', required: true, description: `where to write the key ("-" for stdout, text formats only)` }],
    options: {
      ...keyOptions(noun),
      'key-format': { type: 'string', short: 'f', value: 'FORMAT', description: `${formats.join(', ')} (default json-ttlv)` },
      unwrap: { type: 'boolean', short: 'u', description: 'export a key stored wrapped in the clear (unwrapped by the server)' },
      'wrap-key-id': { type: 'string', short: 'w', value: 'ID', description: 'have the server wrap the exported key with this key of its own' },
      ...FORCE_OPTION,
    },
    examples: [`kms ${family} keys export --key-id 1d2c... key.json`, `kms ${family} keys export -t backup -f ${formats[1] ?? 'json-ttlv'} key.out`],
    async run(ctx, args) {
      const format = optChoice(args, 'key-format', formats) ?? 'json-ttlv';
      const file = reqPositional(args, 0, 'FILE');
      const wrapKeyId = optString(args, 'wrap-key-id');
      if (wrapKeyId !== undefined && flag(args, 'unwrap')) throw usageError('give either --unwrap or --wrap-key-id, not both');
      if (file === '-' && !isText(format)) throw usageError(`${format} is binary; give a file name instead of "-"`);
      const input: GetInput = {
        uniqueIdentifier: keyRef(args),
        ...(KMIP_FORMAT[format] === undefined ? {} : { keyFormatType: KMIP_FORMAT[format] }),
        ...(flag(args, 'unwrap') ? { keyWrapType: 'NotWrapped' as const } : {}),
        // Byte formats are wrapped as the bytes themselves; JSON TTLV keeps the server's default encoding.
        ...(wrapKeyId === undefined ? {} : { wrapping: { wrappingKeyId: wrapKeyId, ...(format === 'json-ttlv' ? {} : { encodingOption: 'NoEncoding' as const }) } }),
      };
      const r = await ctx.kms().export(input);
      // A destroyed key comes back as an empty Opaque block.
      const m = r.keyBlock.material;
      const state = r.attributes.state;
      if (state === 'Destroyed' || state === 'Destroyed_Compromised' || (r.keyBlock.keyFormatType === 'Opaque' && m.kind === 'bytes' && m.bytes.length === 0)) {
        throw new CliError(EXIT.refused, `${r.uniqueIdentifier} was destroyed: no key material is left to export`);
      }
      if (format.startsWith('spki') && r.objectType !== 'PublicKey') throw usageError(`${r.uniqueIdentifier} is a ${r.objectType}; export its public key as ${format}`);
      const wrapped = r.keyBlock.wrapping !== undefined;
      const data = Buffer.from(format === 'json-ttlv' ? keyObjectJson(r.objectType, r.object) : encoded(format, r.objectType, Kms.bytesOf(r.keyBlock), wrapped));
      const about = { unique_identifier: r.uniqueIdentifier, object_type: r.objectType, key_format: format, wrapped };
      if (file === '-') {
        // Asked for on stdout: the key is the output (with --output json, inside the JSON).
        const key = data.toString('utf8');
        return { text: key, json: { ...about, key: format === 'json-ttlv' ? (JSON.parse(key) as unknown) : key } };
      }
      let where;
      try {
        where = writeOutput(file, data, flag(args, 'force'));
      } finally {
        data.fill(0);
      }
      return {
        text: `The ${noun} ${r.uniqueIdentifier} was exported${wrapped ? ' (wrapped)' : ''} to ${where}`,
        json: { ...about, file: where },
      };
    },
  };
}

/** The export commands of the three families. */
export const KEY_EXPORT_COMMANDS: readonly CommandSpec[] = [exportCommand('sym'), exportCommand('rsa'), exportCommand('ec')];
