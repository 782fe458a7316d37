/**
 * `kms certificates import`: a certificate file (JSON TTLV, PEM or DER, told apart by content)
 * into the server, or a PKCS#12 bundle, which the server splits into a private key, its
 * certificate and its chain, linked; for a bundle the identifier printed is the private key's.
 * @module
 */
import { flag, optChoice, optString, reqPositional } from '../args.js';
import { usageError } from '../cli-error.js';
import { readInput } from '../files.js';
import { fields } from '../format.js';
import { MAX_CERTIFICATE_FILE, readCertificateFile } from './certificate-files.js';
import { NEW_TAGS_OPTION, newTags } from './object-selection.js';
import type { CommandSpec } from '../command.js';

const FORMATS = ['json-ttlv', 'pem', 'der', 'pkcs12'] as const;

/** The command. */
export const CERTIFICATE_IMPORT_COMMAND: CommandSpec = {
  path: ['certificates', 'import'],
  summary: 'import a certificate (JSON TTLV, PEM or DER) or a PKCS#12 bundle from a file',
  positionals: [{ name: 'FILE', required: true, description: 'the certificate or PKCS#12 file' }],
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', description: `${FORMATS.join(', ')} (default: told from the content; pkcs12 must be named)` },
    'pkcs12-password': { type: 'string', short: 'p', value: 'PASSWORD', description: 'the password of the PKCS#12 file (pkcs12 only)' },
    'certificate-id': { type: 'string', value: 'ID', description: "the identifier to import it under (pkcs12: the private key's; default: one the server chooses)" },
    tag: { ...NEW_TAGS_OPTION, description: 'tag the imported object (repeatable)' },
    replace: { type: 'boolean', short: 'r', description: 'replace an existing object with the same identifier' },
  },
  examples: ['kms certificates import cert.pem', 'kms certificates import -f pkcs12 -p <PASSWORD> -t web bundle.p12'],
  async run(ctx, args) {
    const path = reqPositional(args, 0, 'FILE');
    const format = optChoice(args, 'format', FORMATS);
    const id = optString(args, 'certificate-id');
    if (id === '') throw usageError('--certificate-id must not be empty');
    const password = optString(args, 'pkcs12-password');
    if (format !== 'pkcs12' && password !== undefined) throw usageError('--pkcs12-password is used only with --format pkcs12');
    const tags = newTags(args);
    const common = {
      ...(id === undefined ? {} : { uniqueIdentifier: id }),
      ...(flag(args, 'replace') ? { replaceExisting: true } : {}),
      ...(tags.length === 0 ? {} : { attributes: { tags } }),
    };
    const data = readInput(path, MAX_CERTIFICATE_FILE);
    if (format === 'pkcs12') {
      if (password === undefined) throw usageError('--pkcs12-password is required to import a pkcs12 file');
      let r;
      try {
        r = await ctx.kms().importPkcs12({ pkcs12: data, password, ...common });
      } finally {
        // The bundle holds a private key: not kept in this process longer than the request.
        data.fill(0);
      }
      return {
        text: fields('The PKCS#12 bundle was imported.', [['Private key unique identifier', r.uniqueIdentifier]]),
        json: { unique_identifier: r.uniqueIdentifier, object_type: 'PrivateKey' },
      };
    }
    const certificate = readCertificateFile(data, path, format);
    const r = await ctx.kms().import({ object: { objectType: 'Certificate', certificate }, ...common });
    return {
      text: fields('The certificate was imported.', [['Unique identifier', r.uniqueIdentifier]]),
      json: { unique_identifier: r.uniqueIdentifier, object_type: 'Certificate' },
    };
  },
};
