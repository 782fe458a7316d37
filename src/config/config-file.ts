/**
 * The TOML configuration file: where it is looked for, and how its keys map onto the flag table.
 * A key is the flag's name with underscores (`max_body_size`), written in the flag's table
 * (`[http]`, Cosmian's layout where it has the setting) or at the top level. Values arrive as the
 * same raw text a flag would carry, so one validator serves flags, variables and the file.
 * @module
 */

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './config-error.js';
import type { ConfigSection, SettingFlag } from './flags.js';
import { CONFIG_SECTIONS, SETTING_FLAGS } from './flags.js';
import { fileKey, fileKeyPath } from './flag-values.js';

/** The variable naming the file (Cosmian's), read when `--config` is not given. */
export const CONFIG_FILE_ENV = 'COSMIAN_KMS_CONF';

/** Read when neither `--config` nor the variable names a file, if it exists. */
export const DEFAULT_CONFIG_FILE = '/etc/cosmian_kms/server.toml';

/** The raw values a configuration file gives, by flag. */
export interface ConfigFile {
  readonly path: string;
  readonly values: ReadonlyMap<SettingFlag, readonly string[]>;
}

/** Largest file read: a configuration is a few kilobytes; anything bigger is a mistake. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The file to read: `--config`, else the variable, else the default path when it exists. A file
 * named explicitly must exist; null means no file.
 */
export function locateConfigFile(
  explicit: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  defaultPath: string | null,
): string | null {
  const named = explicit ?? (env[CONFIG_FILE_ENV] === '' ? undefined : env[CONFIG_FILE_ENV]);
  if (named !== undefined) {
    const who = explicit === undefined ? CONFIG_FILE_ENV : '--config';
    if (named.includes('\0')) throw new ConfigError(`${who}: not a valid path`);
    const path = resolve(cwd, named);
    if (!existsSync(path)) throw new ConfigError(`${who}: ${JSON.stringify(path)} does not exist`);
    return path;
  }
  return defaultPath !== null && existsSync(defaultPath) ? defaultPath : null;
}

function byPlace(): ReadonlyMap<string, SettingFlag> {
  const map = new Map<string, SettingFlag>();
  for (const flag of SETTING_FLAGS) map.set(`${flag.section ?? ''}.${fileKey(flag)}`, flag);
  return map;
}

function byKey(): ReadonlyMap<string, SettingFlag> {
  return new Map(SETTING_FLAGS.map((flag) => [fileKey(flag), flag]));
}

function isSection(name: string): name is ConfigSection {
  return (CONFIG_SECTIONS as readonly string[]).includes(name);
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** What a TOML value is, for errors that must not show the value itself. */
function tomlType(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (isTable(v)) return 'a table';
  if (typeof v === 'number') return Number.isInteger(v) ? 'an integer' : 'a float';
  return `a ${typeof v}`;
}

/** The raw text(s) a TOML value stands for, after checking its TOML type against the flag. */
function rawValues(flag: SettingFlag, v: unknown): string[] {
  const where = fileKeyPath(flag);
  if (flag.multiple === true) {
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((item): item is string => typeof item === 'string')) return v;
    throw new ConfigError(`${where}: expected a string or an array of strings, found ${tomlType(v)}`);
  }
  switch (flag.value.kind) {
    case 'integer':
      if (typeof v === 'number' && Number.isInteger(v)) return [String(v)];
      throw new ConfigError(`${where}: expected an integer, found ${tomlType(v)}`);
    case 'size':
      if (typeof v === 'number' && Number.isInteger(v)) return [String(v)];
      if (typeof v === 'string') return [v];
      throw new ConfigError(`${where}: expected a size (an integer of bytes, or a string such as "64m"), found ${tomlType(v)}`);
    case 'boolean':
      if (typeof v === 'boolean') return [String(v)];
      throw new ConfigError(`${where}: expected true or false, found ${tomlType(v)}`);
    case 'enum':
    case 'string':
    case 'path':
      if (typeof v === 'string') return [v];
      throw new ConfigError(`${where}: expected a string, found ${tomlType(v)}`);
  }
}

/** Maps a parsed document onto the flags; unknown tables and keys are errors, not silently ignored. */
function mapDocument(doc: Record<string, unknown>): Map<SettingFlag, readonly string[]> {
  const places = byPlace();
  const keys = byKey();
  const values = new Map<SettingFlag, readonly string[]>();
  const put = (flag: SettingFlag, v: unknown): void => {
    if (values.has(flag)) throw new ConfigError(`${fileKeyPath(flag)}: given both at the top level and in [${flag.section ?? ''}]`);
    values.set(flag, rawValues(flag, v));
  };
  for (const [name, v] of Object.entries(doc)) {
    if (isSection(name)) {
      if (!isTable(v)) throw new ConfigError(`${name}: expected the table [${name}], found ${tomlType(v)}`);
      for (const [key, inner] of Object.entries(v)) {
        const flag = places.get(`${name}.${key}`);
        if (flag === undefined) {
          const elsewhere = keys.get(key);
          const hint = elsewhere === undefined ? '' : `; it belongs in ${fileKeyPath(elsewhere).startsWith('[') ? `[${elsewhere.section ?? ''}]` : 'the top level'}`;
          throw new ConfigError(`[${name}] ${shownKey(key)}: unknown setting${hint}`);
        }
        put(flag, inner);
      }
    } else if (isTable(v)) {
      throw new ConfigError(`[${shownKey(name)}]: unknown table; the tables are ${CONFIG_SECTIONS.map((s) => `[${s}]`).join(', ')}`);
    } else {
      const flag = keys.get(name);
      if (flag === undefined) throw new ConfigError(`${shownKey(name)}: unknown setting`);
      put(flag, v);
    }
  }
  return values;
}

/** A key from the file, quoted when it is not a plain identifier. */
function shownKey(key: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(key) ? key : JSON.stringify(key.length > 64 ? `${key.slice(0, 61)}...` : key);
}

/** Reads and maps the file; every error names the file and never shows a value from it. */
export function readConfigFile(path: string): ConfigFile {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_FILE_BYTES) throw new ConfigError(`${path}: larger than 1 MiB, not a configuration file`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const reason = err instanceof TypeError ? 'not UTF-8 text' : err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
    throw new ConfigError(`${path}: cannot read the configuration file (${reason})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // The library's message goes on to quote the offending lines, which may hold a password.
    const what = (err.message.split('\n')[0] ?? '').replace(/^Invalid TOML document: /, '');
    throw new ConfigError(`${path}: line ${err.line}, column ${err.column}: invalid TOML: ${what}`);
  }
  try {
    return { path, values: mapDocument(doc) };
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${path}: ${err.message}`);
    throw err;
  }
}
