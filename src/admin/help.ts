/**
 * The `kms-server backup --help` and `kms-server restore --help` text.
 * @module
 */

/** Usage of both commands. */
export function adminHelpText(): string {
  return `Usage:
  kms-server backup --output FILE [--force] [server flags]
  kms-server restore --input FILE [server flags]

Back up one database to a file, or restore it from one, while the server keeps running.

backup writes a consistent snapshot of the database to FILE (owner-only, mode 0600), checked
before it gets its name. An encrypted database's backup stays encrypted under the database's
own key: a SQLCipher 4 file that only the database secret opens. A plain (sqlite) database's
backup is a plain SQLite file: whoever reads it reads every key, so protect it as the database.

restore replaces the database's whole content with the backup's in one transaction, while the
server keeps serving: requests see the old content or the restored one, never a mix. The file
is checked first: it must open with the database's key, be whole, and have a schema this server
knows; a refused file changes nothing. An encrypted database that does not exist yet is
created, so a lost server is rebuilt from its backups.

Options:
  --output FILE                backup: the file to write; an existing one is refused
  --force                      backup: replace an existing FILE
  --input FILE                 restore: the backup to read (it is never modified)
  --database-secret-file FILE  sqlite-enc: read the database secret from FILE
  --database-secret SECRET     sqlite-enc: the secret itself, which other users see in \`ps\`:
                               prefer KMS_DATABASE_SECRET or --database-secret-file
  -h, --help                   print this help

Environment:
  KMS_DATABASE_SECRET          sqlite-enc: the database secret, as /new_database returned it

Server flags:
  --database-type, --root-data-path and --sqlite-path (or their KMS_* variables, or the
  configuration file) locate the databases as they do for the server: give the ones it runs
  with. An encrypted database is the one its secret's group id names. Other server flags are
  accepted and ignored.

Exit status: 0 done, 1 failed (no backup written, the database unchanged), 2 invalid usage.
`;
}
