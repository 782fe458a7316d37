/**
 * The client configuration, in the `kms.json` format Cosmian's ckms reads: found through
 * `--conf`, then `KMS_CLI_CONF`, then `~/.cosmian/kms.json`, then `/etc/cosmian/kms.json`;
 * command-line flags override its values.
 * @module
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError, EXIT } from './cli-error.js';
import { fileProblem } from './errors.js';
import { writePrivateFile } from './files.js';

/** The fields of kms.json this client uses (others, like oauth2_conf, are kept and ignored). */
export interface KmsJson {
  readonly kms_server_url?: string;
  readonly kms_access_token?: string;
  readonly kms_database_secret?: string;
  readonly accept_invalid_certs?: boolean;
  /** PEM of the server certificate (or its CA) to trust; a file path is accepted too. */
  readonly verified_cert?: string;
  readonly ssl_client_pkcs12_path?: string;
  readonly ssl_client_pkcs12_password?: string;
}

/** The connection settings in force for a run. */
export interface CliConfig {
  /** The configuration file read, or where `--save` writes when none exists yet. */
  readonly path: string;
  readonly exists: boolean;
  readonly url: string;
  readonly accessToken: string | undefined;
  readonly databaseSecret: string | undefined;
  readonly acceptInvalidCerts: boolean;
  readonly verifiedCert: string | undefined;
  readonly pkcs12Path: string | undefined;
  readonly pkcs12Password: string | undefined;
}

/** Settings given on the command line. */
export interface ConfigOverrides {
  readonly conf?: string;
  readonly url?: string;
  readonly accessToken?: string;
  readonly databaseSecret?: string;
  readonly acceptInvalidCerts?: boolean;
}

/** The server a fresh install talks to. */
export const DEFAULT_URL = 'http://127.0.0.1:9998';

const STRING_FIELDS = ['kms_server_url', 'kms_access_token', 'kms_database_secret', 'verified_cert', 'ssl_client_pkcs12_path', 'ssl_client_pkcs12_password'] as const;

function configError(path: string, why: string): CliError {
  return new CliError(EXIT.config, `configuration ${path}: ${why}`);
}

/** Which file to read: the first that is named or exists. */
export function configPath(o: ConfigOverrides, env: Readonly<Record<string, string | undefined>>, cwd: string, home: string): { path: string; explicit: boolean } {
  if (o.conf !== undefined) return { path: resolve(cwd, o.conf), explicit: true };
  const fromEnv = env['KMS_CLI_CONF'];
  if (fromEnv !== undefined && fromEnv !== '') return { path: resolve(cwd, fromEnv), explicit: true };
  const user = join(home, '.cosmian', 'kms.json');
  if (existsSync(user)) return { path: user, explicit: false };
  const system = '/etc/cosmian/kms.json';
  if (existsSync(system)) return { path: system, explicit: false };
  return { path: user, explicit: false };
}

/** Reads and checks a kms.json; never echoes a value, which may be a secret. */
export function readKmsJson(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw configError(path, code === 'ENOENT' ? 'the file does not exist' : `cannot be read (${code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configError(path, 'is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw configError(path, 'must hold a JSON object');
  const o = parsed as Record<string, unknown>;
  for (const f of STRING_FIELDS) {
    if (o[f] !== undefined && o[f] !== null && typeof o[f] !== 'string') throw configError(path, `${f} must be a string`);
  }
  if (o['accept_invalid_certs'] !== undefined && o['accept_invalid_certs'] !== null && typeof o['accept_invalid_certs'] !== 'boolean') {
    throw configError(path, 'accept_invalid_certs must be true or false');
  }
  return o;
}

function field(o: Record<string, unknown>, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Resolves the settings of a run. A file named explicitly must exist unless `allowMissing`. */
export function loadConfig(o: ConfigOverrides, env: Readonly<Record<string, string | undefined>>, cwd: string, home: string, allowMissing: boolean): CliConfig {
  const { path, explicit } = configPath(o, env, cwd, home);
  const exists = existsSync(path);
  if (explicit && !exists && !allowMissing) throw configError(path, 'the file does not exist');
  const file = exists ? readKmsJson(path) : {};
  const url = o.url ?? field(file, 'kms_server_url') ?? DEFAULT_URL;
  return {
    path,
    exists,
    url: url.replace(/\/+$/, ''),
    accessToken: o.accessToken ?? field(file, 'kms_access_token'),
    databaseSecret: o.databaseSecret ?? field(file, 'kms_database_secret'),
    acceptInvalidCerts: o.acceptInvalidCerts === true || file['accept_invalid_certs'] === true,
    verifiedCert: field(file, 'verified_cert'),
    pkcs12Path: field(file, 'ssl_client_pkcs12_path'),
    pkcs12Password: field(file, 'ssl_client_pkcs12_password'),
  };
}

/** Merges settings into the file (keeping every other field) and writes it 0600 via a rename. */
export function saveKmsJson(path: string, patch: Partial<KmsJson>): void {
  const current = existsSync(path) ? readKmsJson(path) : {};
  const next = { ...current, ...patch };
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writePrivateFile(path, Buffer.from(`${JSON.stringify(next, null, 2)}\n`));
  } catch (e) {
    throw configError(path, `cannot be written (${fileProblem((e as NodeJS.ErrnoException).code)})`);
  }
}
