/**
 * Splits a backup or restore command line into the command's own flags and the server flags,
 * which go to the server's own parser so both read the databases from the same place.
 * @module
 */
import { UsageError } from './usage-error.js';

/** The two administration commands. */
export type AdminCommand = 'backup' | 'restore';

/** A command line, split. */
export interface AdminArgs {
  readonly command: AdminCommand;
  readonly help: boolean;
  /** `--output` of backup, `--input` of restore. */
  readonly file: string | undefined;
  /** backup only: replace an existing output file. */
  readonly force: boolean;
  /** `--database-secret`: visible to other users in `ps`, so only for completeness. */
  readonly secret: string | undefined;
  readonly secretFile: string | undefined;
  /** The remaining arguments: server flags (database type and paths, configuration file...). */
  readonly serverArgv: readonly string[];
}

type OwnFlag = 'file' | 'force' | 'secret' | 'secretFile' | 'help';

const SHARED: ReadonlyMap<string, OwnFlag> = new Map([
  ['--database-secret', 'secret'],
  ['--database-secret-file', 'secretFile'],
  ['--help', 'help'],
  ['-h', 'help'],
]);

const OWN: Readonly<Record<AdminCommand, ReadonlyMap<string, OwnFlag>>> = {
  backup: new Map([...SHARED, ['--output', 'file'], ['--force', 'force']]),
  restore: new Map([...SHARED, ['--input', 'file']]),
};

const TAKES_NO_VALUE: ReadonlySet<OwnFlag> = new Set(['force', 'help']);

/** Splits argv (after the command word); throws UsageError on a malformed own flag. */
export function splitAdminArgs(command: AdminCommand, argv: readonly string[]): AdminArgs {
  const own = OWN[command];
  const other = command === 'backup' ? OWN.restore : OWN.backup;
  const values = new Map<OwnFlag, string>();
  const flags = new Set<OwnFlag>();
  const serverArgv: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const flag = own.get(name);
    if (flag === undefined) {
      if (other.has(name)) throw new UsageError(`${name} is not a ${command} flag`);
      serverArgv.push(token);
      continue;
    }
    if (flags.has(flag)) throw new UsageError(`${name}: given more than once`);
    flags.add(flag);
    if (TAKES_NO_VALUE.has(flag)) {
      if (eq !== -1) throw new UsageError(`${name}: takes no value`);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = token.slice(eq + 1);
    } else {
      value = argv[i + 1];
      i++;
    }
    // No value is ever echoed: this one may be the secret.
    if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`${name}: missing value`);
    values.set(flag, value);
  }
  return {
    command,
    help: flags.has('help'),
    file: values.get('file'),
    force: flags.has('force'),
    secret: values.get('secret'),
    secretFile: values.get('secretFile'),
    serverArgv,
  };
}
