/**
 * The versioned database schema. Each migration runs in its own transaction together with the
 * `PRAGMA user_version` bump, so a crash leaves the database at a whole version, never between.
 * @module
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './store-error.js';

/** One schema step; `version` is the user_version the database has after it ran. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** Every migration in order; append only, never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'objects, tags and access grants',
    // STRICT makes SQLite reject values of the wrong type instead of silently coercing them.
    sql: `
      CREATE TABLE objects (
        id TEXT NOT NULL PRIMARY KEY,
        object_type TEXT NOT NULL,
        state TEXT NOT NULL,
        owner TEXT NOT NULL,
        cryptographic_algorithm TEXT,
        cryptographic_length INTEGER,
        key_format_type TEXT,
        object TEXT NOT NULL,
        attributes TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX objects_owner_state ON objects (owner, state);
      CREATE INDEX objects_created ON objects (created_at, id);

      CREATE TABLE tags (
        id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (id, tag)
      ) WITHOUT ROWID, STRICT;
      CREATE INDEX tags_tag ON tags (tag);

      CREATE TABLE access_grants (
        id TEXT NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        operations TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(operations)),
        PRIMARY KEY (id, user_id)
      ) WITHOUT ROWID, STRICT;
      CREATE INDEX access_grants_user ON access_grants (user_id);
    `,
  },
  {
    version: 2,
    description: 'scheduled state transitions (activation and deactivation dates)',
    sql: `
      ALTER TABLE objects ADD COLUMN transition_at INTEGER;
      CREATE INDEX objects_transition ON objects (transition_at) WHERE transition_at IS NOT NULL;
    `,
  },
];

/** The schema version this code writes and understands. */
export const SCHEMA_VERSION: number = MIGRATIONS.length;

/** Reads `PRAGMA user_version` as a number. */
export function readSchemaVersion(db: Database.Database): number {
  const value: unknown = db.pragma('user_version', { simple: true });
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new StoreError('DATABASE_CORRUPT', 'Database schema version is unreadable');
  }
  return value;
}

/** Throws DATABASE_NEWER_SCHEMA when the database was written by newer code; reads only. */
export function assertSchemaKnown(db: Database.Database): number {
  const version = readSchemaVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new StoreError(
      'DATABASE_NEWER_SCHEMA',
      `Database schema version ${version} is newer than the supported version ${SCHEMA_VERSION}`,
    );
  }
  return version;
}

/** Applies every migration the database has not seen yet, one transaction each. */
export function migrate(db: Database.Database): void {
  const current = assertSchemaKnown(db);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    // IMMEDIATE takes the write lock up front, so two processes cannot both apply the same step.
    db.transaction(() => {
      if (readSchemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
