/**
 * Typed readers over parsed arguments; a missing or malformed value is a usage error.
 * @module
 */
import { bytesFromHex } from '../kmip/ttlv/hex.js';
import { usageError } from './cli-error.js';
import type { ParsedArgs } from './command.js';

/** A string option, if given. */
export function optString(a: ParsedArgs, name: string): string | undefined {
  const v = a.values[name];
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

/** A required string option. */
export function reqString(a: ParsedArgs, name: string): string {
  const v = optString(a, name);
  if (v === undefined || v === '') throw usageError(`--${name} is required`);
  return v;
}

/** Every value of a repeatable option. */
export function strings(a: ParsedArgs, name: string): string[] {
  const v = a.values[name];
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

/** A boolean flag. */
export function flag(a: ParsedArgs, name: string): boolean {
  return a.values[name] === true;
}

/** A whole number option within bounds, if given. */
export function optInteger(a: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const v = optString(a, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw usageError(`--${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return Number(v);
}

/** One of the allowed words, if given. */
export function optChoice<T extends string>(a: ParsedArgs, name: string, allowed: readonly T[]): T | undefined {
  const v = optString(a, name);
  if (v === undefined) return undefined;
  const hit = allowed.find((x) => x === v.toLowerCase());
  if (hit === undefined) throw usageError(`--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  return hit;
}

/** The positional at `index` (the parser already checked the required ones). */
export function positional(a: ParsedArgs, index: number): string | undefined {
  return a.positionals[index];
}

/** The positional at `index`, which the command declared required. */
export function reqPositional(a: ParsedArgs, index: number, name: string): string {
  const v = a.positionals[index];
  if (v === undefined || v === '') throw usageError(`${name} is required`);
  return v;
}

/** Hex bytes from the command line. */
export function hexBytes(text: string, name: string): Uint8Array {
  const bytes = bytesFromHex(text.replace(/^0x/i, ''));
  if (bytes === undefined) throw usageError(`${name} must be hex digits`);
  return bytes;
}
