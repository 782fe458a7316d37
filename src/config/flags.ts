/**
 * The declarative table of every command-line flag. Parsing, defaults, `--help` and the startup
 * summary are all generated from it, so a flag cannot be half-added.
 * @module
 */

import { ConfigError } from './config-error.js';
import type { Config, DatabaseType } from './schema.js';
import { DEFAULTS } from './schema.js';
import { LOG_FORMATS, LOG_LEVELS } from '../lib/logger.js';

/** Database types this server implements; Cosmian's postgresql, mysql and redis-findex are not. */
export const DATABASE_TYPES: readonly DatabaseType[] = ['sqlite', 'sqlite-enc'];

/** How a flag's text value is validated and converted. */
export type ValueKind =
  | { readonly kind: 'integer'; readonly min: number; readonly max: number; readonly unit?: 'seconds' }
  | { readonly kind: 'size'; readonly min: number; readonly max: number }
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  | { readonly kind: 'string' }
  | { readonly kind: 'path' }
  | { readonly kind: 'boolean' };

/** A parsed flag value: null for an unset optional flag, a list for a repeatable one. */
export type FlagValue = string | number | boolean | readonly string[] | null;

/**
 * What a flag sets: a `Config` field, or one part of a composite field (the TLS source from the
 * `--https-*` flags, the identity providers from the `--jwt-*` lists) that load.ts assembles.
 */
export type SettingKey =
  | keyof Config
  | 'httpsP12File'
  | 'httpsP12Password'
  | 'httpsCertFile'
  | 'httpsKeyFile'
  | 'httpsChainFile'
  | 'jwtIssuerUris'
  | 'jwksUris'
  | 'jwtAudiences';

/** A default known only at startup: the number of CPUs, clamped into the flag's range. */
export interface CpuCountDefault {
  readonly fromCpuCount: true;
}

/** A flag that sets one `Config` field, from the command line or its environment variable. */
export interface SettingFlag {
  readonly name: `--${string}`;
  readonly env: `KMS_${string}`;
  /** Other variables read when `env` is unset (Cosmian's spellings). */
  readonly envAliases?: readonly `KMS_${string}`[];
  readonly key: SettingKey;
  /** The configuration file table holding it (`[db]`, `[http]`...), or null for the top level. */
  readonly section: ConfigSection | null;
  readonly value: ValueKind;
  /** null: the flag is optional and unset by default. */
  readonly default: FlagValue | CpuCountDefault;
  readonly description: string;
  /** Errors then describe what is allowed without echoing the value, and summaries redact it. */
  readonly secret?: boolean;
  /** The flag may be repeated (its variable takes a comma-separated list); the value is a list. */
  readonly multiple?: boolean;
}

/** The tables of the TOML configuration file: Cosmian's where it has the setting, ours otherwise. */
export type ConfigSection = 'db' | 'workspace' | 'http' | 'auth' | 'actors' | 'websocket' | 'logging';

/** Every table, in the order `--help` and the documentation list them. */
export const CONFIG_SECTIONS: readonly ConfigSection[] = ['db', 'workspace', 'http', 'auth', 'actors', 'websocket', 'logging'];

/** A flag that chooses what the process does instead of setting a value. */
export interface ActionFlag {
  readonly name: `--${string}`;
  readonly alias?: `-${string}`;
  /** 'config' names the configuration file and is the one action flag that takes a value. */
  readonly action: 'help' | 'info' | 'config';
  readonly description: string;
}

/** One row of the flag table. */
export type FlagSpec = SettingFlag | ActionFlag;

/** Where a raw value came from; it decides how errors name it and which booleans are accepted. */
export type ValueSource = 'flag' | 'env' | 'file';

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/** Every flag the server accepts, in `--help` order. */
export const FLAGS: readonly FlagSpec[] = [
  {
    name: '--database-type',
    env: 'KMS_DATABASE_TYPE',
    key: 'databaseType',
    section: 'db',
    value: { kind: 'enum', values: DATABASE_TYPES },
    default: DEFAULTS.databaseType,
    description: 'Storage mode: one shared sqlite database, or sqlite-enc (one encrypted database per group).',
  },
  {
    name: '--root-data-path',
    env: 'KMS_ROOT_DATA_PATH',
    key: 'rootDataPath',
    section: 'workspace',
    value: { kind: 'path' },
    default: DEFAULTS.rootDataPath,
    description: 'Root data directory; a relative path resolves against the working directory.',
  },
  {
    name: '--sqlite-path',
    env: 'KMS_SQLITE_PATH',
    key: 'sqlitePath',
    section: 'db',
    value: { kind: 'path' },
    default: DEFAULTS.sqlitePath,
    description: 'Directory holding the database files; a relative path resolves under --root-data-path.',
  },
  {
    name: '--clear-database',
    env: 'KMS_CLEAR_DATABASE',
    key: 'clearDatabase',
    section: 'db',
    value: { kind: 'boolean' },
    default: DEFAULTS.clearDatabase,
    description: 'Delete the databases in --sqlite-path at startup.',
  },
  {
    name: '--port',
    env: 'KMS_PORT',
    key: 'port',
    section: 'http',
    value: { kind: 'integer', min: 0, max: 65535 },
    default: DEFAULTS.port,
    description: 'HTTP port to listen on; 0 picks a free ephemeral port.',
  },
  {
    name: '--hostname',
    env: 'KMS_HOSTNAME',
    key: 'hostname',
    section: 'http',
    value: { kind: 'string' },
    default: DEFAULTS.hostname,
    description: 'Address to listen on.',
  },
  {
    name: '--default-username',
    env: 'KMS_DEFAULT_USERNAME',
    key: 'defaultUsername',
    section: null,
    value: { kind: 'string' },
    default: DEFAULTS.defaultUsername,
    description: 'User that unauthenticated requests act as.',
  },
  {
    name: '--workers',
    env: 'KMS_WORKERS',
    key: 'workers',
    section: 'actors',
    value: { kind: 'integer', min: 1, max: 256 },
    default: { fromCpuCount: true },
    description: 'Worker threads hosting the database actors.',
  },
  {
    name: '--actor-idle-timeout',
    env: 'KMS_ACTOR_IDLE_TIMEOUT',
    key: 'actorIdleTimeoutSeconds',
    section: 'actors',
    value: { kind: 'integer', min: 1, max: 604800, unit: 'seconds' },
    default: DEFAULTS.actorIdleTimeoutSeconds,
    description: 'Seconds a database actor may stay idle before it is closed.',
  },
  {
    name: '--max-open-actors',
    env: 'KMS_MAX_OPEN_ACTORS',
    key: 'maxOpenActors',
    section: 'actors',
    value: { kind: 'integer', min: 1, max: 1_000_000 },
    default: DEFAULTS.maxOpenActors,
    description: 'Open database actors allowed before the least recently used idle one is closed.',
  },
  {
    name: '--max-body-size',
    env: 'KMS_MAX_BODY_SIZE',
    key: 'maxBodySize',
    section: 'http',
    value: { kind: 'size', min: KIB, max: 2 * GIB },
    default: DEFAULTS.maxBodySize,
    description: 'Largest accepted request body: bytes, or a number with suffix k, m or g (KiB, MiB, GiB).',
  },
  {
    name: '--ws-max-in-flight',
    env: 'KMS_WS_MAX_IN_FLIGHT',
    key: 'wsMaxInFlight',
    section: 'websocket',
    value: { kind: 'integer', min: 1, max: 65_536 },
    default: DEFAULTS.wsMaxInFlight,
    description: 'Requests one WebSocket session may have running at once; later ones wait in order.',
  },
  {
    name: '--ws-idle-timeout',
    env: 'KMS_WS_IDLE_TIMEOUT',
    key: 'wsIdleTimeoutSeconds',
    section: 'websocket',
    value: { kind: 'integer', min: 1, max: 604800, unit: 'seconds' },
    default: DEFAULTS.wsIdleTimeoutSeconds,
    description: 'Seconds a WebSocket client may stay silent, answering no ping, before its session is closed.',
  },
  {
    name: '--ws-hello-timeout',
    env: 'KMS_WS_HELLO_TIMEOUT',
    key: 'wsHelloTimeoutSeconds',
    section: 'websocket',
    value: { kind: 'integer', min: 1, max: 300, unit: 'seconds' },
    default: DEFAULTS.wsHelloTimeoutSeconds,
    description: 'Seconds a WebSocket client without a secret header has to send its hello.',
  },
  {
    name: '--https-p12-file',
    env: 'KMS_HTTPS_P12_FILE',
    key: 'httpsP12File',
    section: 'http',
    value: { kind: 'path' },
    default: null,
    description: 'PKCS#12 file with the server certificate, chain and key: serve HTTPS and WSS (with --https-p12-password).',
  },
  {
    name: '--https-p12-password',
    env: 'KMS_HTTPS_P12_PASSWORD',
    key: 'httpsP12Password',
    section: 'http',
    value: { kind: 'string' },
    default: null,
    secret: true,
    description: 'Password of the PKCS#12 file.',
  },
  {
    name: '--https-cert-file',
    env: 'KMS_HTTPS_CERT_FILE',
    key: 'httpsCertFile',
    section: 'http',
    value: { kind: 'path' },
    default: null,
    description: 'PEM server certificate: serve HTTPS and WSS (needs --https-key-file).',
  },
  {
    name: '--https-key-file',
    env: 'KMS_HTTPS_KEY_FILE',
    key: 'httpsKeyFile',
    section: 'http',
    value: { kind: 'path' },
    default: null,
    description: 'PEM private key of the server certificate (unencrypted PKCS#8, PKCS#1 or SEC1).',
  },
  {
    name: '--https-chain-file',
    env: 'KMS_HTTPS_CHAIN_FILE',
    key: 'httpsChainFile',
    section: 'http',
    value: { kind: 'path' },
    default: null,
    description: 'PEM intermediate certificates sent after the server certificate.',
  },
  {
    name: '--authority-cert-file',
    env: 'KMS_AUTHORITY_CERT_FILE',
    key: 'authorityCertFile',
    section: 'http',
    value: { kind: 'path' },
    default: null,
    description: 'PEM CA certificates: clients must present a certificate they verify; its subject CN is the user.',
  },
  {
    name: '--jwt-issuer-uri',
    env: 'KMS_JWT_ISSUER_URI',
    key: 'jwtIssuerUris',
    section: 'auth',
    value: { kind: 'string' },
    default: [],
    multiple: true,
    description: 'Issuer of the JWTs that authenticate callers; repeat it for several identity providers.',
  },
  {
    name: '--jwks-uri',
    env: 'KMS_JWKS_URI',
    key: 'jwksUris',
    section: 'auth',
    value: { kind: 'string' },
    default: [],
    multiple: true,
    description: "Each issuer's JSON Web Key Set URL, in the same order (default: <issuer>/.well-known/jwks.json).",
  },
  {
    name: '--jwt-audience',
    env: 'KMS_JWT_AUDIENCE',
    envAliases: ['KMS_JST_AUDIENCE'],
    key: 'jwtAudiences',
    section: 'auth',
    value: { kind: 'string' },
    default: [],
    multiple: true,
    description: "The audience each issuer's tokens must name, in the same order (default: any).",
  },
  {
    name: '--jwt-user-claim',
    env: 'KMS_JWT_USER_CLAIM',
    key: 'jwtUserClaim',
    section: 'auth',
    value: { kind: 'string' },
    default: DEFAULTS.jwtUserClaim,
    description: 'The JWT claim that names the user.',
  },
  {
    name: '--api-token-id',
    env: 'KMS_API_TOKEN',
    key: 'apiTokenId',
    section: 'http',
    value: { kind: 'string' },
    default: null,
    description: 'Symmetric key in the KMS whose bytes authenticate clients: "Authorization: Bearer <base64>" (sqlite only).',
  },
  {
    name: '--force-default-username',
    env: 'KMS_FORCE_DEFAULT_USERNAME',
    key: 'forceDefaultUsername',
    section: null,
    value: { kind: 'boolean' },
    default: DEFAULTS.forceDefaultUsername,
    description: 'Authenticated callers all act as --default-username.',
  },
  {
    name: '--privileged-users',
    env: 'KMS_PRIVILEGED_USERS',
    key: 'privilegedUsers',
    section: null,
    value: { kind: 'string' },
    default: null,
    multiple: true,
    description: 'Only these users may create or import objects; repeat the flag (its variable takes a comma-separated list).',
  },
  {
    name: '--max-header-size',
    env: 'KMS_MAX_HEADER_SIZE',
    key: 'maxHeaderSize',
    section: 'http',
    // uWebSockets.js drops connections whose headers pass 4 KiB (a compile-time cap), so that is the ceiling.
    value: { kind: 'size', min: KIB, max: 4 * KIB },
    default: DEFAULTS.maxHeaderSize,
    description: 'Largest total size of a request\'s headers (at most 4k); larger requests get 431.',
  },
  {
    name: '--max-json-depth',
    env: 'KMS_MAX_JSON_DEPTH',
    key: 'maxJsonDepth',
    section: 'http',
    value: { kind: 'integer', min: 8, max: 1024 },
    default: DEFAULTS.maxJsonDepth,
    description: 'Deepest JSON TTLV nesting a request may have.',
  },
  {
    name: '--max-json-nodes',
    env: 'KMS_MAX_JSON_NODES',
    key: 'maxJsonNodes',
    section: 'http',
    value: { kind: 'integer', min: 100, max: 10_000_000 },
    default: DEFAULTS.maxJsonNodes,
    description: 'Most JSON TTLV items one request may hold.',
  },
  {
    name: '--rate-limit-per-second',
    env: 'KMS_RATE_LIMIT_PER_SECOND',
    key: 'rateLimitPerSecond',
    section: 'http',
    value: { kind: 'integer', min: 0, max: 10_000_000 },
    default: DEFAULTS.rateLimitPerSecond,
    description: 'Average requests (HTTP or WebSocket messages) per second per client address; 0 turns it off.',
  },
  {
    name: '--rate-limit-burst',
    env: 'KMS_RATE_LIMIT_BURST',
    key: 'rateLimitBurst',
    section: 'http',
    value: { kind: 'integer', min: 1, max: 10_000_000 },
    default: DEFAULTS.rateLimitBurst,
    description: 'Requests a client may make at once above the average rate before getting 429.',
  },
  {
    name: '--log-level',
    env: 'KMS_LOG_LEVEL',
    key: 'logLevel',
    section: 'logging',
    value: { kind: 'enum', values: LOG_LEVELS },
    default: DEFAULTS.logLevel,
    description: 'The least severe log lines written (worker threads follow it).',
  },
  {
    name: '--log-format',
    env: 'KMS_LOG_FORMAT',
    key: 'logFormat',
    section: 'logging',
    value: { kind: 'enum', values: LOG_FORMATS },
    default: DEFAULTS.logFormat,
    description: 'Log lines as JSON objects (for log collectors) or as text; secret-looking fields are redacted in both.',
  },
  {
    name: '--audit-log',
    env: 'KMS_AUDIT_LOG',
    key: 'auditLog',
    section: 'logging',
    value: { kind: 'path' },
    default: null,
    description: 'Append a JSON line per operation (time, user, database, operation, object, result) here.',
  },
  {
    name: '--config',
    alias: '-c',
    action: 'config',
    description: 'TOML file with these settings (else $COSMIAN_KMS_CONF, else /etc/cosmian_kms/server.toml); flags win.',
  },
  { name: '--info', action: 'info', description: 'Print the effective configuration as JSON, with where each value came from, and exit.' },
  { name: '--help', alias: '-h', action: 'help', description: 'Print this help and exit.' },
];

/** Tells setting flags from action flags. */
export function isSettingFlag(flag: FlagSpec): flag is SettingFlag {
  return 'key' in flag;
}

/** The flags that set a `Config` field, in table order. */
export const SETTING_FLAGS: readonly SettingFlag[] = FLAGS.filter(isSettingFlag);

/** Renders a byte count with the largest exact k/m/g suffix, as `--max-body-size` accepts it. */
export function formatSize(bytes: number): string {
  if (bytes > 0 && bytes % GIB === 0) return `${bytes / GIB}g`;
  if (bytes > 0 && bytes % MIB === 0) return `${bytes / MIB}m`;
  if (bytes > 0 && bytes % KIB === 0) return `${bytes / KIB}k`;
  return String(bytes);
}

/** Describes the values a flag accepts, for errors and `--help`. */
export function allowedText(value: ValueKind, source: ValueSource): string {
  switch (value.kind) {
    case 'integer':
      return `an integer between ${value.min} and ${value.max}`;
    case 'size':
      return `a size between ${formatSize(value.min)} and ${formatSize(value.max)} (bytes, or a number with suffix k, m or g)`;
    case 'enum':
      return `one of ${value.values.join(', ')}`;
    case 'string':
      return 'a non-empty string';
    case 'path':
      return 'a non-empty path';
    case 'boolean':
      // Bare flags mean true; the numeric forms are an environment-variable convention.
      return source === 'env' ? 'true, false, 1 or 0' : 'true or false';
  }
}

/** The flag's key in the configuration file: its name without dashes, words joined by underscores. */
export function fileKey(flag: SettingFlag): string {
  return flag.name.slice(2).replace(/-/g, '_');
}

/** How the configuration file spells a flag's place: `[http] port`, or a bare top-level key. */
export function fileKeyPath(flag: SettingFlag): string {
  return flag.section === null ? fileKey(flag) : `[${flag.section}] ${fileKey(flag)}`;
}

/** The name an error should use for a value from this source. */
export function sourceName(flag: SettingFlag, source: ValueSource): string {
  switch (source) {
    case 'flag':
      return flag.name;
    case 'env':
      return flag.env;
    case 'file':
      return fileKeyPath(flag);
  }
}

/** Quotes user text for an error message, escaping control characters and capping its length. */
export function quoteValue(raw: string): string {
  const shown = raw.length > 80 ? `${raw.slice(0, 77)}...` : raw;
  return JSON.stringify(shown);
}

const INTEGER = /^[0-9]+$/;
const SIZE = /^([0-9]+)([kmg])?$/i;
const SIZE_FACTOR: Readonly<Record<string, number>> = { k: KIB, m: MIB, g: GIB };

function inRange(n: number, min: number, max: number): boolean {
  return Number.isSafeInteger(n) && n >= min && n <= max;
}

function parseBoolean(raw: string, source: ValueSource): boolean | undefined {
  const v = raw.toLowerCase();
  if (v === 'true' || (source === 'env' && v === '1')) return true;
  if (v === 'false' || (source === 'env' && v === '0')) return false;
  return undefined;
}

function convert(value: ValueKind, raw: string, source: ValueSource): FlagValue | undefined {
  switch (value.kind) {
    case 'integer': {
      if (!INTEGER.test(raw)) return undefined;
      const n = Number(raw);
      return inRange(n, value.min, value.max) ? n : undefined;
    }
    case 'size': {
      const m = SIZE.exec(raw);
      if (!m?.[1]) return undefined;
      const n = Number(m[1]) * (m[2] ? (SIZE_FACTOR[m[2].toLowerCase()] ?? 1) : 1);
      return inRange(n, value.min, value.max) ? n : undefined;
    }
    case 'enum':
      return value.values.includes(raw) ? raw : undefined;
    case 'string':
      return raw.trim() === '' ? undefined : raw;
    case 'path':
      // fs calls reject NUL bytes later with a far less helpful message.
      return raw === '' || raw.includes('\0') ? undefined : raw;
    case 'boolean':
      return parseBoolean(raw, source);
  }
}

/** Validates and converts one raw value, or throws a `ConfigError` naming the flag or variable. */
export function parseFlagValue(flag: SettingFlag, raw: string, source: ValueSource): FlagValue {
  const parsed = convert(flag.value, raw, source);
  if (parsed !== undefined) return parsed;
  const who = sourceName(flag, source);
  const allowed = allowedText(flag.value, source);
  if (flag.secret) throw new ConfigError(`${who}: the value given is not ${allowed}`);
  if (flag.value.kind === 'enum') {
    throw new ConfigError(`${who}: ${quoteValue(raw)} is not supported; supported values are ${flag.value.values.join(', ')}`);
  }
  throw new ConfigError(`${who}: ${quoteValue(raw)} is not ${allowed}`);
}

/** Parses a repeatable flag's values (or its variable's comma-separated list). */
export function parseFlagList(flag: SettingFlag, raws: readonly string[], source: ValueSource): string[] {
  const items = source === 'env' ? raws.flatMap((r) => r.split(',')).map((r) => r.trim()) : [...raws];
  return items.map((item) => {
    const v = parseFlagValue(flag, item, source);
    if (typeof v !== 'string') throw new Error(`internal: ${flag.name} lists must hold strings`);
    return v;
  });
}

function isCpuCountDefault(d: FlagValue | CpuCountDefault): d is CpuCountDefault {
  return typeof d === 'object' && d !== null && 'fromCpuCount' in d;
}

/** The flag's default; a CPU-count default is clamped into the flag's range so it is always valid. */
export function resolveDefault(flag: SettingFlag, cpuCount: number): FlagValue {
  if (!isCpuCountDefault(flag.default)) return flag.default;
  const { min, max } = flag.value.kind === 'integer' ? flag.value : { min: 1, max: Number.MAX_SAFE_INTEGER };
  const cpus = Number.isFinite(cpuCount) ? Math.floor(cpuCount) : min;
  return Math.min(max, Math.max(min, cpus));
}

/** How `--help` shows a flag's default. */
export function defaultLabel(flag: SettingFlag): string {
  if (isCpuCountDefault(flag.default)) return 'number of CPUs';
  if (flag.default === null) return 'none';
  if (Array.isArray(flag.default)) return flag.default.length === 0 ? 'none' : flag.default.join(',');
  if (flag.value.kind === 'size' && typeof flag.default === 'number') return formatSize(flag.default);
  return String(flag.default);
}
