/**
 * Human-readable views of the flag table and of an effective configuration, all generated from
 * the table so a new flag shows up everywhere at once.
 * @module
 */

import type { SettingFlag, ValueKind } from './flags.js';
import { FLAGS, SETTING_FLAGS, allowedText, defaultLabel, isSettingFlag } from './flags.js';
import type { Config } from './schema.js';

function placeholder(value: ValueKind): string {
  switch (value.kind) {
    case 'integer':
      return value.unit === undefined ? ' <integer>' : ` <${value.unit}>`;
    case 'size':
      return ' <size>';
    case 'enum':
      return ` <${value.values.join('|')}>`;
    case 'string':
      return ' <text>';
    case 'path':
      return ' <path>';
    case 'boolean':
      return '[=true|false]';
  }
}

/** The `--help` text: usage line, then every flag with its variable, default and allowed values. */
export function helpText(): string {
  const lines = [
    'Usage: kms-server [options]',
    '',
    'A KMIP 2.1 key management server, wire-compatible with Cosmian KMS 4.19.',
    'Each option can also be set by its environment variable; a flag wins over its variable.',
    '',
    'Options:',
  ];
  for (const flag of FLAGS) {
    if (isSettingFlag(flag)) {
      lines.push(
        `  ${flag.name}${placeholder(flag.value)}`,
        `      ${flag.description}`,
        `      [env: ${flag.env}] [default: ${defaultLabel(flag)}]`,
        `      allowed: ${allowedText(flag.value, 'flag')}`,
      );
    } else {
      lines.push(`  ${flag.alias === undefined ? '' : `${flag.alias}, `}${flag.name}`, `      ${flag.description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The flag name a summary uses for a setting: the long name without its dashes. */
function summaryKey(flag: SettingFlag): string {
  return flag.name.slice(2);
}

function summaryValue(flag: SettingFlag, config: Config): string {
  const value = config[flag.key];
  if (typeof value === 'string') {
    // Quote anything that would break "key=value key=value" apart when read back.
    return value === '' || /[\s"=\\]/.test(value) ? JSON.stringify(value) : value;
  }
  if (flag.value.kind === 'integer' && flag.value.unit === 'seconds') return `${value}s`;
  return String(value);
}

/** A one-line `key=value` summary of the effective configuration, for the startup log line. */
export function describeConfig(config: Config): string {
  return SETTING_FLAGS.map((flag) => `${summaryKey(flag)}=${summaryValue(flag, config)}`).join(' ');
}

/** The effective configuration as pretty JSON keyed by flag name, for `--info`. */
export function describeConfigJson(config: Config): string {
  const out: Record<string, string | number | boolean> = {};
  for (const flag of SETTING_FLAGS) out[summaryKey(flag)] = config[flag.key];
  return JSON.stringify(out, null, 2);
}
