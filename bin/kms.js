#!/usr/bin/env node
// The kms command-line client (compiled from src/cli).
import { runCli } from '../dist/src/cli/main.js';

const status = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stderrIsTty: process.stderr.isTTY === true,
  cwd: process.cwd(),
  env: process.env,
});
process.exitCode = status;
