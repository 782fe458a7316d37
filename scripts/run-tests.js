#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with node's test runner and fails
// when nothing ran: Node 20 happily exits 0 on "tests 0". Servers started by the tests
// log into a scratch directory (KMS_TEST_LOG_DIR); the files under dist/test/final run
// afterwards, as a second phase, and scan those logs. The long fault runs under
// dist/test/chaos run only with --chaos (npm run test:chaos), and then alone, followed by
// the same scan.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', 'dist', 'test');

function collect(dir) {
  const out = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...collect(p));
    else if (e.name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}

const args = process.argv.slice(2);
const chaos = args.includes('--chaos');
const filter = args.filter((a) => a !== '--chaos');
const finalDir = join(root, 'final');
const chaosDir = join(root, 'chaos');
const inChaos = (f) => f.startsWith(chaosDir + '/');
const chosen = collect(root).filter((f) => inChaos(f) === chaos && (filter.length === 0 || filter.some((s) => f.includes(s))));
const files = chosen.filter((f) => !f.startsWith(finalDir));
const finalFiles = collect(finalDir);
if (files.length === 0 && chosen.length === 0) {
  console.error(`no test files found under ${relative(process.cwd(), root)}: run "npm run build" first`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'kms-test-report-'));
const logDir = mkdtempSync(join(tmpdir(), 'kms-test-logs-'));
const env = { ...process.env, KMS_TEST_LOG_DIR: logDir };

/** Runs one phase; returns [exit status, tests counted]. */
function phase(name, testFiles) {
  if (testFiles.length === 0) return [0, 0];
  const tapFile = join(scratch, `${name}.tap`);
  const result = spawnSync(
    process.execPath,
    [
      '--test',
      // Fault runs kill servers and load both cores: one file at a time.
      `--test-concurrency=${chaos ? 1 : 2}`,
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tapFile}`,
      ...testFiles,
    ],
    { stdio: 'inherit', env },
  );
  let tests = 0;
  try {
    const m = /^# tests (\d+)$/m.exec(readFileSync(tapFile, 'utf8'));
    tests = m ? Number(m[1]) : 0;
  } catch {
    tests = 0;
  }
  return [result.status ?? 1, tests];
}

let status = 0;
let tests = 0;
try {
  const [s1, t1] = phase('main', files);
  // A filtered run that skipped every server test has no logs to scan.
  const [s2, t2] = s1 === 0 && (filter.length === 0 || chosen.some((f) => f.startsWith(finalDir))) ? phase('final', finalFiles) : [0, 0];
  status = s1 !== 0 ? s1 : s2;
  tests = t1 + t2;
} finally {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(logDir, { recursive: true, force: true });
}
if (status !== 0) process.exit(status);
if (tests === 0) {
  console.error('the test runner executed zero tests');
  process.exit(1);
}
