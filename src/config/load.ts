/**
 * Turns the command line and environment into what the process should do: run, print its
 * configuration, or print help. Precedence is flag > environment variable > default.
 * @module
 */

import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { ActionFlag, FlagSpec, FlagValue, SettingFlag } from './flags.js';
import {
  DATABASE_TYPES,
  FLAGS,
  SETTING_FLAGS,
  allowedText,
  isSettingFlag,
  parseFlagValue,
  quoteValue,
  resolveDefault,
} from './flags.js';
import type { Config, DatabaseType } from './schema.js';

/** What the process was asked to do. */
export type Command =
  | { readonly action: 'run'; readonly config: Config }
  | { readonly action: 'info'; readonly config: Config }
  | { readonly action: 'help' };

/** The raw (unvalidated) values and actions found on the command line. */
interface ScannedArgv {
  readonly values: ReadonlyMap<SettingFlag, string>;
  readonly actions: ReadonlySet<ActionFlag['action']>;
}

function flagsByName(): ReadonlyMap<string, FlagSpec> {
  const byName = new Map<string, FlagSpec>();
  for (const flag of FLAGS) {
    byName.set(flag.name, flag);
    if (!isSettingFlag(flag) && flag.alias !== undefined) byName.set(flag.alias, flag);
  }
  return byName;
}

/** Checks the command line's shape (known flags, values present, no repeats) without validating values. */
function scanArgv(argv: readonly string[]): ScannedArgv {
  const byName = flagsByName();
  const values = new Map<SettingFlag, string>();
  const actions = new Set<ActionFlag['action']>();
  const seen = new Set<FlagSpec>();
  let previous: FlagSpec | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (!token.startsWith('-') || token === '-' || token === '--') {
      const hint =
        previous && isSettingFlag(previous) && previous.value.kind === 'boolean'
          ? `; write ${previous.name}=true or ${previous.name}=false`
          : '';
      throw new ConfigError(`unexpected argument ${quoteValue(token)}: only --flags are accepted${hint} (see --help)`);
    }
    // Split at the first "=" only, and name just the part before it: the rest is a value.
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    const inline = eq === -1 ? undefined : token.slice(eq + 1);
    const flag = byName.get(name);
    if (flag === undefined) throw new ConfigError(`${quoteName(name)}: unknown flag (see --help)`);
    if (seen.has(flag)) throw new ConfigError(`${flag.name}: given more than once`);
    seen.add(flag);
    previous = flag;
    if (!isSettingFlag(flag)) {
      if (inline !== undefined) throw new ConfigError(`${flag.name}: takes no value`);
      actions.add(flag.action);
    } else if (flag.value.kind === 'boolean') {
      // A bare boolean flag means true; a separate "false" token would be ambiguous, so only "=" is read.
      values.set(flag, inline ?? 'true');
    } else if (inline !== undefined) {
      values.set(flag, inline);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ConfigError(`${flag.name}: missing value (expected ${allowedText(flag.value, 'flag')})`);
      }
      values.set(flag, next);
      i++;
    }
  }
  return { values, actions };
}

/** A flag name from the user, shown bare when it looks like one and quoted otherwise. */
function quoteName(name: string): string {
  return /^--?[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(name) ? name : quoteValue(name);
}

function isDatabaseType(value: FlagValue): value is DatabaseType {
  return typeof value === 'string' && (DATABASE_TYPES as readonly string[]).includes(value);
}

/** Reads typed values out of the resolved map; a mismatch means the flag table disagrees with `Config`. */
class Resolved {
  constructor(private readonly values: ReadonlyMap<keyof Config, FlagValue>) {}

  private get(key: keyof Config): FlagValue {
    const value = this.values.get(key);
    if (value === undefined) throw new Error(`internal: no flag sets config.${key}`);
    return value;
  }

  number(key: keyof Config): number {
    const value = this.get(key);
    if (typeof value !== 'number') throw new Error(`internal: config.${key} is not a number`);
    return value;
  }

  string(key: keyof Config): string {
    const value = this.get(key);
    if (typeof value !== 'string') throw new Error(`internal: config.${key} is not a string`);
    return value;
  }

  boolean(key: keyof Config): boolean {
    const value = this.get(key);
    if (typeof value !== 'boolean') throw new Error(`internal: config.${key} is not a boolean`);
    return value;
  }

  databaseType(key: keyof Config): DatabaseType {
    const value = this.get(key);
    if (!isDatabaseType(value)) throw new Error(`internal: config.${key} is not a database type`);
    return value;
  }
}

function resolveValues(
  given: ReadonlyMap<SettingFlag, string>,
  env: Readonly<Record<string, string | undefined>>,
  cpuCount: number,
): Resolved {
  const values = new Map<keyof Config, FlagValue>();
  for (const flag of SETTING_FLAGS) {
    const fromArgv = given.get(flag);
    const fromEnv = env[flag.env];
    let value: FlagValue;
    if (fromArgv !== undefined) value = parseFlagValue(flag, fromArgv, 'flag');
    // An empty variable counts as unset: compose files and shells often export KMS_X= by accident.
    else if (fromEnv !== undefined && fromEnv !== '') value = parseFlagValue(flag, fromEnv, 'env');
    else value = resolveDefault(flag, cpuCount);
    values.set(flag.key, value);
  }
  return new Resolved(values);
}

function buildConfig(values: Resolved, cwd: string): Config {
  const rootDataPath = resolve(cwd, values.string('rootDataPath'));
  return Object.freeze({
    port: values.number('port'),
    hostname: values.string('hostname'),
    databaseType: values.databaseType('databaseType'),
    rootDataPath,
    // resolve() keeps an absolute sqlite path as given and puts a relative one under the root.
    sqlitePath: resolve(rootDataPath, values.string('sqlitePath')),
    defaultUsername: values.string('defaultUsername'),
    clearDatabase: values.boolean('clearDatabase'),
    workers: values.number('workers'),
    actorIdleTimeoutSeconds: values.number('actorIdleTimeoutSeconds'),
    maxOpenActors: values.number('maxOpenActors'),
    maxBodySize: values.number('maxBodySize'),
    wsMaxInFlight: values.number('wsMaxInFlight'),
    wsIdleTimeoutSeconds: values.number('wsIdleTimeoutSeconds'),
    wsHelloTimeoutSeconds: values.number('wsHelloTimeoutSeconds'),
  });
}

/**
 * Parses the command line (without node and script) and environment into a command; throws
 * `ConfigError` on any invalid input. `--help` wins over everything once the command line is
 * well formed, and then values and environment variables are not validated.
 */
export function parseCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  cpuCount: number,
): Command {
  const scanned = scanArgv(argv);
  if (scanned.actions.has('help')) return { action: 'help' };
  const config = buildConfig(resolveValues(scanned.values, env, cpuCount), cwd);
  return { action: scanned.actions.has('info') ? 'info' : 'run', config };
}
