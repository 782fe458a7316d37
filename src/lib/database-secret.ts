/**
 * The database secret of an encrypted database: base64 of either
 * `{"group_id":<decimal>,"key":"<64 hex>"}` or (Cosmian 4.4+) a JSON array of 48 bytes, the
 * big-endian 128-bit group id then the 32-byte key. Decoding only, shared by the gateway (the
 * `KmsDatabaseSecret` header) and the admin commands; no error repeats any part of a secret.
 * @module
 */

/** A decoded database secret. The caller owns `key` and must wipe it. */
export interface DatabaseSecret {
  readonly groupId: bigint;
  readonly key: Uint8Array;
}

/** Why a secret could not be decoded; `why` describes the form expected, never the value. */
export class SecretFormatError extends Error {
  constructor(readonly kind: 'empty' | 'not-base64' | 'malformed', readonly why: string) {
    super(why);
    this.name = 'SecretFormatError';
  }
}

const MAX_GROUP_ID = (1n << 128n) - 1n;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX64 = /^[0-9a-fA-F]{64}$/;
// Once JSON.parse accepted the text and the key is hex, this can only match the property itself.
const GROUP_ID_DIGITS = /"group_id"\s*:\s*(\d+)\s*[,}]/g;

function malformed(why: string): SecretFormatError {
  return new SecretFormatError('malformed', why);
}

function fromObject(json: string, o: Record<string, unknown>): DatabaseSecret {
  const keys = Object.keys(o);
  if (keys.length !== 2 || typeof o['group_id'] !== 'number' || typeof o['key'] !== 'string') {
    throw malformed('expected {"group_id": <integer>, "key": "<64 hex digits>"}');
  }
  if (!HEX64.test(o['key'])) throw malformed('the key must be 64 hexadecimal digits');
  // JSON.parse rounds integers above 2^53: take the digits from the text instead.
  const matches = [...json.matchAll(GROUP_ID_DIGITS)];
  const digits = matches.length === 1 ? matches[0]?.[1] : undefined;
  if (digits === undefined) throw malformed('group_id must be a non-negative integer');
  const groupId = BigInt(digits);
  if (groupId > MAX_GROUP_ID) throw malformed('group_id must fit in 128 bits');
  // Small Buffers live in a shared pool: copy the key out and wipe the pooled bytes.
  const pooled = Buffer.from(o['key'], 'hex');
  const key = Uint8Array.from(pooled);
  pooled.fill(0);
  return { groupId, key };
}

function fromByteArray(a: unknown[]): DatabaseSecret {
  if (a.length < 48 || !a.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw malformed('expected a JSON array of at least 48 bytes');
  }
  const bytes = a as number[];
  let groupId = 0n;
  for (let i = 0; i < 16; i++) groupId = (groupId << 8n) | BigInt(bytes[i] ?? 0);
  const key = Uint8Array.from(bytes.slice(16, 48));
  bytes.fill(0);
  return { groupId, key };
}

/** Decodes a secret (surrounding whitespace ignored); throws SecretFormatError. */
export function decodeDatabaseSecret(text: string): DatabaseSecret {
  const value = text.trim();
  if (value.length === 0) throw new SecretFormatError('empty', 'it is empty');
  if (!BASE64.test(value)) throw new SecretFormatError('not-base64', 'it is not standard base64');
  const json = Buffer.from(value, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw malformed('the decoded value is not JSON');
  }
  if (Array.isArray(parsed)) return fromByteArray(parsed);
  if (typeof parsed === 'object' && parsed !== null) return fromObject(json, parsed as Record<string, unknown>);
  throw malformed('expected a JSON object or array');
}

/** Encodes a secret in the object form `/new_database` returns. */
export function formatDatabaseSecret(groupId: bigint, key: Uint8Array): string {
  const pooled = Buffer.from(key);
  const json = `{"group_id":${groupId.toString()},"key":"${pooled.toString('hex')}"}`;
  pooled.fill(0);
  return Buffer.from(json, 'utf8').toString('base64');
}
