/**
 * `npm run bench`: every scenario of the performance issue the server supports, each figure beside
 * its ceiling from the same run, then the JSON result, the markdown table (also spliced into
 * docs/benchmarks.md between its markers) and the throughput chart. Needs wrk (`apt-get install wrk`).
 * BENCH_RUNS, BENCH_SECONDS and BENCH_QUICK=1 set how much it measures (see bench/config.ts).
 * BENCH_ONLY='<scenario>[,<scenario>...]' runs only those scenarios (names as in the progress
 * lines, e.g. `Certificates`) and prints their table without touching the saved results or docs.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { started, stopAll } from './child-process.js';
import { benchConfig } from './config.js';
import { checkBodies, keyAndBodies } from './fixture.js';
import { newDatabase, startKms } from './kms-server.js';
import { describeMachine } from './machine.js';
import type { BenchContext } from './measure.js';
import { throughputSeries, writeResult } from './report/json.js';
import { renderMarkdown, replaceBetween } from './report/markdown.js';
import { renderSvg } from './report/svg.js';
import { evaluateTargets } from './report/targets.js';
import type { BenchResult, Figure } from './result.js';
import { batches } from './scenarios/batches.js';
import { certificates } from './scenarios/certificates.js';
import { createAndGet, creates } from './scenarios/create-get.js';
import { insertCeiling } from './scenarios/insert-ceiling.js';
import { openCeiling } from './scenarios/open-ceiling.js';
import { cryptoCeiling } from './scenarios/crypto-ceiling.js';
import { messageFloor } from './scenarios/message-floor.js';
import { processRuntime } from './scenarios/process-runtime.js';
import { pykmipCompare } from './scenarios/pykmip-compare.js';
import { tuneV8 } from '../src/lib/v8-tuning.js';
import { httpEncrypt } from './scenarios/http-encrypt.js';
import { manyDatabases } from './scenarios/many-databases.js';
import { memory, perOpenActor, type TenantDatabase } from './scenarios/memory.js';
import { tls } from './scenarios/tls.js';
import { wsEncrypt } from './scenarios/ws-encrypt.js';
import { hasWrk } from './wrk.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BEGIN = '<!-- bench:begin -->';
/** Client counts of the plain-database Create: the two the no-collapse target compares. */
const PLAIN_CREATE_CLIENTS = [4, 32];
const END = '<!-- bench:end -->';

/** BENCH_ONLY's scenario names, lower-cased; undefined runs them all. */
function onlyScenarios(raw: string | undefined): ReadonlySet<string> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return new Set(raw.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''));
}

async function main(): Promise<void> {
  if (!hasWrk()) {
    process.stderr.write('npm run bench needs wrk: apt-get install -y wrk\n');
    process.exitCode = 1;
    return;
  }
  // The ceilings measured in this process run under the server's own V8 settings.
  tuneV8();
  const cfg = benchConfig(process.env);
  const startedAt = new Date().toISOString();
  const dir = mkdtempSync(join(tmpdir(), 'kms-bench-'));
  const ctx: BenchContext = { cfg, root, dir, log: (l) => { process.stderr.write(`${l}\n`); } };
  const figures: Figure[] = [];
  const failures: { scenario: string; message: string }[] = [];
  const only = onlyScenarios(process.env['BENCH_ONLY']);
  const attempt = async (scenario: string, run: () => Promise<Figure[]> | Figure[]): Promise<void> => {
    if (only !== undefined && !only.has(scenario.toLowerCase())) return;
    try {
      figures.push(...(await run()));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`${scenario} failed: ${message}`);
      failures.push({ scenario, message: message.slice(0, 300) });
    }
  };
  const children: ChildProcess[] = [];
  try {
    await attempt('node:crypto ceiling', () => [cryptoCeiling(ctx)]);
    await attempt('Open ceiling', () => [openCeiling(ctx)]);
    await attempt('Insert ceiling', () => insertCeiling(ctx));
    const echo = spawn(process.execPath, [fileURLToPath(new URL('echo-server.js', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(echo);
    const echoBase = `http://127.0.0.1:${await started(echo, /port=(\d+)/)}`;
    const kms = await startKms(root, join(dir, 'single'));
    children.push(kms.child);
    const secret = await newDatabase(kms.base);
    const bodies = await keyAndBodies(kms.base, secret);
    await checkBodies(kms.base, secret, bodies);
    await attempt('HTTP Encrypt', () => httpEncrypt(ctx, echoBase, kms.base, secret, bodies.encrypt, echo.pid === undefined ? undefined : { echo: echo.pid, kms: kms.pid }));
    await attempt('WebSocket Encrypt', () => wsEncrypt(ctx, echoBase, kms.base, secret, bodies.encrypt));
    await attempt('Batches', () => batches(ctx, kms.base, secret, bodies));
    await attempt('Message item floor', async () => [await messageFloor(ctx, kms.base, secret, bodies)]);
    await attempt('Create and Get', () => createAndGet(ctx, kms.base, secret, bodies));
    await attempt('Certificates', () => certificates(ctx, kms.base, secret));
    await stopAll(children.splice(0));
    await attempt('Actors in child processes', () => processRuntime(ctx));

    // The default database type: one plain database, no secret.
    await attempt('Create, plain', async () => {
      const plain = await startKms(root, join(dir, 'plain'), [], 'sqlite');
      try {
        return creates(ctx, plain.base, '', await keyAndBodies(plain.base, ''), PLAIN_CREATE_CLIENTS, 'create-plain', 'Create AES-256, plain database');
      } finally {
        await plain.stop();
      }
    });

    const tenants = join(dir, 'tenants');
    let dbs: TenantDatabase[] = [];
    await attempt('Memory', async () => {
      const m = await memory(ctx, tenants, Math.max(cfg.memoryDatabases, cfg.randomDatabases));
      dbs = m.databases;
      return m.figures;
    });
    await attempt('Memory per open actor', async () => [await perOpenActor(ctx, tenants, dbs)]);
    await attempt('Many databases', () => manyDatabases(ctx, tenants, dbs.slice(0, cfg.randomDatabases)));
    await attempt('TLS cost', () => tls(ctx));
    await attempt('PyKMIP comparison', () => pykmipCompare(ctx));
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
  }

  const result: BenchResult = { version: 1, startedAt, finishedAt: new Date().toISOString(), config: cfg, machine: describeMachine(), figures, targets: evaluateTargets(figures), failures };
  if (only !== undefined) {
    // A partial run would overwrite the full results with a few figures: it only prints.
    process.stdout.write(renderMarkdown({ ...result, targets: result.targets.filter((t) => t.pass !== null) }, 'docs/benchmarks-throughput.svg') + '\n');
    if (failures.length > 0) process.exitCode = 1;
    return;
  }
  const results = join(root, 'bench/results');
  mkdirSync(results, { recursive: true });
  writeResult(join(results, 'latest.json'), result);
  writeFileSync(join(results, 'latest.md'), renderMarkdown(result, '../../docs/benchmarks-throughput.svg') + '\n');
  writeFileSync(join(root, 'docs/benchmarks-throughput.svg'), renderSvg('Throughput versus concurrency', 'requests per second', throughputSeries(figures)));
  const docs = join(root, 'docs/benchmarks.md');
  writeFileSync(docs, replaceBetween(readFileSync(docs, 'utf8'), BEGIN, END, renderMarkdown(result, 'benchmarks-throughput.svg')));
  process.stdout.write(renderMarkdown(result, 'docs/benchmarks-throughput.svg') + '\n');
  if (failures.length > 0) process.exitCode = 1;
}

await main();
