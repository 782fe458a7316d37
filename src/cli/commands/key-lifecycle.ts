/**
 * `kms sym|rsa|ec keys revoke|destroy` and `kms sym keys re-key`: the end of a key's life (for
 * RSA and EC keys the server revokes and destroys both keys of a pair), and its replacement.
 * @module
 */
import { flag, reqPositional } from '../args.js';
import { A_FAMILY_NOUN, FAMILY_NOUN, keyOptions, keyRef, type Family } from './crypto-options.js';
import type { CommandSpec } from '../command.js';

const PAIR_NOTE: Readonly<Record<Family, string>> = { sym: '', rsa: ' (and the other key of its pair)', ec: ' (and the other key of its pair)' };

function revokeCommand(family: Family): CommandSpec {
  const noun = FAMILY_NOUN[family];
  return {
    path: [family, 'keys', 'revoke'],
    summary: `revoke ${A_FAMILY_NOUN[family]}${PAIR_NOTE[family]}`,
    positionals: [{ name: 'REASON', required: true, description: 'why it is revoked (kept as the revocation message)' }],
    options: {
      ...keyOptions(noun),
      compromised: { type: 'boolean', description: 'the key is compromised (reason code KeyCompromise, occurred now) instead of Unspecified' },
    },
    examples: [`kms ${family} keys revoke --key-id 1d2c... "rotated"`, `kms ${family} keys revoke -k 1d2c... --compromised "laptop stolen"`],
    async run(ctx, args) {
      const message = reqPositional(args, 0, 'REASON');
      const compromised = flag(args, 'compromised');
      const r = await ctx.kms().revoke({
        uniqueIdentifier: keyRef(args),
        reasonCode: compromised ? 'KeyCompromise' : 'Unspecified',
        message,
        ...(compromised ? { compromiseOccurrenceDate: new Date() } : {}),
      });
      return {
        text: `The ${noun} ${r.uniqueIdentifier}${PAIR_NOTE[family]} was revoked${compromised ? ' as compromised' : ''}.`,
        json: { unique_identifier: r.uniqueIdentifier, reason_code: compromised ? 'KeyCompromise' : 'Unspecified' },
      };
    },
  };
}

function destroyCommand(family: Family): CommandSpec {
  const noun = FAMILY_NOUN[family];
  return {
    path: [family, 'keys', 'destroy'],
    summary: `destroy a revoked ${noun}${PAIR_NOTE[family]}`,
    options: keyOptions(noun),
    examples: [`kms ${family} keys destroy --key-id 1d2c...`],
    async run(ctx, args) {
      const r = await ctx.kms().destroy({ uniqueIdentifier: keyRef(args) });
      return {
        text: `The ${noun} ${r.uniqueIdentifier}${PAIR_NOTE[family]} was destroyed.`,
        json: { unique_identifier: r.uniqueIdentifier },
      };
    },
  };
}

const RE_KEY: CommandSpec = {
  path: ['sym', 'keys', 're-key'],
  summary: 'replace a symmetric key with a new one (same algorithm, size and tags) and print its identifier',
  options: keyOptions('symmetric key to replace'),
  examples: ['kms sym keys re-key --key-id 1d2c...'],
  async run(ctx, args) {
    const old = keyRef(args);
    const r = await ctx.kms().reKey({ uniqueIdentifier: old });
    return {
      text: `The symmetric key was re-keyed.\n  New unique identifier: ${r.uniqueIdentifier}`,
      json: { unique_identifier: r.uniqueIdentifier, replaced: old },
    };
  },
};

/** Revoke and destroy for each family, and re-key for symmetric keys. */
export const KEY_LIFECYCLE_COMMANDS: readonly CommandSpec[] = [
  ...(['sym', 'rsa', 'ec'] as const).flatMap((f) => [revokeCommand(f), destroyCommand(f)]),
  RE_KEY,
];
