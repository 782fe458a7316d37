/**
 * Turns the command line and environment into what the process should do: run, print its
 * configuration, or print help. Precedence is flag > environment variable > default.
 * @module
 */

import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { ActionFlag, FlagSpec, FlagValue, SettingFlag, SettingKey } from './flags.js';
import {
  DATABASE_TYPES,
  FLAGS,
  SETTING_FLAGS,
  allowedText,
  isSettingFlag,
  parseFlagList,
  parseFlagValue,
  quoteValue,
  resolveDefault,
} from './flags.js';
import type { Config, DatabaseType, JwtIssuer, TlsSource } from './schema.js';

/** What the process was asked to do. */
export type Command =
  | { readonly action: 'run'; readonly config: Config }
  | { readonly action: 'info'; readonly config: Config }
  | { readonly action: 'help' };

/** The raw (unvalidated) values and actions found on the command line (several for a repeatable flag). */
interface ScannedArgv {
  readonly values: ReadonlyMap<SettingFlag, readonly string[]>;
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
  const values = new Map<SettingFlag, string[]>();
  const put = (flag: SettingFlag, raw: string): void => {
    values.set(flag, [...(values.get(flag) ?? []), raw]);
  };
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
    if (seen.has(flag) && !(isSettingFlag(flag) && flag.multiple === true)) throw new ConfigError(`${flag.name}: given more than once`);
    seen.add(flag);
    previous = flag;
    if (!isSettingFlag(flag)) {
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
function fromEnvironment(flag: SettingFlag, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const name of [flag.env, ...(flag.envAliases ?? [])]) {
    const v = env[name];
    // An empty variable counts as unset: compose files and shells often export KMS_X= by accident.
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

function resolveValues(
  given: ReadonlyMap<SettingFlag, readonly string[]>,
  env: Readonly<Record<string, string | undefined>>,
  cpuCount: number,
): Resolved {
  const values = new Map<SettingKey, FlagValue>();
  for (const flag of SETTING_FLAGS) {
    const fromArgv = given.get(flag);
    const fromEnv = fromEnvironment(flag, env);
    let value: FlagValue;
    if (flag.multiple === true) {
      if (fromArgv !== undefined) value = parseFlagList(flag, fromArgv, 'flag');
      else if (fromEnv !== undefined) value = parseFlagList(flag, [fromEnv], 'env');
      else value = resolveDefault(flag, cpuCount);
    } else if (fromArgv?.[0] !== undefined) value = parseFlagValue(flag, fromArgv[0], 'flag');
    else if (fromEnv !== undefined) value = parseFlagValue(flag, fromEnv, 'env');
    else value = resolveDefault(flag, cpuCount);
    values.set(flag.key, value);
  }
  return new Resolved(values);
}

function buildConfig(values: Resolved, cwd: string): Config {
  const rootDataPath = resolve(cwd, values.string('rootDataPath'));
  const databaseType = values.databaseType('databaseType');
  const tls = tlsSource(values, cwd);
  const authorityCertFile = optionalPath(values.optionalString('authorityCertFile'), cwd);
  if (authorityCertFile !== null && tls === null) {
    throw new ConfigError('--authority-cert-file needs HTTPS: give --https-p12-file or --https-cert-file too');
  }
  const jwtIssuers = identityProviders(values);
  const apiTokenId = values.optionalString('apiTokenId');
  if (apiTokenId !== null && databaseType !== 'sqlite') {
    throw new ConfigError('--api-token-id needs --database-type sqlite: the token key lives in the shared database');
  }
  if (apiTokenId !== null && jwtIssuers.length > 0) {
    throw new ConfigError('--api-token-id and --jwt-issuer-uri exclude each other: choose one authentication method');
  }
  return Object.freeze({
    port: values.number('port'),
    hostname: values.string('hostname'),
    databaseType,
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
    tls,
    authorityCertFile,
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
    auditLog: optionalPath(values.optionalString('auditLog'), cwd),
  });
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
