/**
 * `kms-server backup` and `kms-server restore`: reads the command line, finds the database as the
 * server would, runs the backup or restore and reports it in one line. Failures are one line too,
 * never a stack trace, and no message carries the database secret or key.
 * @module
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import { parseCommand } from '../config/load.js';
import { BackupError } from '../storage/backup-error.js';
import { backupDatabase } from '../storage/backup.js';
import { databaseFileFor, PLAIN_DATABASE_FILE } from '../storage/database-files.js';
import { restoreDatabase } from '../storage/restore.js';
import { StoreError } from '../storage/store-error.js';
import { splitAdminArgs, type AdminArgs, type AdminCommand } from './admin-args.js';
import { readDatabaseSecret, SECRET_ENV, secretGiven } from './database-secret.js';
import { adminHelpText } from './help.js';
import { UsageError } from './usage-error.js';

/** Where the command writes and what it runs in; the process's by default. */
export interface AdminIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly cpuCount: number;
}

/** What to do, fully resolved. */
interface Job {
  readonly command: AdminCommand;
  /** The backup file (absolute). */
  readonly file: string;
  /** The live database file (absolute). */
  readonly database: string;
  readonly key: Uint8Array | undefined;
  readonly force: boolean;
}

function processIo(): AdminIo {
  return {
    out: (text) => { process.stdout.write(text); },
    err: (text) => { process.stderr.write(text); },
    cwd: process.cwd(),
    cpuCount: availableParallelism(),
  };
}

function resolveJob(args: AdminArgs, env: Readonly<Record<string, string | undefined>>, io: AdminIo): Job {
  if (args.file === undefined) throw new UsageError(`${args.command} needs ${args.command === 'backup' ? '--output FILE' : '--input FILE'}`);
  const parsed = parseCommand(args.serverArgv, env, io.cwd, io.cpuCount);
  if (parsed.action !== 'run') throw new UsageError(`--info is a server flag: ${args.command} prints what it did`);
  const { databaseType, sqlitePath } = parsed.config;
  const file = resolve(io.cwd, args.file);
  const sources = { flag: args.secret, file: args.secretFile, env };
  if (databaseType === 'sqlite') {
    const given = secretGiven(sources);
    if (given !== undefined) throw new UsageError(`${given}: a database secret is given but the database type is sqlite; an encrypted database needs --database-type sqlite-enc`);
    return { command: args.command, file, database: join(sqlitePath, PLAIN_DATABASE_FILE), key: undefined, force: args.force };
  }
  const secret = readDatabaseSecret(sources);
  if (secret === undefined) {
    throw new UsageError(`--database-type sqlite-enc needs the database secret: set ${SECRET_ENV} or give --database-secret-file FILE`);
  }
  return { command: args.command, file, database: databaseFileFor(sqlitePath, secret.groupId), key: secret.key, force: args.force };
}

function execute(job: Job, io: AdminIo): void {
  const started = performance.now();
  const keyOption = job.key === undefined ? {} : { key: job.key };
  if (job.command === 'backup') {
    const s = backupDatabase({ database: job.database, ...keyOption, output: job.file, replace: job.force });
    const kind = job.key === undefined ? 'a plain SQLite file: protect it as the database' : 'encrypted under the database key';
    io.out(`backup: wrote ${job.file}: ${s.objects} objects, ${s.bytes} bytes, ${kind} (${elapsed(started)})\n`);
    return;
  }
  const s = restoreDatabase({ database: job.database, ...keyOption, input: job.file });
  const before = s.created ? 'created it' : `it held ${s.objectsBefore}`;
  io.out(`restore: ${job.database} now holds the ${s.objects} objects of ${job.file} (${before}; ${elapsed(started)})\n`);
}

function elapsed(since: number): string {
  return `${Math.round(performance.now() - since)} ms`;
}

/** Prints a failure and returns the exit status; messages are ours, never a driver's raw text. */
function report(error: unknown, command: AdminCommand, io: AdminIo): number {
  if (error instanceof UsageError || error instanceof ConfigError) {
    io.err(`error: ${error.message}\nRun "kms-server ${command} --help" for the options.\n`);
    return 2;
  }
  if (error instanceof BackupError || error instanceof StoreError) {
    io.err(`error: ${command} failed: ${error.message}\n`);
    return 1;
  }
  const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
  io.err(`error: ${command} failed unexpectedly: ${error instanceof Error ? error.name : 'unknown error'}${code}\n`);
  return 1;
}

/** Runs one command line (the arguments after the command word); returns the exit status. */
export function runAdminCommand(
  command: AdminCommand,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: AdminIo = processIo(),
): number {
  let key: Uint8Array | undefined;
  try {
    const args = splitAdminArgs(command, argv);
    if (args.help) {
      io.out(adminHelpText());
      return 0;
    }
    const job = resolveJob(args, env, io);
    key = job.key;
    execute(job, io);
    return 0;
  } catch (error) {
    return report(error, command, io);
  } finally {
    key?.fill(0);
  }
}
