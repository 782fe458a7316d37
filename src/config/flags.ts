/**
 * The declarative table of every command-line flag. Parsing, defaults, `--help` and the startup
 * summary are all generated from it, so a flag cannot be half-added.
 * @module
 */

import type { ActorRuntimeKind, Config, DatabaseType } from './schema.js';
import { DEFAULTS } from './schema.js';
import { LOG_FORMATS, LOG_LEVELS } from '../lib/logger.js';
import { GIB, KIB } from './flag-values.js';
import { SOCKET_SERVER_FLAGS } from './socket-flags.js';

/** Database types this server implements; Cosmian's postgresql, mysql and redis-findex are not. */
export const DATABASE_TYPES: readonly DatabaseType[] = ['sqlite', 'sqlite-enc'];

/** Where actor hosts can run. */
export const ACTOR_RUNTIMES: readonly ActorRuntimeKind[] = ['thread', 'process'];

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
export type ConfigSection = 'db' | 'workspace' | 'http' | 'socket_server' | 'auth' | 'actors' | 'websocket' | 'logging';

/** Every table, in the order `--help` and the documentation list them. */
export const CONFIG_SECTIONS: readonly ConfigSection[] = ['db', 'workspace', 'http', 'socket_server', 'auth', 'actors', 'websocket', 'logging'];

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
    description: 'Workers (threads, or processes with --actor-runtime process) hosting the database actors.',
  },
  {
    name: '--actor-runtime',
    env: 'KMS_ACTOR_RUNTIME',
    key: 'actorRuntime',
    section: 'actors',
    value: { kind: 'enum', values: ACTOR_RUNTIMES },
    default: DEFAULTS.actorRuntime,
    description: 'Run the workers as threads, or as child processes so a native crash in one cannot stop the server.',
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
    description: 'Largest request body, WebSocket or KMIP socket message: bytes, or a number with suffix k, m or g (KiB, MiB, GiB).',
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
  ...SOCKET_SERVER_FLAGS,
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
    description: 'Average requests per second per client address (KMIP socket messages have their own budget); 0: off.',
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
    name: '--new-database-rate-limit',
    env: 'KMS_NEW_DATABASE_RATE_LIMIT',
    key: 'newDatabaseRateLimit',
    section: 'http',
    value: { kind: 'integer', min: 0, max: 10_000_000 },
    default: DEFAULTS.newDatabaseRateLimit,
    description: 'New databases (sqlite-enc) per client address per minute, and at once, before 429; 0 turns it off.',
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
