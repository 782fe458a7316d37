/**
 * Runs `kms-server backup|restore` as a real process through the real launcher.
 * @module
 */
import { tmpdir } from 'node:os';
import { runLauncher, type LauncherResult } from '../helpers/launcher.js';

/** A finished command. */
export type CliResult = LauncherResult;

/** Runs the server launcher in an environment holding only PATH and `env`. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>> = {}, cwd = tmpdir()): Promise<CliResult> {
  return runLauncher('kms-server.js', args, { env, cwd });
}
