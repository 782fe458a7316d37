/**
 * What the key and file commands of the sym, rsa and ec families share: the family names, the
 * options that name a key (`--key-id/-k` or `--tag/-t`), `--force`, and the key reference the
 * server reads (an identifier, or a JSON array of tags naming exactly one object).
 * @module
 */
import { optString, strings } from '../args.js';
import { usageError } from '../cli-error.js';
import type { OptionSpec, ParsedArgs } from '../command.js';

/** A command family. */
export type Family = 'sym' | 'rsa' | 'ec';

/** The families, in help order. */
export const FAMILIES: readonly Family[] = ['sym', 'rsa', 'ec'];

/** How human output names a key of the family. */
export const FAMILY_NOUN: Readonly<Record<Family, string>> = { sym: 'symmetric key', rsa: 'RSA key', ec: 'EC key' };

/** The noun with its article, for help texts. */
export const A_FAMILY_NOUN: Readonly<Record<Family, string>> = { sym: 'a symmetric key', rsa: 'an RSA key', ec: 'an EC key' };

/** `--key-id/-k` and `--tag/-t`, described for the key they name. */
export function keyOptions(what: string): Readonly<Record<string, OptionSpec>> {
  return {
    'key-id': { type: 'string', short: 'k', value: 'ID', description: `the unique identifier of the ${what}` },
    tag: { type: 'string', short: 't', multiple: true, value: 'TAG', description: `a tag of the ${what} (repeatable; instead of --key-id, when exactly one object has all the tags)` },
  };
}

/** `--force`: replace an existing output file. */
export const FORCE_OPTION: Readonly<Record<string, OptionSpec>> = {
  force: { type: 'boolean', description: 'replace the output file if it exists' },
};

/** The key the options name, as the server reads it; undefined when neither is given. */
export function optKeyRef(a: ParsedArgs): string | undefined {
  const id = optString(a, 'key-id');
  const tags = strings(a, 'tag');
  if (id !== undefined && tags.length > 0) throw usageError('give either --key-id or --tag, not both');
  if (id !== undefined) {
    if (id === '') throw usageError('--key-id must not be empty');
    return id;
  }
  if (tags.length === 0) return undefined;
  if (tags.some((t) => t === '')) throw usageError('--tag must not be empty');
  return JSON.stringify(tags);
}

/** The key the options name; a usage error when neither option is given. */
export function keyRef(a: ParsedArgs): string {
  const ref = optKeyRef(a);
  if (ref === undefined) throw usageError('name the key with --key-id or --tag');
  return ref;
}
