/**
 * Composition root: configuration, then the server (HTTP gateway and, when asked, the KMIP socket
 * server), then a clean stop of both on SIGTERM or SIGINT.
 * @module
 */
import { availableParallelism } from 'node:os';
import { parseCommand } from './config/load.js';
import { ConfigError } from './config/config-error.js';
import { describeConfig, describeConfigJson, helpText } from './config/help.js';
import { createLogger } from './lib/logger.js';
import { startServer } from './server.js';
import { tuneV8 } from './lib/v8-tuning.js';

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => { resolve('SIGTERM'); });
    process.once('SIGINT', () => { resolve('SIGINT'); });
  });
}

/** Runs the server command line; resolves with the process exit code. */
export async function main(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  let cmd;
  try {
    cmd = parseCommand(argv, env, process.cwd(), availableParallelism());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`error: ${err.message}\nRun "kms-server --help" for the options.\n`);
    return 2;
  }
  if (cmd.action === 'help') {
    process.stdout.write(helpText());
    return 0;
  }
  if (cmd.action === 'info') {
    process.stdout.write(describeConfigJson(cmd) + '\n');
    return 0;
  }
  const logger = createLogger(cmd.config.logLevel, { format: cmd.config.logFormat });
  const signal = nextSignal();
  let server;
  tuneV8();
  try {
    server = await startServer(cmd.config, logger);
  } catch (err) {
    logger.error('server failed to start', { error: err instanceof Error ? err.message : 'unknown' });
    return 1;
  }
  const scheme = cmd.config.tls === null ? 'http' : 'https';
  logger.info(`KMS server listening on ${scheme}://${cmd.config.hostname}:${server.port} ${describeConfig(cmd.config)}`, { config_file: cmd.file });
  if (server.socketPort !== null) {
    logger.info(`KMIP socket server listening on ${cmd.config.socketServerHostname}:${server.socketPort} (binary TTLV over TLS, client certificate required)`);
  }
  const received = await signal;
  logger.info('shutting down', { signal: received });
  // A second signal ends a drain that hangs: as PID 1 in a container nothing else would but SIGKILL.
  const again = (second: NodeJS.Signals): void => {
    logger.warn('second signal during shutdown: exiting without waiting', { signal: second });
    process.exit(1);
  };
  process.once('SIGTERM', again);
  process.once('SIGINT', again);
  await server.stop();
  logger.info('stopped');
  return 0;
}
