/**
 * Binary KMIP against the PyKMIP server: the same Node load generator (node:tls, K connections,
 * one request at a time on each, no pipelining) sends Create AES-256 and then Get of the keys it
 * created, in KMIP 1.2 binary TTLV built with our codec, to `pykmip-server` and to our socket
 * server (plain SQLite database) in the same run; the figures are each server's rate and latency
 * and the per-run ratio ours / PyKMIP. PyKMIP's own client (about 2,000 operations/s at most
 * here) could not load ours.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBinaryTtlv, encodeBinaryTtlv } from '../../src/kmip/ttlv/binary.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';
import { int, struct, text } from '../../src/kmip/ttlv/build.js';
import { makeTestPki, type TestPki } from '../../test/helpers/pki.js';
import { PYTHON } from '../../test/interop/python.js';
import { TtlvConnection } from '../../test/interop/ttlv-connection.js';
import { started, stopAll } from '../child-process.js';
import { logFigure, toFigure, type BenchContext, type Run } from '../measure.js';
import { startPyKmipServer } from '../pykmip-server.js';
import type { Figure } from '../result.js';
import { percentile, summarize } from '../stats.js';

/** Connections of the load generator: one client alone, and a few at once. */
const CONNECTIONS = [1, 4];
const SCENARIO = 'Binary KMIP vs PyKMIP server';

// KMIP 1.2, as PyKMIP's client sends by default; enumerations as numbers, so the bytes do not
// depend on how our tables spell them.
const OP_CREATE = 0x01;
const OP_GET = 0x0a;
const SYMMETRIC_KEY = 0x02;
const AES = 0x03;

function message(operation: number, payload: readonly TtlvNode[]): Uint8Array {
  return encodeBinaryTtlv(struct('RequestMessage', [
    struct('RequestHeader', [struct('ProtocolVersion', [int('ProtocolVersionMajor', 1), int('ProtocolVersionMinor', 2)]), int('BatchCount', 1)]),
    struct('BatchItem', [{ tag: 'Operation', type: 'Enumeration', value: operation }, struct('RequestPayload', payload)]),
  ]));
}

function attribute(name: string, value: TtlvNode): TtlvNode {
  return struct('Attribute', [text('AttributeName', name), value]);
}

/** Create AES-256 (Encrypt|Decrypt), a 1.x Template-Attribute as PyKMIP writes it. */
const CREATE = message(OP_CREATE, [
  { tag: 'ObjectType', type: 'Enumeration', value: SYMMETRIC_KEY },
  struct('TemplateAttribute', [
    attribute('Cryptographic Algorithm', { tag: 'AttributeValue', type: 'Enumeration', value: AES }),
    attribute('Cryptographic Length', int('AttributeValue', 256)),
    attribute('Cryptographic Usage Mask', int('AttributeValue', 12)),
  ]),
]);

/** Get with only the identifier, so each server answers in its default format. */
function getRequest(uid: string): Uint8Array {
  return message(OP_GET, [text('UniqueIdentifier', uid)]);
}

function child(node: TtlvNode, tag: string): TtlvNode | undefined {
  return node.type === 'Structure' ? node.value.find((c) => c.tag === tag) : undefined;
}

/** The batch item's result: the identifier on success, undefined on any failure. */
function succeeded(answer: Uint8Array): string | undefined {
  const item = child(decodeBinaryTtlv(answer), 'BatchItem');
  const status = item === undefined ? undefined : child(item, 'ResultStatus');
  if (status?.type !== 'Enumeration' || (status.value !== 0 && status.value !== 'Success')) return undefined;
  const uid = child(child(item ?? status, 'ResponsePayload') ?? status, 'UniqueIdentifier');
  return uid?.type === 'TextString' ? uid.value : undefined;
}

interface Endpoint {
  readonly port: number;
  readonly pki: TestPki;
}

/** K connections each sending `next(lane)` one at a time for `seconds`; the rate, latencies and errors. */
async function load(e: Endpoint, k: number, seconds: number, next: (lane: number, i: number) => Uint8Array, onAnswer: (lane: number, uid: string) => void): Promise<Run> {
  const conns = await Promise.all(Array.from({ length: k }, () => TtlvConnection.open({ host: '127.0.0.1', port: e.port, ca: e.pki.ca.cert, cert: e.pki.alice.cert, key: e.pki.alice.key })));
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  try {
    await Promise.all(conns.map(async (conn, lane) => {
      for (let i = 0; performance.now() < end; i++) {
        const t0 = performance.now();
        try {
          const uid = succeeded(await conn.request(next(lane, i)));
          latencies.push(performance.now() - t0);
          if (uid === undefined) errors++;
          else onAnswer(lane, uid);
        } catch {
          errors++;
          return;
        }
      }
    }));
  } finally {
    await Promise.all(conns.map((c) => c.close()));
  }
  const elapsed = (performance.now() - start) / 1000;
  return { rate: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), errors };
}

/** One measured run of Create then Get at `k` connections. */
async function createThenGet(e: Endpoint, k: number, seconds: number): Promise<{ create: Run; get: Run }> {
  const ids: string[] = [];
  const create = await load(e, k, seconds, () => CREATE, (_lane, uid) => { ids.push(uid); });
  if (ids.length === 0) throw new Error(`no key was created on port ${e.port}`);
  // Each connection walks the created keys from its own starting point.
  const get = await load(e, k, seconds, (lane, i) => getRequest(ids[(lane + i * k) % ids.length] ?? ''), () => undefined);
  return { create, get };
}

/** Our server with its socket server on a port the kernel picks (the line saying it listens names it) and a plain database. */
async function startOurs(ctx: BenchContext, pki: TestPki, dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const c = spawn(process.execPath, [
    join(ctx.root, 'bin/kms-server.js'), '--port', '0', '--hostname', '127.0.0.1', '--root-data-path', dataDir, '--database-type', 'sqlite',
    '--socket-server-start', '--socket-server-port', '0', '--socket-server-hostname', '127.0.0.1',
    '--https-cert-file', pki.server.certFile, '--https-key-file', pki.server.keyFile, '--authority-cert-file', pki.ca.certFile,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await started(c, /KMIP socket server listening on [^\s:]+:(\d+)/);
    c.stdout?.resume();
    c.stderr?.resume();
    return { child: c, port };
  } catch (err) {
    await stopAll([c]);
    throw err;
  }
}

function ratioFigure(id: string, name: string, ours: readonly Run[], peer: readonly Run[], k: number): Figure {
  const ratios = ours.map((r, i) => r.rate / (peer[i]?.rate ?? Number.NaN));
  return { id, scenario: SCENARIO, name, unit: 'x', concurrency: k, value: summarize(ratios), errors: [...ours, ...peer].reduce((n, r) => n + r.errors, 0) };
}

/**
 * `pykmip.<create|get>.<ours|pykmip|ratio>.c<K>`: both servers run side by side for the whole
 * scenario, and each run measures PyKMIP then ours, so both see the same machine state.
 */
export async function pykmipCompare(ctx: BenchContext): Promise<Figure[]> {
  const probe = spawnSync(PYTHON, ['-c', 'import kmip'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error(`PyKMIP is missing: apt-get install -y python3-pykmip (${PYTHON} cannot import kmip)`);
  const dir = join(ctx.dir, 'pykmip-compare');
  mkdirSync(dir, { recursive: true });
  const pki = makeTestPki();
  const figures: Figure[] = [];
  let ours: { child: ChildProcess; port: number } | undefined;
  let peer: Awaited<ReturnType<typeof startPyKmipServer>> | undefined;
  try {
    peer = await startPyKmipServer({ dir: join(dir, 'pykmip'), certFile: pki.server.certFile, keyFile: pki.server.keyFile, caFile: pki.ca.certFile });
    ours = await startOurs(ctx, pki, join(dir, 'ours'));
    const endpoints = { pykmip: { port: peer.port, pki }, ours: { port: ours.port, pki } };
    for (const k of CONNECTIONS) {
      ctx.log(`${SCENARIO}, ${k} connection(s), Create AES-256 then Get, one request at a time`);
      const runs = { pykmip: { create: [] as Run[], get: [] as Run[] }, ours: { create: [] as Run[], get: [] as Run[] } };
      for (const side of ['pykmip', 'ours'] as const) await createThenGet(endpoints[side], k, ctx.cfg.warmupSeconds);
      for (let r = 0; r < ctx.cfg.runs; r++) {
        for (const side of ['pykmip', 'ours'] as const) {
          const m = await createThenGet(endpoints[side], k, ctx.cfg.seconds);
          runs[side].create.push(m.create);
          runs[side].get.push(m.get);
        }
      }
      for (const op of ['create', 'get'] as const) {
        const label = op === 'create' ? 'Create AES-256' : 'Get';
        const unit = op === 'create' ? 'creates/s' : 'gets/s';
        figures.push(logFigure(ctx, toFigure({ id: `pykmip.${op}.pykmip.c${k}`, scenario: SCENARIO, name: `${label}, PyKMIP server, ${k} conn.`, unit, concurrency: k }, runs.pykmip[op])));
        figures.push(logFigure(ctx, toFigure({ id: `pykmip.${op}.ours.c${k}`, scenario: SCENARIO, name: `${label}, ours (socket server), ${k} conn.`, unit, concurrency: k }, runs.ours[op])));
        figures.push(logFigure(ctx, ratioFigure(`pykmip.${op}.ratio.c${k}`, `${label}, ours / PyKMIP, ${k} conn.`, runs.ours[op], runs.pykmip[op], k)));
      }
    }
  } catch (err) {
    // The peer's log says why it refused (e.g. a certificate it did not accept).
    let tail = '';
    try {
      tail = readFileSync(join(dir, 'pykmip', 'server.log'), 'utf8').split('\n').filter((l) => / - (ERROR|WARNING) - /.test(l)).slice(-3).join(' / ');
    } catch {
      // No log.
    }
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail === '' ? '' : ` (pykmip-server: ${tail})`}`);
  } finally {
    if (ours !== undefined) await stopAll([ours.child]);
    if (peer !== undefined) await peer.stop();
    rmSync(pki.dir, { recursive: true, force: true });
  }
  return figures;
}
