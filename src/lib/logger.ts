/**
 * A small structured logger. Fields whose names look secret are redacted before anything is
 * written, so a careless call site cannot leak a key, secret or plaintext.
 * @module
 */

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Every level, lowest first. */
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** How a line is written: one JSON object (for collectors), or `time LEVEL msg k=v` (for people). */
export type LogFormat = 'json' | 'text';

/** Every format. */
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'text'];

/** Structured context attached to a log line. */
export type LogFields = Readonly<Record<string, string | number | boolean | bigint | null | undefined>>;

/** The logging surface every module receives. */
export interface Logger {
  /** The lowest level written ('off' writes nothing); worker threads log at the same level. */
  readonly level: LogLevel | 'off';
  /** The line format; worker threads write the same one. */
  readonly format: LogFormat;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

// Conservative on purpose: a redacted harmless field costs nothing, a leaked key costs everything.
const SECRET_FIELD = /secret|password|passphrase|token|plaintext|authorization|cookie|(^|_)key($|_|s)|Key$|^data$|^body$/i;
const REDACTED = '[redacted]';
const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };
// Names the JSON format uses itself; a field with one of them is renamed rather than overwriting it.
const RESERVED = new Set(['time', 'level', 'msg']);

/** True when a field of this name is never written as given. */
export function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** Renders fields as `k=v`, redacting secret-looking names. */
export function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const shown = isSecretField(k) ? REDACTED : String(v);
    out += ` ${k}=${/\s/.test(shown) ? JSON.stringify(shown) : shown}`;
  }
  return out;
}

/** One JSON line: time, level and msg first, then the fields (secret-looking names redacted). */
export function formatJsonLine(time: Date, level: LogLevel, msg: string, fields: LogFields | undefined): string {
  const line: Record<string, string | number | boolean | null> = { time: time.toISOString(), level, msg };
  if (fields) {
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      const name = RESERVED.has(k) ? `field_${k}` : k;
      // bigint has no JSON form; NaN and Infinity would turn into null silently.
      line[name] = isSecretField(k) ? REDACTED : typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v)) ? String(v) : v;
    }
  }
  return JSON.stringify(line);
}

/** Where lines go and how they look. */
export interface LoggerOptions {
  readonly sink?: (line: string) => void;
  readonly clock?: () => Date;
  readonly format?: LogFormat;
}

/** A logger writing one line per event to the given sink (stderr by default). */
export function createLogger(minLevel: LogLevel = 'info', options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? ((line: string) => process.stderr.write(line + '\n'));
  const clock = options.clock ?? (() => new Date());
  const format = options.format ?? 'text';
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVEL_RANK[level] < LEVEL_RANK[minLevel]) return;
    sink(format === 'json'
      ? formatJsonLine(clock(), level, msg, fields)
      : `${clock().toISOString()} ${level.toUpperCase()} ${msg}${formatFields(fields)}`);
  };
  return {
    level: minLevel,
    format,
    debug: (m, f) => { emit('debug', m, f); },
    info: (m, f) => { emit('info', m, f); },
    warn: (m, f) => { emit('warn', m, f); },
    error: (m, f) => { emit('error', m, f); },
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  level: 'off',
  format: 'text',
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
