/**
 * `kms locate`: the identifiers of the objects (owned or granted) matching every criterion given,
 * one per line, or a JSON array. Like the server, it finds Active objects unless `--state` says.
 * @module
 */
import { optInteger, optString, strings } from '../args.js';
import { usageError } from '../cli-error.js';
import { kmipName } from './kmip-names.js';
import { CRYPTOGRAPHIC_ALGORITHMS, KEY_FORMAT_TYPES, OBJECT_STATES, OBJECT_TYPES, type LinkType } from '../../kmip/enums.js';
import type { AttributeFields } from '../../kmip/attribute-fields.js';
import type { Link } from '../../kmip/links.js';
import type { CommandSpec, ParsedArgs } from '../command.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';

const LINK_OPTIONS: readonly (readonly [string, LinkType])[] = [
  ['public-key-id', 'PublicKeyLink'],
  ['private-key-id', 'PrivateKeyLink'],
  ['certificate-id', 'CertificateLink'],
];

/** The Locate attributes the options ask for. */
function criteria(args: ParsedArgs): AttributeFields {
  const tags = strings(args, 'tag');
  if (tags.some((t) => t === '')) throw usageError('a tag must not be empty');
  const algorithm = optString(args, 'algorithm');
  const format = optString(args, 'key-format-type');
  const type = optString(args, 'object-type');
  const length = optInteger(args, 'cryptographic-length', 1, 1 << 20);
  const links: Link[] = [];
  for (const [option, linkType] of LINK_OPTIONS) {
    const id = optString(args, option);
    if (id !== undefined) links.push({ type: linkType, id });
  }
  // Several states are sent as repeated State attributes: the server matches any of them.
  const states: TtlvNode[] = strings(args, 'state').map((s) => ({ tag: 'State', type: 'Enumeration', value: kmipName(s, OBJECT_STATES, '--state') }));
  return {
    ...(tags.length === 0 ? {} : { tags }),
    ...(algorithm === undefined ? {} : { cryptographicAlgorithm: kmipName(algorithm, CRYPTOGRAPHIC_ALGORITHMS, '--algorithm') }),
    ...(length === undefined ? {} : { cryptographicLength: length }),
    ...(format === undefined ? {} : { keyFormatType: kmipName(format, KEY_FORMAT_TYPES, '--key-format-type') }),
    ...(type === undefined ? {} : { objectType: kmipName(type, OBJECT_TYPES, '--object-type') }),
    ...(links.length === 0 ? {} : { links }),
    ...(states.length === 0 ? {} : { other: states }),
  };
}

/** The command. */
export const LOCATE_COMMANDS: readonly CommandSpec[] = [
  {
    path: ['locate'],
    summary: 'find objects by tags, algorithm, length, format, type, state or links',
    options: {
      tag: { type: 'string', short: 't', multiple: true, value: 'TAG', description: 'objects carrying this tag (all tags given must match)' },
      algorithm: { type: 'string', short: 'a', value: 'ALG', description: 'cryptographic algorithm: aes, chacha20, rsa, ec, ecdh, ed25519, hmac-sha256, ...' },
      'cryptographic-length': { type: 'string', short: 'l', value: 'BITS', description: 'key length in bits' },
      'key-format-type': { type: 'string', short: 'f', value: 'FORMAT', description: 'key format: raw, transparent-symmetric-key, pkcs1, pkcs8, transparent-ec-private-key, ...' },
      'object-type': { type: 'string', value: 'TYPE', description: 'symmetric-key, private-key, public-key, secret-data, certificate, ...' },
      'public-key-id': { type: 'string', value: 'ID', description: 'objects linked to this public key (its private key)' },
      'private-key-id': { type: 'string', value: 'ID', description: 'objects linked to this private key (its public key)' },
      'certificate-id': { type: 'string', value: 'ID', description: 'objects linked to this certificate' },
      state: { type: 'string', multiple: true, value: 'STATE', description: 'pre-active, active (the default), deactivated, compromised, destroyed, destroyed-compromised' },
    },
    examples: ['kms locate -t payments', 'kms locate -a aes -l 256 --object-type symmetric-key', 'kms locate --public-key-id 2a1b...'],
    async run(ctx, args) {
      const r = await ctx.kms().locate({ attributes: criteria(args) });
      return { text: r.uniqueIdentifiers.join('\n'), json: r.uniqueIdentifiers };
    },
  },
];
