/**
 * Human-readable views of the flag table and of an effective configuration, all generated from
 * the table so a new flag shows up everywhere at once.
 * @module
 */

import type { FlagValue, SettingFlag, SettingKey, ValueKind } from './flags.js';
import { FLAGS, SETTING_FLAGS, isSettingFlag } from './flags.js';
import { allowedText, defaultLabel, fileKeyPath } from './flag-values.js';
import type { Config } from './schema.js';
import type { LoadedConfig, SettingOrigin } from './load.js';

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
    '       kms-server backup --output FILE [options]    (see kms-server backup --help)',
    '       kms-server restore --input FILE [options]',
    '',
    'A KMIP key management server: JSON TTLV (KMIP 2.1) over HTTP, wire-compatible with Cosmian KMS 4.19,',
    'and binary TTLV (KMIP 1.0 to 2.1) on POST /kmip and, with --socket-server-start, over TLS on port 5696.',
    'Each option can also be set by its environment variable, or in the TOML configuration file',
    '(key = the flag name with underscores, in the [table] shown). A flag wins over its variable,',
    'and both win over the file.',
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
        `      file: ${fileKeyPath(flag)}`,
      );
    } else {
      const value = flag.action === 'config' ? ' <path>' : '';
      lines.push(`  ${flag.alias === undefined ? '' : `${flag.alias}, `}${flag.name}${value}`, `      ${flag.description}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The flag name a summary uses for a setting: the long name without its dashes. */
function summaryKey(flag: SettingFlag): string {
  return flag.name.slice(2);
}

/** What a flag's setting ended up as, read back from the assembled configuration. */
export function settingValue(key: SettingKey, c: Config): FlagValue {
  switch (key) {
    case 'httpsP12File':
      return c.tls?.kind === 'p12' ? c.tls.file : null;
    case 'httpsP12Password':
      return c.tls?.kind === 'p12' ? c.tls.password : null;
    case 'httpsCertFile':
      return c.tls?.kind === 'pem' ? c.tls.certFile : null;
    case 'httpsKeyFile':
      return c.tls?.kind === 'pem' ? c.tls.keyFile : null;
    case 'httpsChainFile':
      return c.tls?.kind === 'pem' ? c.tls.chainFile : null;
    case 'jwtIssuerUris':
      return c.jwtIssuers.map((i) => i.issuer);
    case 'jwksUris':
      return c.jwtIssuers.map((i) => i.jwksUri);
    case 'jwtAudiences':
      return c.jwtIssuers.flatMap((i) => (i.audience === null ? [] : [i.audience]));
    case 'tls':
    case 'jwtIssuers':
      throw new Error(`internal: ${key} is assembled from several flags`);
    default:
      return c[key];
  }
}

function shown(flag: SettingFlag, value: FlagValue): FlagValue {
  return flag.secret === true && value !== null ? '[redacted]' : value;
}

function summaryValue(flag: SettingFlag, config: Config): string {
  const value = shown(flag, settingValue(flag.key, config));
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : JSON.stringify(value.join(','));
  if (typeof value === 'string') {
    // Quote anything that would break "key=value key=value" apart when read back.
    return value === '' || /[\s"=\\]/.test(value) ? JSON.stringify(value) : value;
  }
  if (flag.value.kind === 'integer' && flag.value.unit === 'seconds') return `${String(value)}s`;
  return String(value);
}

/** A one-line `key=value` summary of the effective configuration, for the startup log line. */
export function describeConfig(config: Config): string {
  return SETTING_FLAGS.map((flag) => `${summaryKey(flag)}=${summaryValue(flag, config)}`).join(' ');
}

/** Where a value came from, in words: `flag --port`, `env KMS_PORT`, `file /etc/x.toml [http] port`, `default`. */
export function describeOrigin(origin: SettingOrigin | undefined): string {
  switch (origin?.kind) {
    case 'flag':
    case 'env':
      return `${origin.kind} ${origin.name}`;
    case 'file':
      return `file ${origin.path} ${origin.key}`;
    case 'default':
    case undefined:
      return 'default';
  }
}

/**
 * The effective configuration as pretty JSON for `--info`: the file read, then every setting keyed
 * by flag name with its value and where the value came from.
 */
export function describeConfigJson(loaded: LoadedConfig): string {
  const settings: Record<string, { value: FlagValue; from: string }> = {};
  for (const flag of SETTING_FLAGS) {
    settings[summaryKey(flag)] = { value: shown(flag, settingValue(flag.key, loaded.config)), from: describeOrigin(loaded.origins.get(flag.key)) };
  }
  return JSON.stringify({ config_file: loaded.file, settings }, null, 2);
}
