/**
 * `kms certificates certify`: a certificate issued by the server, as `ckms certificates certify`
 * does it, from exactly one of a PKCS#10 request file (PEM or DER), a public key it holds, a
 * certificate it holds (renewed in place), or a key pair it generates. Without an issuer the
 * certificate is self-signed.
 * @module
 */
import { resolve } from 'node:path';
import { flag, optChoice, optInteger, optString } from '../args.js';
import { CliError, EXIT, usageError } from '../cli-error.js';
import { readInput } from '../files.js';
import { fields } from '../format.js';
import { MAX_CERTIFICATE_FILE } from './certificate-files.js';
import { parseSubjectName, SUBJECT_KEY_NAMES } from './certificate-subject.js';
import { isPem } from './key-files.js';
import { NEW_TAGS_OPTION, newTags } from './object-selection.js';
import type { AttributeFields } from '../../kmip/attribute-fields.js';
import type { CertificateRequestInput, CertifyInput } from '../../client/kms-inputs.js';
import type { CommandContext, CommandSpec, ParsedArgs } from '../command.js';

/** The key pairs `--generate-key-pair` makes, by `--algorithm`. */
const KEY_PAIRS: Readonly<Record<string, AttributeFields>> = {
  'nist-p256': { cryptographicAlgorithm: 'EC', cryptographicDomainParameters: { recommendedCurve: 'P256' } },
  'nist-p384': { cryptographicAlgorithm: 'EC', cryptographicDomainParameters: { recommendedCurve: 'P384' } },
  'nist-p521': { cryptographicAlgorithm: 'EC', cryptographicDomainParameters: { recommendedCurve: 'P521' } },
  'rsa-2048': { cryptographicAlgorithm: 'RSA', cryptographicLength: 2048 },
  'rsa-3072': { cryptographicAlgorithm: 'RSA', cryptographicLength: 3072 },
  'rsa-4096': { cryptographicAlgorithm: 'RSA', cryptographicLength: 4096 },
  ed25519: { cryptographicAlgorithm: 'Ed25519', cryptographicDomainParameters: { recommendedCurve: 'CURVEED25519' } },
};

const DEFAULT_ALGORITHM = 'rsa-4096';

// The longest validity asked for: a hundred years, far beyond any issuer's.
const MAX_DAYS = 36_500;

/** The modes, by the option that selects each. */
const MODES = ['csr-file', 'public-key-id-to-certify', 'certificate-id-to-re-certify', 'generate-key-pair'] as const;
type Mode = (typeof MODES)[number];

function modeOf(args: ParsedArgs): Mode {
  const given = MODES.filter((m) => (m === 'generate-key-pair' ? flag(args, m) : optString(args, m) !== undefined));
  if (given.length !== 1) {
    const what = given.length === 0 ? 'say what to certify' : 'give only one of';
    throw usageError(`${what} --csr-file, --public-key-id-to-certify, --certificate-id-to-re-certify or --generate-key-pair`);
  }
  const mode = given[0] ?? 'generate-key-pair';
  if (mode !== 'generate-key-pair' && optString(args, mode) === '') throw usageError(`--${mode} must not be empty`);
  return mode;
}

/** A request file, PEM or DER as its content says. */
function certificateRequest(ctx: CommandContext, file: string): CertificateRequestInput {
  const data = readInput(resolve(ctx.io.cwd, file), MAX_CERTIFICATE_FILE);
  if (data.length === 0) throw new CliError(EXIT.file, `${file}: empty certificate request`);
  return isPem(data) ? { type: 'PEM', value: data } : { type: 'PKCS10', value: data };
}

/** The subject, required where the server has no other source for it and refused where it would be ignored. */
function subjectFor(mode: Mode, args: ParsedArgs): Pick<CertifyInput, 'subject'> {
  const text = optString(args, 'subject-name');
  const needed = mode === 'generate-key-pair' || mode === 'public-key-id-to-certify';
  if (text === undefined) {
    if (needed) throw usageError(`--subject-name is required with --${mode}`);
    return {};
  }
  if (!needed) throw usageError(`--subject-name is not used with --${mode}: the subject comes from the ${mode === 'csr-file' ? 'request' : 'certificate'}`);
  return { subject: parseSubjectName(text) };
}

function extensionsFor(ctx: CommandContext, args: ParsedArgs): Pick<CertifyInput, 'extensions'> {
  const file = optString(args, 'certificate-extensions');
  if (file === undefined) return {};
  return { extensions: readInput(resolve(ctx.io.cwd, file), MAX_CERTIFICATE_FILE).toString('utf8') };
}

/** The command. */
export const CERTIFY_COMMAND: CommandSpec = {
  path: ['certificates', 'certify'],
  summary: 'issue a certificate: for a certificate request, a public key or a new key pair, or renew one',
  options: {
    'certificate-id': { type: 'string', value: 'ID', description: 'the unique identifier to give the new certificate (default: one the server generates)' },
    'csr-file': { type: 'string', short: 'r', value: 'FILE', description: 'certify this PKCS#10 certificate signing request (PEM or DER)' },
    'public-key-id-to-certify': { type: 'string', short: 'p', value: 'ID', description: 'certify this public key of the server (needs --subject-name)' },
    'certificate-id-to-re-certify': { type: 'string', short: 'n', value: 'ID', description: 'renew this certificate in place: same subject and key, new serial and validity' },
    'generate-key-pair': { type: 'boolean', short: 'g', description: 'generate a key pair and certify its public key (needs --subject-name)' },
    algorithm: { type: 'string', short: 'a', value: 'ALG', description: `the key pair to generate: ${Object.keys(KEY_PAIRS).join('|')} (default ${DEFAULT_ALGORITHM})` },
    'subject-name': { type: 'string', short: 's', value: 'DN', description: `the subject, e.g. "CN=www.acme.com,O=Acme,C=FR" (keys: ${SUBJECT_KEY_NAMES})` },
    'issuer-certificate-id': { type: 'string', short: 'i', value: 'ID', description: 'the issuer certificate (default: self-signed)' },
    'issuer-private-key-id': { type: 'string', short: 'k', value: 'ID', description: "the issuer's private key (default: the one linked to the issuer certificate)" },
    days: { type: 'string', short: 'd', value: 'DAYS', description: "validity in days (default 365; never past the issuer's expiry)" },
    'certificate-extensions': { type: 'string', short: 'e', value: 'FILE', description: 'an OpenSSL extension section (x509v3_config) to add, e.g. basicConstraints=critical,CA:TRUE' },
    tag: NEW_TAGS_OPTION,
  },
  examples: [
    'kms certificates certify -g -a nist-p384 -s "CN=Acme Root CA,O=Acme,C=FR" -e ca.ext -d 3650 -t root-ca',
    'kms certificates certify -r www.csr -i <ISSUER_CERTIFICATE_ID> -d 90',
    'kms certificates certify -p <PUBLIC_KEY_ID> -s "CN=svc.acme.com" -i <ISSUER_CERTIFICATE_ID>',
    'kms certificates certify -n <CERTIFICATE_ID> -d 365',
  ],
  async run(ctx, args) {
    const mode = modeOf(args);
    const algorithm = optChoice(args, 'algorithm', Object.keys(KEY_PAIRS));
    if (algorithm !== undefined && mode !== 'generate-key-pair') throw usageError('--algorithm is used only with --generate-key-pair');
    const id = optString(args, 'certificate-id');
    if (id === '') throw usageError('--certificate-id must not be empty');
    if (id !== undefined && mode === 'certificate-id-to-re-certify') throw usageError('a renewed certificate keeps its identifier; --certificate-id is not used with --certificate-id-to-re-certify');
    const tags = newTags(args);
    const attributes: AttributeFields = {
      ...(mode === 'generate-key-pair' ? KEY_PAIRS[algorithm ?? DEFAULT_ALGORITHM] : {}),
      ...(id === undefined ? {} : { uniqueIdentifier: id }),
      ...(tags.length === 0 ? {} : { tags }),
    };
    const days = optInteger(args, 'days', 1, MAX_DAYS);
    const issuerCertificateId = optString(args, 'issuer-certificate-id');
    const issuerPrivateKeyId = optString(args, 'issuer-private-key-id');
    const target = mode === 'public-key-id-to-certify' || mode === 'certificate-id-to-re-certify' ? optString(args, mode) : undefined;
    const csr = mode === 'csr-file' ? optString(args, mode) : undefined;
    const input: CertifyInput = {
      ...(target === undefined ? {} : { uniqueIdentifier: target }),
      ...(csr === undefined ? {} : { certificateRequest: certificateRequest(ctx, csr) }),
      ...subjectFor(mode, args),
      ...(issuerCertificateId === undefined ? {} : { issuerCertificateId }),
      ...(issuerPrivateKeyId === undefined ? {} : { issuerPrivateKeyId }),
      ...(days === undefined ? {} : { validityDays: days }),
      ...extensionsFor(ctx, args),
      attributes,
    };
    const r = await ctx.kms().certify(input);
    const renewed = mode === 'certificate-id-to-re-certify';
    return {
      text: fields(renewed ? 'The certificate was renewed.' : 'The certificate was issued.', [
        ['Unique identifier', r.uniqueIdentifier],
        ['Issuer', issuerCertificateId ?? issuerPrivateKeyId ?? (renewed ? undefined : 'self-signed')],
        ['Tags', tags.length === 0 ? undefined : tags.join(', ')],
      ]),
      json: { unique_identifier: r.uniqueIdentifier, tags },
    };
  },
};
