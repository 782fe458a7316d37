/**
 * A real server on port 0 and the real `kms` binary pointed at it through a kms.json in a
 * temporary home, in either database type.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLauncher, type LauncherOptions, type LauncherResult } from '../helpers/launcher.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';

/** The database types every CLI test runs in. */
export const DATABASE_TYPES = ['sqlite', 'sqlite-enc'] as const;

/** A server and a configured client home. */
export interface CliFixture {
  readonly server: TestServer;
  /** A scratch directory (the processes' cwd and HOME). */
  readonly dir: string;
  /** The kms.json the commands use (through KMS_CLI_CONF). */
  readonly conf: string;
  /** The database secret in sqlite-enc mode. */
  readonly secret: string | undefined;
  /** Runs `kms` with the arguments. */
  kms(args: readonly string[], o?: LauncherOptions): Promise<LauncherResult>;
  /** Runs `kms`, asserts exit 0, returns stdout. */
  ok(args: readonly string[], o?: LauncherOptions): Promise<string>;
  /** Runs `kms --output json`, asserts exit 0, returns the parsed output. */
  json(args: readonly string[], o?: LauncherOptions): Promise<unknown>;
  close(): Promise<void>;
}

/** Runs `kms` with only HOME (and PATH) in the environment plus `env`. */
export function runKms(args: readonly string[], home: string, o: LauncherOptions = {}): Promise<LauncherResult> {
  return runLauncher('kms.js', args, { cwd: home, ...o, env: { HOME: home, ...(o.env ?? {}) } });
}

/** Starts a server and writes a kms.json for it. */
export async function cliFixture(databaseType: (typeof DATABASE_TYPES)[number]): Promise<CliFixture> {
  const server = await startTestServer({ databaseType });
  const dir = mkdtempSync(join(tmpdir(), 'kms-cli-'));
  let secret: string | undefined;
  if (databaseType === 'sqlite-enc') {
    const res = await fetch(`${server.url}/new_database`, { method: 'POST' });
    secret = (await res.json()) as string;
  }
  const conf = join(dir, 'kms.json');
  writeFileSync(conf, JSON.stringify({ kms_server_url: server.url, ...(secret === undefined ? {} : { kms_database_secret: secret }) }));
  const kms = (args: readonly string[], o: LauncherOptions = {}): Promise<LauncherResult> =>
    runKms(args, dir, { ...o, env: { KMS_CLI_CONF: conf, ...(o.env ?? {}) } });
  const ok = async (args: readonly string[], o?: LauncherOptions): Promise<string> => {
    const r = await kms(args, o);
    assert.equal(r.status, 0, `kms ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}`);
    return r.stdout;
  };
  return {
    server,
    dir,
    conf,
    secret,
    kms,
    ok,
    json: async (args, o) => JSON.parse(await ok([...args, '--output', 'json'], o)) as unknown,
    close: async () => {
      await server.stop();
      removeDir(server.rootDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
