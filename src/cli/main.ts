/**
 * The `kms` command-line client: finds the command, resolves the configuration, runs it,
 * prints its result as text or JSON and exits with a status scripts can rely on.
 * @module
 */
import { homedir } from 'node:os';
import { COMMANDS } from './commands/index.js';
import { CliError, EXIT, usageError } from './cli-error.js';
import { loadConfig } from './config.js';
import { describeFailure } from './errors.js';
import { commandHelp, groupHelp } from './help.js';
import { parseLine } from './parse.js';
import { NO_PROGRESS, terminalProgress } from './progress.js';
import { Session } from './session.js';
import { saveKmsJson, type CliConfig } from './config.js';
import type { CliIo, CommandContext, ParsedArgs } from './command.js';

function text(values: ParsedArgs['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function outputMode(values: ParsedArgs['values']): 'text' | 'json' {
  const v = text(values, 'output') ?? 'text';
  if (v !== 'text' && v !== 'json') throw usageError(`--output must be text or json, got ${JSON.stringify(v)}`);
  return v;
}

/** Runs one command line; resolves with the exit status. */
export async function runCli(argv: readonly string[], io: CliIo, home: string = homedir()): Promise<number> {
  let session: Session | undefined;
  try {
    const parsed = parseLine(argv, COMMANDS);
    if (parsed.kind === 'group') {
      io.stdout(`${groupHelp(parsed.prefix, COMMANDS)}\n`);
      return parsed.prefix.length === 0 && parsed.values['help'] !== true ? EXIT.usage : EXIT.ok;
    }
    const { command, args } = parsed;
    if (args.values['help'] === true) {
      io.stdout(`${commandHelp(command)}\n`);
      return EXIT.ok;
    }
    const mode = outputMode(args.values);
    const conf = text(args.values, 'conf');
    const url = text(args.values, 'url');
    const accessToken = text(args.values, 'access-token');
    const databaseSecret = text(args.values, 'database-secret');
    const config: CliConfig = loadConfig(
      {
        ...(conf === undefined ? {} : { conf }),
        ...(url === undefined ? {} : { url }),
        ...(accessToken === undefined ? {} : { accessToken }),
        ...(databaseSecret === undefined ? {} : { databaseSecret }),
        acceptInvalidCerts: args.values['accept-invalid-certs'] === true,
      },
      io.env,
      io.cwd,
      home,
      command.path[0] === 'new-database',
    );
    const trace = args.values['json'] === true;
    const open = new Session(config, io.cwd, trace ? (direction, json) => { io.stderr(`${direction === 'request' ? '>>> request' : '<<< response'}\n${json}\n`); } : undefined);
    session = open;
    const quiet = args.values['quiet'] === true || !io.stderrIsTty;
    const ctx: CommandContext = {
      config,
      io,
      kms: () => open.kms(),
      rest: () => open.rest(),
      progress: (label, total) => (quiet ? NO_PROGRESS : terminalProgress(label, total, io.stderr)),
      saveConfig: (patch) => {
        saveKmsJson(config.path, patch);
        return config.path;
      },
    };
    const out = await command.run(ctx, args);
    if (mode === 'json') io.stdout(`${JSON.stringify(out.json, null, 2)}\n`);
    else if (out.text !== '') io.stdout(out.text.endsWith('\n') ? out.text : `${out.text}\n`);
    return out.exit ?? EXIT.ok;
  } catch (e) {
    const { message, exit } = describeFailure(e);
    io.stderr(`error: ${message}\n`);
    return exit;
  } finally {
    await session?.close();
  }
}

export { CliError };
