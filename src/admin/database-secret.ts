/**
 * The database secret of an encrypted database, as the server's `KmsDatabaseSecret` header takes
 * it: base64 of `{"group_id":<decimal>,"key":"<64 hex>"}`, or Cosmian's base64 JSON array of 48
 * bytes (the big-endian 128-bit group id, then the key), decoded by the server's own decoder. Read
 * from `KMS_DATABASE_SECRET`, a file, or (visible in `ps`) a flag. No message repeats any part of it.
 * @module
 */
import fs from 'node:fs';
import { decodeDatabaseSecret, SecretFormatError, type DatabaseSecret } from '../lib/database-secret.js';
import { UsageError } from './usage-error.js';

/** Where the secret may come from. */
export interface SecretSources {
  readonly flag: string | undefined;
  readonly file: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The environment variable holding the secret. */
export const SECRET_ENV = 'KMS_DATABASE_SECRET';

/** Decodes a secret; `origin` names where it came from in errors. */
export function parseDatabaseSecret(text: string, origin: string): DatabaseSecret {
  let value = text.trim();
  // The answer of POST /new_database is a JSON string: saved as it came, it keeps its quotes.
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  try {
    return decodeDatabaseSecret(value);
  } catch (err) {
    if (err instanceof SecretFormatError) throw new UsageError(`${origin}: the database secret cannot be read: ${err.why}`);
    throw err;
  }
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
