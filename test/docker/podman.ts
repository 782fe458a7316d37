/**
 * Podman helpers for the container tests: commands with their output, free ports, waiting for a
 * server, graceful stops, and a scope that records every container and volume a suite makes so that
 * its `after` hook removes them, whatever happened.
 * @module
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot } from '../helpers/repo-root.js';

/** Every container and volume the tests make carries this label, so a later run can sweep leftovers. */
export const TEST_LABEL = 'actor-kms-docker-test';

/** The image's data directory (its VOLUME). */
export const DATA_DIR = '/root/cosmian-kms/sqlite-data';

/** The image under test, built by scripts/docker/run-docker-tests.js. */
export function imageUnderTest(): string {
  const image = process.env['KMS_DOCKER_IMAGE'];
  if (image === undefined || image === '') throw new Error('KMS_DOCKER_IMAGE is not set: run "npm run test:docker"');
  return image;
}

/** A finished command. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const podmanEnv: NodeJS.ProcessEnv = {
  ...process.env,
  CONTAINERS_CONF: process.env['CONTAINERS_CONF'] ?? join(repoRoot(), 'scripts', 'docker', 'containers.conf'),
};

/** Runs podman; resolves with its exit code and output (a kill by timeout counts as code -1). */
export function podman(args: readonly string[], timeoutMs = 120_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', args, { env: podmanEnv, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.once('error', reject);
    child.once('close', (code) => { resolve({ code: code ?? -1, stdout, stderr }); });
  });
}

/** Runs podman and returns its trimmed stdout; throws with the command and stderr when it fails. */
export async function podmanOk(args: readonly string[], timeoutMs?: number): Promise<string> {
  const r = await podman(args, timeoutMs);
  if (r.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

/** A TCP port nothing listens on right now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        if (port === 0) reject(new Error('no port assigned'));
        else resolve(port);
      });
    });
  });
}

/** A container's state, as podman inspect reports it. */
export interface ContainerState {
  readonly status: string;
  readonly exitCode: number;
}

export async function containerState(name: string): Promise<ContainerState> {
  const out = await podmanOk(['container', 'inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', name]);
  const [status = '', code = ''] = out.split(' ');
  return { status, exitCode: Number(code) };
}

/** The last lines of a container's output, for failure messages. */
export async function logsOf(name: string): Promise<string> {
  const r = await podman(['logs', '--tail', '40', name]);
  return `${r.stdout}${r.stderr}`.trim();
}

/** Waits until the server in the container answers GET /version with 200; fails early if it exits. */
export async function waitForServer(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${url}/version`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(2_000) });
      await res.text();
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    if (attempt % 5 === 4 && (await containerState(name)).status !== 'running') {
      throw new Error(`container ${name} stopped before serving:\n${await logsOf(name)}`);
    }
    if (Date.now() > deadline) throw new Error(`container ${name} did not answer on ${url} in ${timeoutMs} ms:\n${await logsOf(name)}`);
    await delay(200);
  }
}

/** How a `podman stop` went. */
export interface StopResult {
  readonly seconds: number;
  readonly exitCode: number;
  readonly status: string;
}

/** `podman stop` with a grace period: SIGTERM (the image's STOPSIGNAL), then SIGKILL once it passes. */
export async function stopContainer(name: string, graceSeconds: number): Promise<StopResult> {
  const started = process.hrtime.bigint();
  await podmanOk(['stop', '--time', String(graceSeconds), name], (graceSeconds + 30) * 1000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const state = await containerState(name);
  return { seconds, exitCode: state.exitCode, status: state.status };
}

/** What to start. */
export interface RunOptions {
  /** Host port published to the container's 9998. */
  readonly port?: number;
  /** Named volume mounted at the data directory. */
  readonly volume?: string;
  /** podman run options placed before the image. */
  readonly options?: readonly string[];
  /** Arguments after the image (the server's). */
  readonly args?: readonly string[];
}

/** The containers and volumes one suite makes; `cleanup` removes them all. */
export class PodmanScope {
  private readonly prefix = `kms-docker-test-${process.pid}-${randomBytes(3).toString('hex')}`;
  private readonly containers = new Set<string>();
  private readonly volumes = new Set<string>();
  private count = 0;

  constructor(readonly image: string) {}

  /** A fresh name under this scope's prefix. */
  name(what: string): string {
    this.count += 1;
    return `${this.prefix}-${what}-${this.count}`;
  }

  /** Creates a named volume. */
  async volume(): Promise<string> {
    const name = this.name('data');
    this.volumes.add(name);
    await podmanOk(['volume', 'create', '--label', TEST_LABEL, name]);
    return name;
  }

  /** Records a container this scope must remove (started by the caller with that name). */
  track(name: string): string {
    this.containers.add(name);
    return name;
  }

  /** Starts a detached container of the image and returns its name. */
  async start(o: RunOptions = {}): Promise<string> {
    const name = this.track(this.name('server'));
    await podmanOk([
      'run', '--detach', '--name', name, '--label', TEST_LABEL,
      ...(o.port === undefined ? [] : ['--publish', `${o.port}:9998`]),
      ...(o.volume === undefined ? [] : ['--volume', `${o.volume}:${DATA_DIR}`]),
      ...(o.options ?? []),
      this.image,
      ...(o.args ?? []),
    ]);
    return name;
  }

  /** Runs a container to completion (`--rm`) and returns how it ended; one still running after the timeout fails. */
  runOnce(options: readonly string[], args: readonly string[] = [], timeoutMs = 30_000): Promise<CommandResult> {
    const name = this.track(this.name('once'));
    return podman(['run', '--rm', '--name', name, '--label', TEST_LABEL, ...options, this.image, ...args], timeoutMs);
  }

  /** Lists the files of a volume with the first 16 bytes of each, in hex. */
  async volumeFiles(volume: string): Promise<Map<string, string>> {
    const script =
      "const fs = require('fs');" +
      "for (const f of fs.readdirSync('/data').sort()) {" +
      "  const b = Buffer.alloc(16); const fd = fs.openSync('/data/' + f, 'r'); const n = fs.readSync(fd, b, 0, 16, 0); fs.closeSync(fd);" +
      "  console.log(f + ' ' + b.subarray(0, n).toString('hex'));" +
      '}';
    const r = await this.runOnce(['--volume', `${volume}:/data:ro`, '--entrypoint', 'node'], ['-e', script]);
    if (r.code !== 0) throw new Error(`listing volume ${volume} failed (${r.code}): ${r.stderr}`);
    const files = new Map<string, string>();
    for (const line of r.stdout.split('\n')) {
      const [file, head] = line.trim().split(' ');
      if (file !== undefined && file !== '') files.set(file, head ?? '');
    }
    return files;
  }

  /** Removes every container (killing those still running) and volume of this scope. */
  async cleanup(): Promise<void> {
    const problems: string[] = [];
    for (const name of this.containers) {
      // --volumes: the anonymous volume the image's VOLUME gives a container started without -v.
      const r = await podman(['rm', '--force', '--volumes', '--time', '0', '--ignore', name]);
      if (r.code !== 0) problems.push(`container ${name}: ${r.stderr.trim()}`);
    }
    this.containers.clear();
    for (const name of this.volumes) {
      const r = await podman(['volume', 'rm', '--force', name]);
      if (r.code !== 0 && !/no such volume/i.test(r.stderr)) problems.push(`volume ${name}: ${r.stderr.trim()}`);
    }
    this.volumes.clear();
    if (problems.length > 0) throw new Error(`cleanup left:\n${problems.join('\n')}`);
  }
}
