/**
 * `kms certificates validate`: has the server check a certificate chain, given as identifiers of
 * certificates it holds and as certificate files, in any order. Prints Valid, Invalid or Unknown
 * (no trusted root in the chain); only Valid exits 0, the others exit as a failed verification.
 * @module
 */
import { resolve } from 'node:path';
import { optString, strings } from '../args.js';
import { EXIT, usageError } from '../cli-error.js';
import { readInput } from '../files.js';
import { MAX_CERTIFICATE_FILE, readCertificateFile } from './certificate-files.js';
import type { CommandSpec } from '../command.js';

// RFC 3339: a date, a time and an offset (Z or ±hh:mm).
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function validityTime(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const ms = RFC3339.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw usageError(`--validity-time must be an RFC 3339 time such as 2030-01-31T12:00:00Z, got ${JSON.stringify(text)}`);
  return new Date(ms);
}

/** The command. */
export const CERTIFICATE_VALIDATE_COMMAND: CommandSpec = {
  path: ['certificates', 'validate'],
  summary: 'check a certificate chain against its root (exit 0: Valid, 6: Invalid or Unknown)',
  options: {
    'certificate-id': { type: 'string', short: 'k', multiple: true, value: 'ID', description: 'a certificate of the chain held by the server (repeatable)' },
    'certificate-file': { type: 'string', short: 'v', multiple: true, value: 'FILE', description: 'a certificate of the chain in a PEM, DER or JSON TTLV file (repeatable)' },
    'validity-time': { type: 'string', short: 't', value: 'TIME', description: 'the moment the chain must be valid at, RFC 3339 (default: now)' },
  },
  examples: ['kms certificates validate -k <LEAF_ID> -k <ISSUER_ID> -k <ROOT_ID>', 'kms certificates validate -v leaf.pem -k <ROOT_ID> -T 2030-01-01T00:00:00Z'],
  async run(ctx, args) {
    const ids = strings(args, 'certificate-id');
    if (ids.some((id) => id === '')) throw usageError('--certificate-id must not be empty');
    const files = strings(args, 'certificate-file');
    if (ids.length === 0 && files.length === 0) throw usageError('give the chain with --certificate-id and/or --certificate-file');
    const at = validityTime(optString(args, 'validity-time'));
    const certificates = files.map((f) => {
      const path = resolve(ctx.io.cwd, f);
      return readCertificateFile(readInput(path, MAX_CERTIFICATE_FILE), path, undefined);
    });
    const r = await ctx.kms().validate({ certificates, uniqueIdentifiers: ids, ...(at === undefined ? {} : { validityTime: at }) });
    const valid = r.validityIndicator === 'Valid';
    return {
      text: r.validityIndicator,
      json: { valid, validity: r.validityIndicator },
      ...(valid ? {} : { exit: EXIT.invalid }),
    };
  },
};
