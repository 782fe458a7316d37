/**
 * Conversion between ObjectRecord and the `objects` row. Rows come back from the driver as
 * `unknown`, so every column is checked before it becomes a typed record.
 * @module
 */
import type { ObjectRecord, ObjectState } from './object-record.js';
import { StoreError } from './store-error.js';

/** Every state the store accepts, in KMIP lifecycle order. */
export const OBJECT_STATES: readonly ObjectState[] = [
  'PreActive',
  'Active',
  'Deactivated',
  'Compromised',
  'Destroyed',
  'Destroyed_Compromised',
];

/** Named parameters for the insert and update statements. */
export interface ObjectRowParams {
  readonly id: string;
  readonly object_type: string;
  readonly state: string;
  readonly owner: string;
  readonly cryptographic_algorithm: string | null;
  readonly cryptographic_length: number | null;
  readonly key_format_type: string | null;
  readonly object: string;
  readonly attributes: string;
  readonly created_at: number;
  readonly updated_at: number;
  readonly transition_at: number | null;
}

/** The columns `get` selects, in the order decodeObjectRow expects. */
export const OBJECT_COLUMNS =
  'id, object_type, state, owner, cryptographic_algorithm, cryptographic_length, key_format_type, ' +
  'object, attributes, created_at, updated_at, transition_at';

function isState(value: unknown): value is ObjectState {
  return typeof value === 'string' && (OBJECT_STATES as readonly string[]).includes(value);
}

function isSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Checks a record before writing it; a bad field is a caller bug, reported as RangeError. */
export function toRowParams(record: ObjectRecord): ObjectRowParams {
  if (!isState(record.state)) throw new RangeError('ObjectRecord.state is not a known object state');
  if (record.cryptographicLength !== null && !isSafeInteger(record.cryptographicLength)) {
    throw new RangeError('ObjectRecord.cryptographicLength must be an integer or null');
  }
  if (!isSafeInteger(record.createdAt) || !isSafeInteger(record.updatedAt)) {
    throw new RangeError('ObjectRecord timestamps must be integer milliseconds');
  }
  const transitionAt = record.transitionAt ?? null;
  if (transitionAt !== null && !isSafeInteger(transitionAt)) throw new RangeError('ObjectRecord.transitionAt must be integer milliseconds or null');
  return {
    id: record.id,
    object_type: record.objectType,
    state: record.state,
    owner: record.owner,
    cryptographic_algorithm: record.cryptographicAlgorithm,
    cryptographic_length: record.cryptographicLength,
    key_format_type: record.keyFormatType,
    object: record.object,
    attributes: record.attributes,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    transition_at: transitionAt,
  };
}

/** Distinct tags in a stable order, so a repeated tag cannot trip the (id, tag) key. */
export function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)].sort();
}

/** A row of the wrong shape means the file was altered outside this code. */
function badRow(message: string): StoreError {
  return new StoreError('DATABASE_CORRUPT', message);
}

function field(row: Record<string, unknown>, name: string): unknown {
  if (!(name in row)) throw badRow(`objects row lacks column ${name}`);
  return row[name];
}

function text(row: Record<string, unknown>, name: string): string {
  const value = field(row, name);
  if (typeof value !== 'string') throw badRow(`objects.${name} is not text`);
  return value;
}

function optionalText(row: Record<string, unknown>, name: string): string | null {
  const value = field(row, name);
  return value === null ? null : text(row, name);
}

function integer(row: Record<string, unknown>, name: string): number {
  const value = field(row, name);
  if (!isSafeInteger(value)) throw badRow(`objects.${name} is not an integer`);
  return value;
}

/** Decodes one `objects` row plus its tags; throws DATABASE_CORRUPT when a column has an unexpected type. */
export function decodeObjectRow(raw: unknown, tags: readonly string[]): ObjectRecord {
  if (typeof raw !== 'object' || raw === null) throw badRow('objects row is not an object');
  const row = raw as Record<string, unknown>;
  const state = field(row, 'state');
  if (!isState(state)) throw badRow('objects.state is not a known object state');
  const length = field(row, 'cryptographic_length');
  const transitionAt = field(row, 'transition_at');
  return {
    id: text(row, 'id'),
    objectType: text(row, 'object_type'),
    state,
    owner: text(row, 'owner'),
    cryptographicAlgorithm: optionalText(row, 'cryptographic_algorithm'),
    cryptographicLength: length === null ? null : integer(row, 'cryptographic_length'),
    keyFormatType: optionalText(row, 'key_format_type'),
    object: text(row, 'object'),
    attributes: text(row, 'attributes'),
    tags,
    createdAt: integer(row, 'created_at'),
    updatedAt: integer(row, 'updated_at'),
    // Omitted rather than null, so a record written without a schedule reads back unchanged.
    ...(transitionAt === null ? {} : { transitionAt: integer(row, 'transition_at') }),
  };
}

/** Decodes the `tag_list` column: a JSON array of the object's tags. */
export function decodeTagList(raw: unknown): string[] {
  const list = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['tag_list'] : undefined;
  if (typeof list !== 'string') throw badRow('tag_list is not text');
  const tags: unknown = JSON.parse(list);
  if (!Array.isArray(tags) || !tags.every((t): t is string => typeof t === 'string')) throw badRow('tag_list is not a list of text');
  return tags;
}

/** Decodes a single text column returned by a plucked statement. */
export function decodeText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw badRow(`${what} is not text`);
  return value;
}

/** Decodes a single integer column returned by a plucked statement. */
export function decodeInteger(value: unknown, what: string): number {
  if (!isSafeInteger(value)) throw badRow(`${what} is not an integer`);
  return value;
}
