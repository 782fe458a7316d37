/**
 * `kms certificates export`: a certificate to a file, as the KMIP object in JSON TTLV (the
 * default, which `certificates import` reads back), PEM or DER; or, as PKCS#12, the private key
 * linked to the certificate (or named directly) with its certificate and chain, under a password.
 * @module
 */
import { flag, optChoice, optString, reqPositional } from '../args.js';
import { usageError } from '../cli-error.js';
import { writeOutput } from '../files.js';
import { FORCE_OPTION } from './crypto-options.js';
import { keyObjectJson, toPem } from './key-files.js';
import { selectedObject } from './object-selection.js';
import type { CommandContext, CommandSpec, ParsedArgs } from '../command.js';

const FORMATS = ['json-ttlv', 'pem', 'der', 'pkcs12'] as const;
type Format = (typeof FORMATS)[number];

const isText = (f: Format): boolean => f === 'json-ttlv' || f === 'pem';

/** The private key a PKCS#12 export is made of: --key-id, or the one linked to the certificate. */
async function pkcs12KeyId(ctx: CommandContext, args: ParsedArgs): Promise<string> {
  const keyId = optString(args, 'key-id');
  if (keyId !== undefined) {
    if (keyId === '') throw usageError('--key-id must not be empty');
    return keyId;
  }
  const certificate = selectedObject(args, 'certificate-id', 'certificate');
  const r = await ctx.kms().getAttributes({ uniqueIdentifier: certificate, references: ['Link'] });
  const linked = r.attributes.links?.find((l) => l.type === 'PrivateKeyLink')?.id;
  if (linked === undefined) throw usageError(`the certificate ${r.uniqueIdentifier} has no linked private key in the server; give --key-id`);
  return linked;
}

/** The bytes written, and what the output says about them. */
async function exported(ctx: CommandContext, args: ParsedArgs, format: Format): Promise<{ data: Uint8Array; about: Record<string, string> }> {
  if (format === 'pkcs12') {
    const password = optString(args, 'pkcs12-password');
    if (password === undefined || password === '') throw usageError('--pkcs12-password is required to export as pkcs12');
    const privateKeyId = await pkcs12KeyId(ctx, args);
    return { data: await ctx.kms().exportPkcs12({ privateKeyId, password }), about: { private_key_unique_identifier: privateKeyId } };
  }
  if (optString(args, 'pkcs12-password') !== undefined || optString(args, 'key-id') !== undefined) throw usageError('--pkcs12-password and --key-id are used only with --format pkcs12');
  const r = await ctx.kms().getCertificate({ uniqueIdentifier: selectedObject(args, 'certificate-id', 'certificate') });
  const data =
    format === 'json-ttlv' ? Buffer.from(keyObjectJson('Certificate', r.object)) : format === 'pem' ? Buffer.from(toPem('CERTIFICATE', r.certificate)) : r.certificate;
  return { data, about: { unique_identifier: r.uniqueIdentifier } };
}

/** The command. */
export const CERTIFICATE_EXPORT_COMMAND: CommandSpec = {
  path: ['certificates', 'export'],
  summary: 'export a certificate to a file (JSON TTLV by default), or its private key and chain as PKCS#12',
  positionals: [{ name: 'FILE', required: true, description: 'where to write it ("-" for stdout, json-ttlv and pem only)' }],
  options: {
    // No -c: it is the global --conf.
    'certificate-id': { type: 'string', value: 'ID', description: 'the unique identifier of the certificate' },
    tag: { type: 'string', short: 't', multiple: true, value: 'TAG', description: 'name the certificate by its tags instead (exactly one object must carry them all)' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: `${FORMATS.join(', ')} (default json-ttlv)` },
    'pkcs12-password': { type: 'string', short: 'p', value: 'PASSWORD', description: 'the password protecting the PKCS#12 file (pkcs12 only)' },
    'key-id': { type: 'string', short: 'k', value: 'ID', description: "pkcs12: the private key to export (default: the certificate's linked private key)" },
    ...FORCE_OPTION,
  },
  examples: [
    'kms certificates export --certificate-id <CERTIFICATE_ID> -f pem cert.pem',
    'kms certificates export --certificate-id <CERTIFICATE_ID> -f pkcs12 -p <PASSWORD> bundle.p12',
  ],
  async run(ctx, args) {
    const format = optChoice(args, 'format', FORMATS) ?? 'json-ttlv';
    const file = reqPositional(args, 0, 'FILE');
    if (file === '-' && !isText(format)) throw usageError(`${format} is binary; give a file name instead of "-"`);
    const { data, about } = await exported(ctx, args, format);
    if (file === '-') {
      const content = Buffer.from(data).toString('utf8');
      return { text: content, json: { ...about, format, content: format === 'json-ttlv' ? (JSON.parse(content) as unknown) : content } };
    }
    let where;
    try {
      where = writeOutput(file, data, flag(args, 'force'));
    } finally {
      // A PKCS#12 file holds a private key: not kept in this process longer than needed.
      if (format === 'pkcs12') data.fill(0);
    }
    const what = format === 'pkcs12' ? `The private key ${about['private_key_unique_identifier'] ?? ''} and its certificates were` : `The certificate ${about['unique_identifier'] ?? ''} was`;
    return { text: `${what} exported to ${where}`, json: { ...about, format, file: where } };
  },
};
