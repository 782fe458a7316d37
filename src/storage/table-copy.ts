/**
 * Replaces the content of a database with that of another attached to the same connection, table
 * by table, in one transaction: the server's connection sees the old content or the new, never a
 * mix, and a failure anywhere leaves the old content whole.
 * @module
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { BackupError } from './backup-error.js';
import { countObjects } from './snapshot-db.js';

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function texts(rows: unknown[]): string[] {
  return rows.map((r) => {
    if (typeof r !== 'string') throw new BackupError('IO', 'a schema entry is unreadable');
    return r;
  });
}

/** Refuses unless both schemas hold exactly the same tables, indexes and definitions, at the same version. */
export function assertSameSchema(db: Database.Database, attached: string, file: string): void {
  const a = quoted(attached);
  const differences = (from: string, to: string): unknown =>
    db.prepare(`SELECT count(*) FROM (SELECT type, name, tbl_name, sql FROM ${from}.sqlite_schema EXCEPT SELECT type, name, tbl_name, sql FROM ${to}.sqlite_schema)`).pluck().get();
  const version = (schema: string): unknown => db.pragma(`${schema}.user_version`, { simple: true });
  const same = differences('main', a) === 0 && differences(a, 'main') === 0 && version('main') === version(a);
  if (!same) throw new BackupError('BACKUP_INVALID', `${file} does not have this server's database schema`);
}

/** The user tables of the main database, and their columns, in a fixed order. */
function tables(db: Database.Database): { readonly name: string; readonly columns: string }[] {
  const names = texts(db.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").pluck().all());
  return names.map((name) => ({
    name,
    columns: texts(db.prepare("SELECT name FROM pragma_table_info(?, 'main') ORDER BY cid").pluck().all(name)).map(quoted).join(', '),
  }));
}

/** Counts of objects before and after a replacement. */
export interface Replacement {
  readonly before: number;
  readonly after: number;
}

/**
 * Deletes every row of every table of `main` and copies in the attached database's rows, in one
 * IMMEDIATE transaction (it waits, up to the busy timeout, for a writer to finish first).
 */
export function replaceAllRows(db: Database.Database, attached: string): Replacement {
  const from = quoted(attached);
  const all = tables(db);
  return db.transaction((): Replacement => {
    // References are checked once, at commit, whatever order the tables are filled in.
    db.pragma('defer_foreign_keys = ON');
    const before = countObjects(db);
    for (const t of all) db.prepare(`DELETE FROM main.${quoted(t.name)}`).run();
    for (const t of all) db.prepare(`INSERT INTO main.${quoted(t.name)} (${t.columns}) SELECT ${t.columns} FROM ${from}.${quoted(t.name)}`).run();
    return { before, after: countObjects(db) };
  }).immediate();
}
