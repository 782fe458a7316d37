/**
 * Help texts, generated from the command table so they cannot drift from it.
 * @module
 */
import { GLOBAL_OPTIONS } from './global-options.js';
import type { CommandSpec, OptionSpec } from './command.js';

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([name, o]) => {
    const head = `${o.short === undefined ? '    ' : `-${o.short}, `}--${name}${o.value === undefined ? '' : ` ${o.value}`}`;
    return [head, o.description + (o.multiple === true && !o.description.includes('repeatable') ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(0, ...rows.map(([h]) => h.length));
  return rows.map(([h, d]) => `  ${h.padEnd(width)}  ${d}`);
}

/** Help for one command. */
export function commandHelp(c: CommandSpec): string {
  const pos = (c.positionals ?? []).map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`) + (p.variadic === true ? '...' : ''));
  const lines = [`kms ${c.path.join(' ')}${c.options !== undefined && Object.keys(c.options).length > 0 ? ' [options]' : ''}${pos.length > 0 ? ` ${pos.join(' ')}` : ''}`, '', c.summary];
  if ((c.positionals ?? []).length > 0) {
    lines.push('', 'Arguments:');
    const width = Math.max(...(c.positionals ?? []).map((p) => p.name.length));
    for (const p of c.positionals ?? []) lines.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  }
  if (c.options !== undefined && Object.keys(c.options).length > 0) lines.push('', 'Options:', ...optionLines(c.options));
  if ((c.examples ?? []).length > 0) lines.push('', 'Examples:', ...(c.examples ?? []).map((e) => `  ${e}`));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  return lines.join('\n');
}

/** Help for a group of commands (`kms`, `kms sym`, `kms sym keys`). */
export function groupHelp(prefix: readonly string[], commands: readonly CommandSpec[]): string {
  const below = commands.filter((c) => prefix.every((w, i) => c.path[i] === w));
  const names = below.map((c) => c.path.slice(prefix.length).join(' '));
  const width = Math.max(0, ...names.map((n) => n.length));
  const lines = [
    `kms ${prefix.length === 0 ? '' : `${prefix.join(' ')} `}<command> [options]`,
    '',
    prefix.length === 0 ? 'A command-line client of the KMIP key management server.' : `The ${prefix.join(' ')} commands.`,
    '',
    'Commands:',
    ...below.map((c, i) => `  ${(names[i] ?? '').padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    `Run "kms ${prefix.length === 0 ? '' : `${prefix.join(' ')} `}<command> --help" for a command's options.`,
  ];
  return lines.join('\n');
}
