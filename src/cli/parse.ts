/**
 * Finds the command a line names and parses its options: global options may come anywhere,
 * unknown options and missing arguments are usage errors.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-error.js';
import { GLOBAL_OPTIONS } from './global-options.js';
import type { CommandSpec, OptionSpec, ParsedArgs } from './command.js';

/** What a command line asks for. */
export type Parsed =
  | { readonly kind: 'group'; readonly prefix: readonly string[]; readonly values: ParsedArgs['values'] }
  | { readonly kind: 'command'; readonly command: CommandSpec; readonly args: ParsedArgs };

function toParseArgs(options: Readonly<Record<string, OptionSpec>>): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(options)) {
    out[name] = { type: o.type, ...(o.short === undefined ? {} : { short: o.short }), ...(o.multiple === true ? { multiple: true } : {}) };
  }
  return out;
}

function takesValue(token: string, options: Readonly<Record<string, OptionSpec>>): boolean {
  if (token.includes('=')) return false;
  const spec = token.startsWith('--')
    ? options[token.slice(2)]
    : Object.values(options).find((o) => token.length === 2 && o.short === token.slice(1));
  return spec?.type === 'string';
}

/** Splits the command words from the rest of the line. */
export function parseLine(argv: readonly string[], commands: readonly CommandSpec[]): Parsed {
  const path: string[] = [];
  const rest: string[] = [];
  let command: CommandSpec | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (command !== undefined || token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      rest.push(token);
      if (takesValue(token, GLOBAL_OPTIONS) && i + 1 < argv.length) rest.push(argv[++i] ?? '');
      continue;
    }
    const next = [...path, token];
    const below = commands.filter((c) => next.every((w, k) => c.path[k] === w));
    if (below.length === 0) {
      const where = path.length === 0 ? '' : ` ${path.join(' ')}`;
      throw usageError(`unknown command "kms${where} ${token}"; run "kms${where} --help" for the list`);
    }
    path.push(token);
    command = below.find((c) => c.path.length === next.length);
  }
  const options = { ...GLOBAL_OPTIONS, ...(command?.options ?? {}) };
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: toParseArgs(options), allowPositionals: true, strict: true });
  } catch (e) {
    throw usageError(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}${command === undefined ? '' : `; run "kms ${command.path.join(' ')} --help"`}`);
  }
  const values = parsed.values as ParsedArgs['values'];
  if (command === undefined) {
    if (parsed.positionals.length > 0) throw usageError(`unknown command "kms ${[...path, ...parsed.positionals].join(' ')}"`);
    return { kind: 'group', prefix: path, values };
  }
  if (values['help'] !== true) checkPositionals(command, parsed.positionals);
  return { kind: 'command', command, args: { values, positionals: parsed.positionals } };
}

function checkPositionals(c: CommandSpec, given: readonly string[]): void {
  const specs = c.positionals ?? [];
  const required = specs.filter((p) => p.required).length;
  const name = `kms ${c.path.join(' ')}`;
  if (given.length < required) {
    throw usageError(`${name}: missing ${specs.slice(given.length, required).map((p) => `<${p.name}>`).join(' ')}; run "${name} --help"`);
  }
  const variadic = specs.at(-1)?.variadic === true;
  if (!variadic && given.length > specs.length) {
    throw usageError(`${name}: unexpected argument ${JSON.stringify(given[specs.length])}; run "${name} --help"`);
  }
}
