/**
 * The database secret of an encrypted database, as the server's `KmsDatabaseSecret` header takes
 * it: base64 of `{"group_id":<decimal>,"key":"<64 hex>"}`, or Cosmian's base64 JSON array of 48
 * bytes (the big-endian 128-bit group id, then the key). Read from `KMS_DATABASE_SECRET`, a file,
 * or (visible in `ps`) a flag. No message repeats any part of it.
 * @module
 */
import fs from 'node:fs';
import { UsageError } from './usage-error.js';

/** A decoded secret; the caller owns `key` and wipes it. */
export interface DatabaseSecret {
  readonly groupId: bigint;
  readonly key: Uint8Array;
}

/** Where the secret may come from. */
export interface SecretSources {
  readonly flag: string | undefined;
  readonly file: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The environment variable holding the secret. */
export const SECRET_ENV = 'KMS_DATABASE_SECRET';

const GROUP_ID_LIMIT = 1n << 128n;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX64 = /^[0-9a-fA-F]{64}$/;
// Once JSON.parse accepted the text and the key is hex, this can only match the property itself.
const GROUP_ID_DIGITS = /"group_id"\s*:\s*(\d+)\s*[,}]/g;

function unreadable(origin: string, why: string): UsageError {
  return new UsageError(`${origin}: the database secret cannot be read: ${why}`);
}

function fromObject(json: string, o: Record<string, unknown>, origin: string): DatabaseSecret {
  const key = o['key'];
  if (Object.keys(o).length !== 2 || typeof o['group_id'] !== 'number' || typeof key !== 'string') {
    throw unreadable(origin, 'expected {"group_id": <integer>, "key": "<64 hex digits>"}');
  }
  if (!HEX64.test(key)) throw unreadable(origin, 'the key must be 64 hexadecimal digits');
  // JSON.parse rounds integers above 2^53: the digits are taken from the text.
  const matches = [...json.matchAll(GROUP_ID_DIGITS)];
  const digits = matches.length === 1 ? matches[0]?.[1] : undefined;
  if (digits === undefined) throw unreadable(origin, 'group_id must be a non-negative integer');
  const groupId = BigInt(digits);
  if (groupId >= GROUP_ID_LIMIT) throw unreadable(origin, 'group_id must fit in 128 bits');
  // Small Buffers share a pool: the key is copied out and the pooled bytes wiped.
  const pooled = Buffer.from(key, 'hex');
  const bytes = Uint8Array.from(pooled);
  pooled.fill(0);
  return { groupId, key: bytes };
}

function fromByteArray(a: unknown[], origin: string): DatabaseSecret {
  if (a.length < 48 || !a.every((b): b is number => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw unreadable(origin, 'expected a JSON array of at least 48 bytes');
  }
  let groupId = 0n;
  for (const b of a.slice(0, 16)) groupId = (groupId << 8n) | BigInt(b);
  const key = Uint8Array.from(a.slice(16, 48));
  a.fill(0);
  return { groupId, key };
}

/** Decodes a secret; `origin` names where it came from in errors. */
export function parseDatabaseSecret(text: string, origin: string): DatabaseSecret {
  let value = text.trim();
  // The answer of POST /new_database is a JSON string: saved as it came, it keeps its quotes.
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (value.length === 0) throw unreadable(origin, 'it is empty');
  if (!BASE64.test(value)) throw unreadable(origin, 'it is not standard base64');
  const json = Buffer.from(value, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw unreadable(origin, 'the decoded value is not JSON');
  }
  if (Array.isArray(parsed)) return fromByteArray(parsed, origin);
  if (typeof parsed === 'object' && parsed !== null) return fromObject(json, parsed as Record<string, unknown>, origin);
  throw unreadable(origin, 'expected a JSON object or array');
}

function readSecretFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new UsageError(`--database-secret-file: cannot read ${file} (${code})`);
  }
}

/** The secret given, if any: a flag wins over the environment; both flags at once are refused. */
export function readDatabaseSecret(sources: SecretSources): DatabaseSecret | undefined {
  if (sources.flag !== undefined && sources.file !== undefined) {
    throw new UsageError('give the database secret once: --database-secret-file or --database-secret, not both');
  }
  if (sources.file !== undefined) return parseDatabaseSecret(readSecretFile(sources.file), `--database-secret-file ${sources.file}`);
  if (sources.flag !== undefined) return parseDatabaseSecret(sources.flag, '--database-secret');
  const fromEnv = sources.env[SECRET_ENV];
  // An empty variable counts as unset, as for the server's own variables.
  if (fromEnv !== undefined && fromEnv !== '') return parseDatabaseSecret(fromEnv, SECRET_ENV);
  return undefined;
}

/** Whether any source names a secret (without reading it). */
export function secretGiven(sources: SecretSources): string | undefined {
  if (sources.file !== undefined) return '--database-secret-file';
  if (sources.flag !== undefined) return '--database-secret';
  const fromEnv = sources.env[SECRET_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? SECRET_ENV : undefined;
}
