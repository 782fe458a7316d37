#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with node's test runner and fails
// when nothing ran: Node 20 happily exits 0 on "tests 0".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..', 'dist', 'test');
const filter = process.argv.slice(2);

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

const files = collect(root).filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files found under ${relative(process.cwd(), root)}: run "npm run build" first`);
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'kms-test-report-'));
const tapFile = join(scratch, 'report.tap');
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
let tests = 0;
try {
  const m = /^# tests (\d+)$/m.exec(readFileSync(tapFile, 'utf8'));
  tests = m ? Number(m[1]) : 0;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (result.status !== 0) process.exit(result.status ?? 1);
if (tests === 0) {
  console.error('the test runner executed zero tests');
  process.exit(1);
}
