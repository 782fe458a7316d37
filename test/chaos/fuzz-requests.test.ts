/**
 * A fuzz run against a live, in-process server: known data first, then well over 100 000
 * malformed HTTP and WebSocket requests (mutated and garbage bodies, wrong content types, odd and
 * huge headers, malformed and forged secrets, wrong paths and methods, garbage, oversized and
 * protocol-breaking frames) from a fixed seed over concurrent connections. The server must answer
 * each with a clear error (or a documented close), never repeat a secret, never crash, keep its
 * memory bounded, and still hold the known data intact.
 * @module
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { httpRequest, newDatabase, secretParts } from '../helpers/http-client.js';
import { Scrape } from '../helpers/metrics-text.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { corpus } from './fuzz-corpus.js';
import { writeKnownData, verifyKnownData, type KnownData } from './fuzz-known-data.js';
import { runHttp } from './fuzz-run-http.js';
import { runWs } from './fuzz-ws.js';
import { Tally } from './fuzz-tally.js';
import type { FuzzTarget } from './fuzz-http-cases.js';

const SEED = 0x00f0_2201;
const MAX_BODY = 128 * 1024;
// Ample for a busy exchange; a request still unanswered after it counts as a hang.
const TIMEOUT_MS = 20_000;
// From the end of the warm-up to the end of the run, read after a full collection of this thread
// once nothing is in flight. RSS covers the whole process (gateway, the workers' heaps, SQLite
// caches, malloc arenas, this client) and moves by a few hundred MiB with the collectors' timing
// alone (here under node --test: +15 to +350 MiB), so its bound only catches a gross leak (5 KiB a
// request); the gateway thread's live heap is the tight check (here: +4 to +28 MiB).
const RSS_GROWTH_BOUND = 512 * 2 ** 20;
const HEAP_GROWTH_BOUND = 64 * 2 ** 20;

interface Plan {
  readonly databaseType: 'sqlite' | 'sqlite-enc';
  readonly warmup: { readonly http: number; readonly ws: number };
  readonly run: { readonly http: number; readonly ws: number };
}

const PLANS: readonly Plan[] = [
  { databaseType: 'sqlite-enc', warmup: { http: 21_000, ws: 9_000 }, run: { http: 51_000, ws: 21_000 } },
  { databaseType: 'sqlite', warmup: { http: 4_000, ws: 2_000 }, run: { http: 10_000, ws: 4_000 } },
];

/**
 * Memory after a full collection of this thread's heap (the server's gateway and this client share
 * it), so the reading shows what stays, not what waits for the collector.
 */
function settledMemory(): { rss: number; heap: number } {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed };
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** Lets the event loop turn until `done` holds (bounded; no timed sleep). */
async function until(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 200_000 && !done(); i++) await new Promise<void>((r) => setImmediate(r));
  return done();
}

for (const plan of PLANS) {
  describe(`fuzzing a live server with malformed requests (${plan.databaseType})`, () => {
    let server: TestServer;
    let target: FuzzTarget;
    let known: KnownData;
    let knownSecret: string | undefined;
    const tally = new Tally();
    let afterWarmup = { rss: 0, heap: 0 };
    let atEnd = { rss: 0, heap: 0 };

    before(async () => {
      server = await startTestServer({ databaseType: plan.databaseType, extraArgs: ['--max-body-size', String(MAX_BODY)] });
      const encrypted = plan.databaseType === 'sqlite-enc';
      knownSecret = encrypted ? await newDatabase(server.url) : undefined;
      const fuzzSecret = encrypted ? await newDatabase(server.url) : '';
      known = await writeKnownData(server.url, knownSecret);
      const secrets = [knownSecret, fuzzSecret].filter((s): s is string => s !== undefined && s !== '');
      target = {
        port: server.port,
        corpus: corpus(),
        maxBody: MAX_BODY,
        encrypted,
        fuzzSecret,
        knownSecret: knownSecret ?? '',
        knownGroupId: knownSecret === undefined ? 0n : secretParts(knownSecret).groupId,
        forbidden: [...secrets, ...secrets.map((s) => secretParts(s).keyHex), ...secrets.map((s) => secretParts(s).keyHex.toUpperCase()), known.imported.keyHex],
      };
    });

    after(async () => {
      await server.stop();
      removeDir(server.rootDir);
    });

    it('answers every malformed request with a clear error or a documented close, never a secret', async () => {
      const run = async (counts: Plan['warmup'], seed: number): Promise<void> => {
        await Promise.all([
          runHttp(target, tally, { left: counts.http }, { connections: 16, oneShots: 400, seed, timeoutMs: TIMEOUT_MS }),
          runWs(target, tally, { left: counts.ws }, { sessions: 6, seed: seed + 1, timeoutMs: TIMEOUT_MS }),
        ]);
      };
      // The warm-up grows the heaps and caches to their working size; memory is measured from there.
      const idle = (): Promise<boolean> => until(() => server.supervisor.stats().inFlight === 0 && server.sessions() === 0);
      await run(plan.warmup, SEED);
      await idle();
      afterWarmup = settledMemory();
      await run(plan.run, SEED + 1_000_003);
      await idle();
      atEnd = settledMemory();
      const report = tally.report(`fuzz run (${plan.databaseType}, seed ${SEED})`);
      console.log(`${report}\nafter the warm-up: RSS ${mib(afterWarmup.rss)}, heap ${mib(afterWarmup.heap)}; at the end: RSS ${mib(atEnd.rss)}, heap ${mib(atEnd.heap)}`);
      const planned = plan.warmup.http + plan.warmup.ws + plan.run.http + plan.run.ws;
      assert.equal(tally.total, planned, 'every planned request was sent');
      assert.equal(tally.failureCount, 0, report);
    });

    it('keeps every error short, whatever client strings it names', () => {
      assert.equal(tally.knownCount, 0, tally.report('known issues'));
    });

    it('is still up: every worker ready, no worker or actor crashed, nothing left in flight', async () => {
      const readiness = server.supervisor.readiness();
      assert.equal(readiness.state, 'ready');
      assert.equal(readiness.workersReady, readiness.workers);
      // Only the databases really used are open: forged secrets for unknown groups opened nothing.
      assert.ok(server.supervisor.stats().openActors <= (plan.databaseType === 'sqlite-enc' ? 2 : 1), JSON.stringify(server.supervisor.stats()));
      assert.ok(await until(() => server.supervisor.stats().inFlight === 0 && server.sessions() === 0), 'requests and sessions drain');
      const metrics = new Scrape((await httpRequest(`${server.url}/metrics`)).text);
      assert.equal(metrics.count('kms_worker_crashes_total'), 0);
      assert.equal(metrics.count('kms_actor_crashes_total'), 0);
      // No 500 was sent (the first test checks every answer), so none may be counted: clients that
      // drop a connection mid-body are not server failures.
      assert.equal(metrics.count('kms_http_responses_total', { class: '5xx' }), 0);
      assert.equal((await httpRequest(`${server.url}/version`)).status, 200);
    });

    it(`keeps its memory bounded after the warm-up (RSS grows by less than ${mib(RSS_GROWTH_BOUND)}, the gateway heap by less than ${mib(HEAP_GROWTH_BOUND)})`, () => {
      assert.ok(afterWarmup.rss > 0 && atEnd.rss > 0, 'the run measured memory');
      assert.ok(atEnd.rss - afterWarmup.rss < RSS_GROWTH_BOUND, `RSS grew from ${mib(afterWarmup.rss)} to ${mib(atEnd.rss)}`);
      assert.ok(atEnd.heap - afterWarmup.heap < HEAP_GROWTH_BOUND, `the heap grew from ${mib(afterWarmup.heap)} to ${mib(atEnd.heap)}`);
    });

    it('still reads back and decrypts the data written before the run', async () => {
      await verifyKnownData(server.url, knownSecret, known);
    });
  });
}
