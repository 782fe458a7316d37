/**
 * The container image, proven with real containers (podman): the server answers on a published port
 * in both database types, the image's HEALTHCHECK passes (and fails when nothing answers), `stop`
 * drains and exits 0, keys and database secrets survive into a new container on the same volume,
 * arguments after the image reach the server, and the README's `docker build`/`docker run` forms work.
 * Run by scripts/docker/run-docker-tests.js (`npm run test:docker`), which builds the image first.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { bytesField, createRequest, decryptRequest, encryptRequest, getRequest, structField, textField } from '../helpers/kmip-requests.js';
import { getOwned, httpRequest, kmipOk, newDatabase, secretParts } from '../helpers/http-client.js';
import type { TtlvStructure } from '../../src/kmip/ttlv/node.js';
import { DATA_DIR, PodmanScope, freePort, imageUnderTest, podman, podmanOk, stopContainer, waitForServer } from './podman.js';

// Far above a clean stop (well under a second), far below what a hung drain would take.
const STOP_GRACE_SECONDS = 20;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'utf8').toString('hex');
const PLAINTEXT = Buffer.from('kept across containers', 'utf8');

const urlOf = (port: number): string => `http://127.0.0.1:${port}`;

function rawKeyOf(res: TtlvStructure): Uint8Array {
  const block = structField(structField(res, 'Object'), 'KeyBlock');
  return bytesField(structField(structField(block, 'KeyValue'), 'KeyMaterial'), 'ByteString');
}

/** The image's HEALTHCHECK test command, read from the image's configuration. */
async function healthcheckCommand(image: string): Promise<string[]> {
  const parsed: unknown = JSON.parse(await podmanOk(['image', 'inspect', image]));
  const config: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  const check: unknown = typeof config === 'object' && config !== null && 'Healthcheck' in config ? config.Healthcheck : undefined;
  if (typeof check !== 'object' || check === null || !('Test' in check) || !Array.isArray(check.Test)) {
    throw new Error(`the image has no HEALTHCHECK (was it built with --format docker?): ${JSON.stringify(check)}`);
  }
  return check.Test.map((part: unknown) => String(part));
}

for (const mode of ['sqlite', 'sqlite-enc'] as const) {
  describe(`the image with --database-type=${mode}`, { timeout: 300_000 }, () => {
    const scope = new PodmanScope(imageUnderTest());
    let volume = '';
    let first = '';
    let url = '';

    before(async () => {
      volume = await scope.volume();
      const port = await freePort();
      url = urlOf(port);
      first = await scope.start({ port, volume, args: [`--database-type=${mode}`] });
      await waitForServer(first, url);
    });
    after(() => scope.cleanup());

    it('serves on the published port, with node as PID 1 so signals reach it', async () => {
      const version = await httpRequest(`${url}/version`);
      assert.equal(version.status, 200);
      assert.equal(typeof JSON.parse(version.text), 'string');
      const cmdline = await podmanOk(['exec', first, 'cat', '/proc/1/cmdline']);
      assert.deepEqual(cmdline.split('\0').filter((s) => s !== ''), ['node', '/app/bin/kms-server.js', `--database-type=${mode}`]);
    });

    it('passes the HEALTHCHECK, which probes /health', async () => {
      const test = await healthcheckCommand(scope.image);
      assert.ok(test.some((part) => part.includes('/health')), `the health check does not probe /health: ${JSON.stringify(test)}`);
      const check = await podman(['healthcheck', 'run', first]);
      assert.equal(check.code, 0, `healthcheck failed: ${check.stdout} ${check.stderr}`);
      const health = await httpRequest(`${url}/health`);
      assert.equal(health.status, 200, health.text);
      assert.equal(typeof JSON.parse(health.text), 'object');
    });

    it('takes --database-type from the arguments after the image', async () => {
      const r = await httpRequest(`${url}/new_database`, { method: 'POST' });
      if (mode === 'sqlite-enc') assert.equal(r.status, 200, r.text);
      else assert.notEqual(r.status, 200, `/new_database answered 200 in sqlite mode: ${r.text}`);
    });

    it('keeps keys and their database secret across a graceful stop and a new container on the volume', async () => {
      const secret = mode === 'sqlite-enc' ? await newDatabase(url) : undefined;
      const uid = textField(await kmipOk(url, createRequest(), secret), 'UniqueIdentifier');
      const key = rawKeyOf(await kmipOk(url, getRequest(uid), secret));
      assert.equal(key.length, 32);
      const enc = await kmipOk(url, encryptRequest(uid, PLAINTEXT), secret);
      const ciphertext = bytesField(enc, 'Data');
      const nonce = bytesField(enc, 'IvCounterNonce');
      const tag = bytesField(enc, 'AuthenticatedEncryptionTag');

      const stopped = await stopContainer(first, STOP_GRACE_SECONDS);
      assert.equal(stopped.status, 'exited');
      assert.equal(stopped.exitCode, 0, 'the server did not exit 0 on SIGTERM');
      assert.ok(stopped.seconds < STOP_GRACE_SECONDS, `stop took ${stopped.seconds.toFixed(1)} s: the server was killed, not drained`);

      const files = await scope.volumeFiles(volume);
      if (secret === undefined) {
        assert.equal(files.get('kms.db'), SQLITE_HEADER, `no plain SQLite kms.db on the volume: ${[...files.keys()].join(', ')}`);
      } else {
        const dbFile = `${secretParts(secret).groupId.toString(10)}.sqlite`;
        const head = files.get(dbFile);
        assert.ok(head !== undefined, `${dbFile} is not on the volume: ${[...files.keys()].join(', ')}`);
        assert.equal(head.length, 32);
        assert.notEqual(head, SQLITE_HEADER, 'the encrypted database starts with a plain SQLite header');
      }

      const port = await freePort();
      const nextUrl = urlOf(port);
      const second = await scope.start({ port, volume, args: [`--database-type=${mode}`] });
      await waitForServer(second, nextUrl);
      assert.deepEqual(rawKeyOf(await kmipOk(nextUrl, getRequest(uid), secret)), key);
      const dec = await kmipOk(nextUrl, decryptRequest(uid, ciphertext, nonce, tag), secret);
      assert.deepEqual(Buffer.from(bytesField(dec, 'Data')), PLAINTEXT);
      if (secret !== undefined) {
        const refused = await getOwned(nextUrl);
        assert.equal(refused.status, 401, `the database opened without its secret: ${refused.text}`);
      }
      const again = await stopContainer(second, STOP_GRACE_SECONDS);
      assert.equal(again.exitCode, 0);
    });
  });
}

describe('arguments after the image name', { timeout: 120_000 }, () => {
  const scope = new PodmanScope(imageUnderTest());
  after(() => scope.cleanup());

  it('reach the server: --help, --info with a flag over the image defaults, and an unknown flag', async () => {
    const help = await scope.runOnce([], ['--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /--database-type/);

    const info = await scope.runOnce([], ['--info', '--database-type=sqlite-enc']);
    assert.equal(info.code, 0, info.stderr);
    assert.doesNotThrow(() => JSON.parse(info.stdout) as unknown, info.stdout);
    assert.match(info.stdout, /sqlite-enc/);
    assert.ok(info.stdout.includes(DATA_DIR), `the image's data directory is not in --info: ${info.stdout}`);

    const bad = await scope.runOnce([], ['--no-such-flag']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--no-such-flag/);
  });
});

describe('the HEALTHCHECK', { timeout: 120_000 }, () => {
  const scope = new PodmanScope(imageUnderTest());
  after(() => scope.cleanup());

  it('reports unhealthy when no server answers', async () => {
    const name = await scope.start({ options: ['--entrypoint', 'sleep'], args: ['300'] });
    const check = await podman(['healthcheck', 'run', name]);
    assert.notEqual(check.code, 0, `healthy without a server: ${check.stdout}`);
    assert.match(check.stdout, /unhealthy/);
  });
});

/** One `docker run` line of the README, split into what podman needs. */
interface ReadmeRun {
  readonly line: string;
  /** The options before the image, each with its value (undefined for a flag). */
  readonly options: readonly (readonly [string, string | undefined])[];
  readonly volume: string;
  readonly mountPath: string;
  readonly image: string;
  readonly args: readonly string[];
}

/** The `docker ...` lines of the README's Docker section, continuations joined and comments dropped. */
function readmeDockerLines(): string[] {
  const readme = readFileSync(join(repoRoot(), 'README.md'), 'utf8');
  const section = /^## Docker\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('the README has no "## Docker" section');
  const blocks = [...section.matchAll(/^```(?:bash|sh|console)?\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? '');
  return blocks
    .join('\n')
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').replace(/^\$\s+/, '').trim())
    .filter((l) => l.startsWith('docker '));
}

const VALUE_OPTIONS = new Set(['-p', '--publish', '-v', '--volume', '-e', '--env', '--name', '--network', '-u', '--user', '--entrypoint', '-w', '--workdir']);

function parseRun(line: string): ReadmeRun {
  const tokens = line.split(/\s+/).slice(2);
  const options: (readonly [string, string | undefined])[] = [];
  let volume = '';
  let mountPath = '';
  let i = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    if (!token.startsWith('-')) break;
    const [option = '', inline] = token.split(/=(.*)/s);
    const value = inline ?? (VALUE_OPTIONS.has(option) ? tokens[++i] : undefined);
    options.push([option, value]);
    if ((option === '-v' || option === '--volume') && value !== undefined) [volume = '', mountPath = ''] = value.split(':');
  }
  return { line, options, volume, mountPath, image: tokens[i] ?? '', args: tokens.slice(i + 1) };
}

/**
 * The README's run options for a detached test container: its published port and volume name
 * replaced by a free port and the test's volume, its foreground, terminal and naming flags dropped.
 */
function runOptions(run: ReadmeRun, port: number, volume: string): string[] {
  const out: string[] = [];
  for (const [option, value] of run.options) {
    if (option === '-p' || option === '--publish') {
      const m = /^(?:[\d.]+:)?\d+:9998$/.exec(value ?? '');
      assert.ok(m, `${run.line}: publishes ${value ?? 'nothing'}, not the server's port 9998`);
      out.push('--publish', `${port}:9998`);
    } else if (option === '-v' || option === '--volume') {
      out.push('--volume', `${volume}:${run.mountPath}`);
    } else if (!['--name', '--rm', '-d', '--detach', '-i', '-t', '-it', '-ti', '--interactive', '--tty'].includes(option)) {
      out.push(value === undefined ? option : `${option}=${value}`);
    }
  }
  return out;
}

describe("the README's Docker commands", { timeout: 300_000 }, () => {
  const scope = new PodmanScope(imageUnderTest());
  after(() => scope.cleanup());

  const lines = readmeDockerLines();
  const build = lines.find((l) => l.startsWith('docker build '));
  const runs = lines.filter((l) => l.startsWith('docker run ')).map(parseRun);

  it('build the image from the repository root, under the name the run lines use', () => {
    assert.ok(build !== undefined, `no docker build line in the README: ${lines.join(' | ')}`);
    const tokens = build.split(/\s+/);
    const tag = tokens[tokens.indexOf('-t') + 1] ?? tokens[tokens.indexOf('--tag') + 1];
    assert.ok(tag !== undefined && tag !== '', build);
    assert.equal(tokens.at(-1), '.', `${build}: the context is not the repository root`);
    assert.ok(!tokens.includes('-f') && !tokens.includes('--file'), `${build}: this suite builds the default Dockerfile`);
    assert.ok(runs.length >= 3, `expected the quick-start, persistent and encrypted docker run lines: ${lines.join(' | ')}`);
    for (const run of runs) assert.equal(run.image, tag, `${run.line}: runs ${run.image}, the build makes ${tag}`);
  });

  it('run the server on a named volume at the image data directory, in the mode their arguments ask for', async () => {
    assert.ok(runs.length >= 3);
    // The README's runs share one volume, as these do.
    const volume = await scope.volume();
    for (const run of runs) {
      assert.ok(run.options.some(([o]) => o === '-p' || o === '--publish'), `${run.line}: no published port`);
      // The quick-start form keeps the data inside the container (the image's anonymous volume).
      const persistent = run.volume !== '';
      if (persistent) {
        assert.ok(!run.volume.includes('/'), `${run.line}: the data is not on a named volume`);
        assert.equal(run.mountPath, DATA_DIR, `${run.line}: mounts the volume outside the image's data directory`);
      }
      const encrypted = run.args.some((a, i) => a === '--database-type=sqlite-enc' || (a === '--database-type' && run.args[i + 1] === 'sqlite-enc'));

      const port = await freePort();
      const url = urlOf(port);
      const name = await scope.start({ options: runOptions(run, port, volume), args: run.args });
      await waitForServer(name, url);
      const secret = encrypted ? await newDatabase(url) : undefined;
      const uid = textField(await kmipOk(url, createRequest(), secret), 'UniqueIdentifier');
      const stopped = await stopContainer(name, STOP_GRACE_SECONDS);
      assert.equal(stopped.exitCode, 0, `${run.line}: exit code ${stopped.exitCode} on stop`);

      if (!persistent) continue;
      const files = await scope.volumeFiles(volume);
      const dbFile = secret === undefined ? 'kms.db' : `${secretParts(secret).groupId.toString(10)}.sqlite`;
      assert.ok(files.has(dbFile), `${run.line}: ${dbFile} (holding ${uid}) is not on the volume: ${[...files.keys()].join(', ')}`);
    }
  });
});
