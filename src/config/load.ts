/**
 * Turns the command line, environment and configuration file into what the process should do:
 * run, print its configuration, or print help. Precedence is flag > environment variable >
 * configuration file > default (Cosmian ignores flags once a file is found; we let them override it).
 * @module
 */

import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { ActionFlag, FlagSpec, FlagValue, SettingFlag, SettingKey } from './flags.js';
import { ACTOR_RUNTIMES, DATABASE_TYPES, FLAGS, SETTING_FLAGS, isSettingFlag } from './flags.js';
import { allowedText, fileKeyPath, parseFlagList, parseFlagValue, quoteValue, resolveDefault } from './flag-values.js';
import type { ActorRuntimeKind, Config, DatabaseType, JwtIssuer, TlsSource } from './schema.js';
import type { ConfigFile } from './config-file.js';
import { DEFAULT_CONFIG_FILE, locateConfigFile, readConfigFile } from './config-file.js';
import { LOG_LEVELS, type LogLevel } from '../lib/logger.js';
import { socketServerSettings } from './socket-flags.js';

/** Where one setting's value came from. */
export type SettingOrigin =
  | { readonly kind: 'flag'; readonly name: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string; readonly key: string }
  | { readonly kind: 'default' };

/** The configuration and, for every setting, where its value came from. */
export interface LoadedConfig {
  readonly config: Config;
  /** The configuration file read, or null. */
  readonly file: string | null;
  readonly origins: ReadonlyMap<SettingKey, SettingOrigin>;
}

/** What the process was asked to do. */
export type Command =
  | ({ readonly action: 'run' } & LoadedConfig)
  | ({ readonly action: 'info' } & LoadedConfig)
  | { readonly action: 'help' };

/** Choices for tests and tools: where the default configuration file lives (null: none). */
export interface ParseOptions {
  readonly defaultConfigFile?: string | null;
}

/** The raw (unvalidated) values and actions found on the command line (several for a repeatable flag). */
interface ScannedArgv {
  readonly values: ReadonlyMap<SettingFlag, readonly string[]>;
  readonly actions: ReadonlySet<ActionFlag['action']>;
  /** The `--config` path as given. */
  readonly configFile: string | undefined;
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
  const values = new Map<SettingFlag, string[]>();
  const put = (flag: SettingFlag, raw: string): void => {
    values.set(flag, [...(values.get(flag) ?? []), raw]);
  };
  const actions = new Set<ActionFlag['action']>();
  let configFile: string | undefined;
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
    if (seen.has(flag) && !(isSettingFlag(flag) && flag.multiple === true)) throw new ConfigError(`${flag.name}: given more than once`);
    seen.add(flag);
    previous = flag;
    if (!isSettingFlag(flag) && flag.action === 'config') {
      const next = argv[i + 1];
      if (inline === undefined && (next === undefined || next.startsWith('--'))) throw new ConfigError(`${flag.name}: missing value (expected a path)`);
      configFile = inline ?? next;
      if (inline === undefined) i++;
    } else if (!isSettingFlag(flag)) {
      if (inline !== undefined) throw new ConfigError(`${flag.name}: takes no value`);
      actions.add(flag.action);
    } else if (flag.value.kind === 'boolean') {
      // A bare boolean flag means true; a separate "false" token would be ambiguous, so only "=" is read.
      put(flag, inline ?? 'true');
    } else if (inline !== undefined) {
      put(flag, inline);
    } else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        throw new ConfigError(`${flag.name}: missing value (expected ${allowedText(flag.value, 'flag')})`);
      }
      put(flag, next);
      i++;
    }
  }
  return { values, actions, configFile };
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
  constructor(private readonly values: ReadonlyMap<SettingKey, FlagValue>) {}

  private get(key: SettingKey): FlagValue {
    if (!this.values.has(key)) throw new Error(`internal: no flag sets ${key}`);
    return this.values.get(key) ?? null;
  }

  number(key: SettingKey): number {
    const value = this.get(key);
    if (typeof value !== 'number') throw new Error(`internal: ${key} is not a number`);
    return value;
  }

  string(key: SettingKey): string {
    const value = this.get(key);
    if (typeof value !== 'string') throw new Error(`internal: ${key} is not a string`);
    return value;
  }

  optionalString(key: SettingKey): string | null {
    const value = this.get(key);
    if (value !== null && typeof value !== 'string') throw new Error(`internal: ${key} is not a string`);
    return value;
  }

  list(key: SettingKey): readonly string[] | null {
    const value = this.get(key);
    if (value !== null && !Array.isArray(value)) throw new Error(`internal: ${key} is not a list`);
    return value;
  }

  boolean(key: SettingKey): boolean {
    const value = this.get(key);
    if (typeof value !== 'boolean') throw new Error(`internal: ${key} is not a boolean`);
    return value;
  }

  databaseType(key: SettingKey): DatabaseType {
    const value = this.get(key);
    if (!isDatabaseType(value)) throw new Error(`internal: ${key} is not a database type`);
    return value;
  }
}

/** The first set variable among a flag's environment names. */
function fromEnvironment(flag: SettingFlag, env: Readonly<Record<string, string | undefined>>): { name: string; value: string } | undefined {
  for (const name of [flag.env, ...(flag.envAliases ?? [])]) {
    const v = env[name];
    // An empty variable counts as unset: compose files and shells often export KMS_X= by accident.
    if (v !== undefined && v !== '') return { name, value: v };
  }
  return undefined;
}

/** A value from the configuration file; its errors name the file. */
function fromFile(flag: SettingFlag, file: ConfigFile, raws: readonly string[]): FlagValue {
  try {
    return flag.multiple === true ? parseFlagList(flag, raws, 'file') : parseFlagValue(flag, raws[0] ?? '', 'file');
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${file.path}: ${err.message}`);
    throw err;
  }
}

function resolveValues(
  given: ReadonlyMap<SettingFlag, readonly string[]>,
  env: Readonly<Record<string, string | undefined>>,
  file: ConfigFile | null,
  cpuCount: number,
): { values: Resolved; origins: Map<SettingKey, SettingOrigin> } {
  const values = new Map<SettingKey, FlagValue>();
  const origins = new Map<SettingKey, SettingOrigin>();
  for (const flag of SETTING_FLAGS) {
    const fromArgv = given.get(flag);
    const fromEnv = fromEnvironment(flag, env);
    const inFile = file?.values.get(flag);
    let value: FlagValue;
    let origin: SettingOrigin;
    if (fromArgv?.[0] !== undefined) {
      value = flag.multiple === true ? parseFlagList(flag, fromArgv, 'flag') : parseFlagValue(flag, fromArgv[0], 'flag');
      origin = { kind: 'flag', name: flag.name };
    } else if (fromEnv !== undefined) {
      value = flag.multiple === true ? parseFlagList(flag, [fromEnv.value], 'env') : parseFlagValue(flag, fromEnv.value, 'env');
      origin = { kind: 'env', name: fromEnv.name };
    } else if (file !== null && inFile !== undefined) {
      value = fromFile(flag, file, inFile);
      origin = { kind: 'file', path: file.path, key: fileKeyPath(flag) };
    } else {
      value = resolveDefault(flag, cpuCount);
      origin = { kind: 'default' };
    }
    values.set(flag.key, value);
    origins.set(flag.key, origin);
  }
  return { values: new Resolved(values), origins };
}

function buildConfig(values: Resolved, cwd: string): Config {
  const rootDataPath = resolve(cwd, values.string('rootDataPath'));
  const databaseType = values.databaseType('databaseType');
  const tls = tlsSource(values, cwd);
  const authorityCertFile = optionalPath(values.optionalString('authorityCertFile'), cwd);
  if (authorityCertFile !== null && tls === null) {
    throw new ConfigError('--authority-cert-file needs HTTPS: give --https-p12-file or --https-cert-file too');
  }
  const port = values.number('port');
  const socket = socketServerSettings(values, tls, authorityCertFile);
  const jwtIssuers = identityProviders(values);
  const apiTokenId = values.optionalString('apiTokenId');
  if (apiTokenId !== null && databaseType !== 'sqlite') {
    throw new ConfigError('--api-token-id needs --database-type sqlite: the token key lives in the shared database');
  }
  if (apiTokenId !== null && jwtIssuers.length > 0) {
    throw new ConfigError('--api-token-id and --jwt-issuer-uri exclude each other: choose one authentication method');
  }
  return Object.freeze({
    port,
    hostname: values.string('hostname'),
    databaseType,
    rootDataPath,
    // resolve() keeps an absolute sqlite path as given and puts a relative one under the root.
    sqlitePath: resolve(rootDataPath, values.string('sqlitePath')),
    defaultUsername: values.string('defaultUsername'),
    clearDatabase: values.boolean('clearDatabase'),
    workers: values.number('workers'),
    actorRuntime: actorRuntime(values.string('actorRuntime')),
    actorIdleTimeoutSeconds: values.number('actorIdleTimeoutSeconds'),
    maxOpenActors: values.number('maxOpenActors'),
    maxBodySize: values.number('maxBodySize'),
    wsMaxInFlight: values.number('wsMaxInFlight'),
    wsIdleTimeoutSeconds: values.number('wsIdleTimeoutSeconds'),
    wsHelloTimeoutSeconds: values.number('wsHelloTimeoutSeconds'),
    tls,
    authorityCertFile,
    ...socket,
    jwtIssuers,
    jwtUserClaim: values.string('jwtUserClaim'),
    apiTokenId,
    forceDefaultUsername: values.boolean('forceDefaultUsername'),
    privilegedUsers: values.list('privilegedUsers'),
    maxHeaderSize: values.number('maxHeaderSize'),
    maxJsonDepth: values.number('maxJsonDepth'),
    maxJsonNodes: values.number('maxJsonNodes'),
    rateLimitPerSecond: values.number('rateLimitPerSecond'),
    rateLimitBurst: values.number('rateLimitBurst'),
    newDatabaseRateLimit: values.number('newDatabaseRateLimit'),
    auditLog: optionalPath(values.optionalString('auditLog'), cwd),
    logLevel: logLevel(values.string('logLevel')),
    logFormat: values.string('logFormat') === 'text' ? 'text' : 'json',
  });
}

function actorRuntime(v: string): ActorRuntimeKind {
  const kind = ACTOR_RUNTIMES.find((k) => k === v);
  if (kind === undefined) throw new Error(`internal: ${v} is not an actor runtime`);
  return kind;
}

function logLevel(v: string): LogLevel {
  const level = LOG_LEVELS.find((l) => l === v);
  if (level === undefined) throw new Error(`internal: ${v} is not a log level`);
  return level;
}

function optionalPath(p: string | null, cwd: string): string | null {
  return p === null ? null : resolve(cwd, p);
}

/** PKCS#12 or PEM, never both, each complete. */
function tlsSource(values: Resolved, cwd: string): TlsSource | null {
  const p12 = optionalPath(values.optionalString('httpsP12File'), cwd);
  const password = values.optionalString('httpsP12Password');
  const cert = optionalPath(values.optionalString('httpsCertFile'), cwd);
  const key = optionalPath(values.optionalString('httpsKeyFile'), cwd);
  const chain = optionalPath(values.optionalString('httpsChainFile'), cwd);
  if (p12 !== null && (cert !== null || key !== null || chain !== null)) {
    throw new ConfigError('--https-p12-file excludes --https-cert-file, --https-key-file and --https-chain-file');
  }
  if (p12 !== null) {
    if (password === null) throw new ConfigError('--https-p12-file needs --https-p12-password (KMS_HTTPS_P12_PASSWORD)');
    return { kind: 'p12', file: p12, password };
  }
  if (password !== null) throw new ConfigError('--https-p12-password is given without --https-p12-file');
  if (cert === null && key === null) {
    if (chain !== null) throw new ConfigError('--https-chain-file needs --https-cert-file and --https-key-file');
    return null;
  }
  if (cert === null || key === null) throw new ConfigError('HTTPS with PEM files needs both --https-cert-file and --https-key-file');
  return { kind: 'pem', certFile: cert, keyFile: key, chainFile: chain };
}

/** Pairs each issuer with its key set URL and audience, given in the same order. */
function identityProviders(values: Resolved): JwtIssuer[] {
  const issuers = values.list('jwtIssuerUris') ?? [];
  const jwks = values.list('jwksUris') ?? [];
  const audiences = values.list('jwtAudiences') ?? [];
  if (issuers.length === 0 && (jwks.length > 0 || audiences.length > 0)) {
    throw new ConfigError('--jwks-uri and --jwt-audience need --jwt-issuer-uri');
  }
  if (jwks.length > 0 && jwks.length !== issuers.length) {
    throw new ConfigError(`--jwks-uri is given ${jwks.length} times for ${issuers.length} issuers: give one per --jwt-issuer-uri, in the same order, or none`);
  }
  if (audiences.length > 0 && audiences.length !== issuers.length) {
    throw new ConfigError(`--jwt-audience is given ${audiences.length} times for ${issuers.length} issuers: give one per --jwt-issuer-uri, in the same order, or none`);
  }
  return issuers.map((issuer, i) => {
    const jwksUri = jwks[i] ?? `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`;
    for (const [name, url] of [['--jwt-issuer-uri', issuer], ['--jwks-uri', jwksUri]] as const) {
      if (!URL.canParse(url)) throw new ConfigError(`${name}: ${quoteValue(url)} is not a URL`);
    }
    return Object.freeze({ issuer, jwksUri, audience: audiences[i] ?? null });
  });
}

/**
 * Parses the command line (without node and script), environment and configuration file into a
 * command; throws `ConfigError` on any invalid input. `--help` wins over everything once the
 * command line is well formed, and then values, variables and the file are not read.
 */
export function parseCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  cpuCount: number,
  options: ParseOptions = {},
): Command {
  const scanned = scanArgv(argv);
  if (scanned.actions.has('help')) return { action: 'help' };
  const path = locateConfigFile(scanned.configFile, env, cwd, options.defaultConfigFile === undefined ? DEFAULT_CONFIG_FILE : options.defaultConfigFile);
  const file = path === null ? null : readConfigFile(path);
  const { values, origins } = resolveValues(scanned.values, env, file, cpuCount);
  const config = buildConfig(values, cwd);
  return { action: scanned.actions.has('info') ? 'info' : 'run', config, file: path, origins };
}
