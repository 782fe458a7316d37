/**
 * A small structured logger. Fields whose names look secret are redacted before anything is
 * written, so a careless call site cannot leak a key, secret or plaintext.
 * @module
 */

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured context attached to a log line. */
export type LogFields = Readonly<Record<string, string | number | boolean | bigint | null | undefined>>;

/** The logging surface every module receives. */
export interface Logger {
  /** The lowest level written ('off' writes nothing); worker threads log at the same level. */
  readonly level: LogLevel | 'off';
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

// Conservative on purpose: a redacted harmless field costs nothing, a leaked key costs everything.
const SECRET_FIELD = /secret|password|token|plaintext|(^|_)key($|_|s)|Key$|^data$|^body$/i;
const LEVELS: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Renders fields as `k=v`, redacting secret-looking names. */
export function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    const shown = SECRET_FIELD.test(k) ? '[redacted]' : String(v);
    out += ` ${k}=${/\s/.test(shown) ? JSON.stringify(shown) : shown}`;
  }
  return out;
}

/** A logger writing one line per event to the given sink (stderr by default). */
export function createLogger(
  minLevel: LogLevel = 'info',
  sink: (line: string) => void = (line) => process.stderr.write(line + '\n'),
  clock: () => Date = () => new Date(),
): Logger {
  const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
    if (LEVELS[level] < LEVELS[minLevel]) return;
    sink(`${clock().toISOString()} ${level.toUpperCase()} ${msg}${formatFields(fields)}`);
  };
  return {
    level: minLevel,
    debug: (m, f) => { emit('debug', m, f); },
    info: (m, f) => { emit('info', m, f); },
    warn: (m, f) => { emit('warn', m, f); },
    error: (m, f) => { emit('error', m, f); },
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { level: 'off', debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
