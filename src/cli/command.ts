/**
 * The shape of a CLI command and what it is given to run: parsed arguments, a lazily opened
 * connection, the configuration and the terminal.
 * @module
 */
import type { Kms } from '../client/kms.js';
import type { KmsRestClient } from '../client/rest-client.js';
import type { CliConfig, KmsJson } from './config.js';
import type { Progress } from './progress.js';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** May be given several times (strings only). */
  readonly multiple?: boolean;
  readonly description: string;
  /** The placeholder shown in help, e.g. `FILE`. */
  readonly value?: string;
}

/** One positional argument. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** Takes every remaining argument (last positional only). */
  readonly variadic?: boolean;
}

/** Parsed arguments of one command. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** What a command prints: a human text and the value `--output json` prints instead. */
export interface CommandOutput {
  readonly text: string;
  readonly json: unknown;
  /** Exit status when the command ran but its answer is a "no" (e.g. a signature that does not verify). */
  readonly exit?: number;
}

/** The terminal and environment of the run. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only there). */
  readonly stderrIsTty: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** What a command runs with. */
export interface CommandContext {
  readonly config: CliConfig;
  /** The KMIP client, connected on first use. */
  kms(): Kms;
  /** The REST client of the same server. */
  rest(): KmsRestClient;
  readonly io: CliIo;
  /** A progress display for long work (a no-op unless stderr is a terminal and not --quiet). */
  progress(label: string, total: number): Progress;
  /** Writes settings into the configuration file in use (created 0600 if missing); returns its path. */
  saveConfig(patch: Partial<KmsJson>): string;
}

/** A command of the `kms` tool. */
export interface CommandSpec {
  /** The words that name it, e.g. `['sym', 'keys', 'create']`. */
  readonly path: readonly string[];
  readonly summary: string;
  readonly positionals?: readonly PositionalSpec[];
  readonly options?: Readonly<Record<string, OptionSpec>>;
  /** Examples shown in help. */
  readonly examples?: readonly string[];
  run(ctx: CommandContext, args: ParsedArgs): Promise<CommandOutput>;
}
