/**
 * Reading and describing flag values: validation and conversion of raw text from a flag, a
 * variable or the configuration file, defaults, and the wording errors and `--help` use.
 * @module
 */

import { ConfigError } from './config-error.js';
import type { CpuCountDefault, FlagValue, SettingFlag, ValueKind, ValueSource } from './flags.js';

export const KIB = 1024;
export const MIB = 1024 * KIB;
export const GIB = 1024 * MIB;

/** Renders a byte count with the largest exact k/m/g suffix, as `--max-body-size` accepts it. */
export function formatSize(bytes: number): string {
  if (bytes > 0 && bytes % GIB === 0) return `${bytes / GIB}g`;
  if (bytes > 0 && bytes % MIB === 0) return `${bytes / MIB}m`;
  if (bytes > 0 && bytes % KIB === 0) return `${bytes / KIB}k`;
  return String(bytes);
}

/** Describes the values a flag accepts, for errors and `--help`. */
export function allowedText(value: ValueKind, source: ValueSource): string {
  switch (value.kind) {
    case 'integer':
      return `an integer between ${value.min} and ${value.max}`;
    case 'size':
      return `a size between ${formatSize(value.min)} and ${formatSize(value.max)} (bytes, or a number with suffix k, m or g)`;
    case 'enum':
      return `one of ${value.values.join(', ')}`;
    case 'string':
      return 'a non-empty string';
    case 'path':
      return 'a non-empty path';
    case 'boolean':
      // Bare flags mean true; the numeric forms are an environment-variable convention.
      return source === 'env' ? 'true, false, 1 or 0' : 'true or false';
  }
}

/** The flag's key in the configuration file: its name without dashes, words joined by underscores. */
export function fileKey(flag: SettingFlag): string {
  return flag.name.slice(2).replace(/-/g, '_');
}

/** How the configuration file spells a flag's place: `[http] port`, or a bare top-level key. */
export function fileKeyPath(flag: SettingFlag): string {
  return flag.section === null ? fileKey(flag) : `[${flag.section}] ${fileKey(flag)}`;
}

/** The name an error should use for a value from this source. */
export function sourceName(flag: SettingFlag, source: ValueSource): string {
  switch (source) {
    case 'flag':
      return flag.name;
    case 'env':
      return flag.env;
    case 'file':
      return fileKeyPath(flag);
  }
}

/** Quotes user text for an error message, escaping control characters and capping its length. */
export function quoteValue(raw: string): string {
  const shown = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
  return JSON.stringify(shown);
}

const INTEGER = /^[0-9]+$/;
const SIZE = /^([0-9]+)([kmg])?$/i;
const SIZE_FACTOR: Readonly<Record<string, number>> = { k: KIB, m: MIB, g: GIB };

function inRange(n: number, min: number, max: number): boolean {
  return Number.isSafeInteger(n) && n >= min && n <= max;
}

function parseBoolean(raw: string, source: ValueSource): boolean | undefined {
  const v = raw.toLowerCase();
  if (v === 'true' || (source === 'env' && v === '1')) return true;
  if (v === 'false' || (source === 'env' && v === '0')) return false;
  return undefined;
}

function convert(value: ValueKind, raw: string, source: ValueSource): FlagValue | undefined {
  switch (value.kind) {
    case 'integer': {
      if (!INTEGER.test(raw)) return undefined;
      const n = Number(raw);
      return inRange(n, value.min, value.max) ? n : undefined;
    }
    case 'size': {
      const m = SIZE.exec(raw);
      if (!m?.[1]) return undefined;
      const n = Number(m[1]) * (m[2] ? (SIZE_FACTOR[m[2].toLowerCase()] ?? 1) : 1);
      return inRange(n, value.min, value.max) ? n : undefined;
    }
    case 'enum':
      return value.values.includes(raw) ? raw : undefined;
    case 'string':
      return raw.trim() === '' ? undefined : raw;
    case 'path':
      // fs calls reject NUL bytes later with a far less helpful message.
      return raw === '' || raw.includes('\0') ? undefined : raw;
    case 'boolean':
      return parseBoolean(raw, source);
  }
}

/** Validates and converts one raw value, or throws a `ConfigError` naming the flag or variable. */
export function parseFlagValue(flag: SettingFlag, raw: string, source: ValueSource): FlagValue {
  const parsed = convert(flag.value, raw, source);
  if (parsed !== undefined) return parsed;
  const who = sourceName(flag, source);
  const allowed = allowedText(flag.value, source);
  if (flag.secret) throw new ConfigError(`${who}: the value given is not ${allowed}`);
  if (flag.value.kind === 'enum') {
    throw new ConfigError(`${who}: ${quoteValue(raw)} is not supported; supported values are ${flag.value.values.join(', ')}`);
  }
  throw new ConfigError(`${who}: ${quoteValue(raw)} is not ${allowed}`);
}

/** Parses a repeatable flag's values (or its variable's comma-separated list). */
export function parseFlagList(flag: SettingFlag, raws: readonly string[], source: ValueSource): string[] {
  const items = source === 'env' ? raws.flatMap((r) => r.split(',')).map((r) => r.trim()) : [...raws];
  return items.map((item) => {
    const v = parseFlagValue(flag, item, source);
    if (typeof v !== 'string') throw new Error(`internal: ${flag.name} lists must hold strings`);
    return v;
  });
}

function isCpuCountDefault(d: FlagValue | CpuCountDefault): d is CpuCountDefault {
  return typeof d === 'object' && d !== null && 'fromCpuCount' in d;
}

/** The flag's default; a CPU-count default is clamped into the flag's range so it is always valid. */
export function resolveDefault(flag: SettingFlag, cpuCount: number): FlagValue {
  if (!isCpuCountDefault(flag.default)) return flag.default;
  const { min, max } = flag.value.kind === 'integer' ? flag.value : { min: 1, max: Number.MAX_SAFE_INTEGER };
  const cpus = Number.isFinite(cpuCount) ? Math.floor(cpuCount) : min;
  return Math.min(max, Math.max(min, cpus));
}

/** How `--help` shows a flag's default. */
export function defaultLabel(flag: SettingFlag): string {
  if (isCpuCountDefault(flag.default)) return 'number of CPUs';
  if (flag.default === null) return 'none';
  if (Array.isArray(flag.default)) return flag.default.length === 0 ? 'none' : flag.default.join(',');
  if (flag.value.kind === 'size' && typeof flag.default === 'number') return formatSize(flag.default);
  return String(flag.default);
}
