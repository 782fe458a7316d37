#!/usr/bin/env node
// The container tests ("npm run test:docker", which first compiles test/docker to .build-docker):
// builds the local node:20-bookworm-slim stand-in when it is missing, builds the image from the
// Dockerfile as it is, then runs .build-docker/test/docker/*.docker.js against it with node's test
// runner. Fails when no test ran (Node 20 exits 0 on "tests 0").
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname;
const repo = join(here, '..', '..');
const image = process.env.KMS_DOCKER_IMAGE || 'localhost/actor-kms:docker-test';
const env = { ...process.env, CONTAINERS_CONF: process.env.CONTAINERS_CONF || join(here, 'containers.conf'), KMS_DOCKER_IMAGE: image };
const LABEL = 'actor-kms-docker-test';
const scratch = mkdtempSync(join(tmpdir(), 'kms-docker-test-'));

function fail(message) {
  console.error(`test:docker: ${message}`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(1);
}

function podman(args) {
  const r = spawnSync('podman', args, { env, encoding: 'utf8' });
  if (r.error) fail(`podman: ${r.error.message}`);
  return r;
}

/** Runs a step with its output in a log file, printed only when the step fails. */
function step(label, command, args) {
  const log = join(scratch, `${label.replace(/\W+/g, '-')}.log`);
  const fd = openSync(log, 'w');
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: repo, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    const lines = readFileSync(log, 'utf8').trimEnd().split('\n');
    console.error(lines.slice(-80).join('\n'));
    fail(`${label} failed after ${seconds} s (exit ${r.status ?? r.signal})`);
  }
  console.log(`test:docker: ${label}: ${seconds} s`);
}

if (spawnSync('podman', ['--version'], { env }).error) {
  fail('podman is not installed (as root on Debian: bash scripts/docker/install-podman.sh)');
}

// Containers and volumes a killed earlier run could not remove.
const leftovers = podman(['ps', '--all', '--quiet', '--filter', `label=${LABEL}`]).stdout.split('\n').filter(Boolean);
if (leftovers.length > 0) podman(['rm', '--force', '--volumes', '--time', '0', ...leftovers]);
const staleVolumes = podman(['volume', 'ls', '--quiet', '--filter', `label=${LABEL}`]).stdout.split('\n').filter(Boolean);
if (staleVolumes.length > 0) podman(['volume', 'rm', '--force', ...staleVolumes]);

step('base image', 'bash', [join(here, 'build-base-image.sh')]);
// Docker's image format keeps HEALTHCHECK (OCI has no such field); host networking lets RUN steps reach
// the package registries.
step('image build', 'podman', ['build', '--network', 'host', '--format', 'docker', '--tag', image, repo]);
const size = Number(podman(['image', 'inspect', '--format', '{{.Size}}', image]).stdout.trim());
console.log(`test:docker: ${image} is ${(size / 1e6).toFixed(0)} MB`);

const testDir = join(repo, '.build-docker', 'test', 'docker');
let files = [];
try {
  files = readdirSync(testDir).filter((f) => f.endsWith('.docker.js')).sort().map((f) => join(testDir, f));
} catch {
  files = [];
}
if (files.length === 0) fail(`no *.docker.js under ${testDir}: compile with "npx tsc -p test/docker/tsconfig.json" first`);

const tap = join(scratch, 'docker.tap');
const result = spawnSync(
  process.execPath,
  ['--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  { cwd: repo, env, stdio: 'inherit' },
);
let tests = 0;
try {
  tests = Number(/^# tests (\d+)$/m.exec(readFileSync(tap, 'utf8'))?.[1] ?? 0);
} catch {
  tests = 0;
}
rmSync(scratch, { recursive: true, force: true });
if (result.status !== 0) process.exit(result.status ?? 1);
if (tests === 0) {
  console.error('test:docker: the test runner executed zero tests');
  process.exit(1);
}
