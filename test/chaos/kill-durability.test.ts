/**
 * Durability under kill -9: 32 clients (16 over HTTP, 16 over WebSocket sessions) create AES keys
 * and encrypt under them while the server process gets SIGKILL at a random moment, five times in
 * a row per database type. After each restart every key whose Create and Encrypt were both
 * answered with success, in that round or any earlier one, is found by Get and decrypts what it
 * encrypted; every key whose Create alone was answered is found by Get. Keys created but never
 * acknowledged are allowed to exist or not: the restart must simply come up.
 *
 * The kill moments come from a seeded PRNG; the seed is printed, and KMS_CHAOS_SEED repeats it.
 * @module
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { newDatabase, postKmip, SECRET_HEADER } from '../helpers/http-client.js';
import { bytesField, createRequest, decryptRequest, encryptRequest, getRequest, parseResponse, structField, textField, toJson } from '../helpers/kmip-requests.js';
import { recordSecret, recordTtlvSecrets } from '../helpers/secret-ledger.js';
import { restartServerProcess, startServerProcess, type ServerProcess } from './server-process.js';
import { prng } from '../helpers/prng.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

const ROUNDS = 5;
const HTTP_CLIENTS = 16;
const WS_CLIENTS = 16;
/** The kill comes this many milliseconds after the load starts, drawn uniformly. */
const KILL_AFTER_MS = { min: 300, max: 1500 } as const;
/** Sessions and requests in flight per session while checking. */
const CHECK_SESSIONS = 4;
const CHECK_WINDOW = 32;

const seed = process.env['KMS_CHAOS_SEED'] === undefined ? randomInt(2 ** 31) : Number(process.env['KMS_CHAOS_SEED']);
console.log(`kill-durability: seed ${seed} (KMS_CHAOS_SEED=${seed} repeats the kill moments)`);

/** A server's answer: its Structure, or why there was none (a refusal, or the connection died). */
type Answer = { readonly ok: true; readonly body: TtlvStructure } | { readonly ok: false; readonly why: string; readonly refused: boolean };

/** One way of sending KMIP requests to the server. */
interface Channel {
  send(request: TtlvNode): Promise<Answer>;
  close(): void;
}

/** POST /kmip/2_1, a fresh connection per request (http-client.ts records the secrets). */
function httpChannel(url: string, secret: string | undefined): Channel {
  return {
    async send(request) {
      try {
        const r = await postKmip(url, request, secret);
        return r.status === 200 ? { ok: true, body: parseResponse(r.text) } : { ok: false, why: `HTTP ${r.status}`, refused: true };
      } catch {
        return { ok: false, why: 'connection lost', refused: false };
      }
    },
    close: () => undefined,
  };
}

const sockets = new Set<WebSocket>();

/** A WebSocket KMIP session bound by the upgrade header: `{"id","request"}` frames, answered by id. */
async function wsChannel(url: string, secret: string | undefined): Promise<Channel> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: secret === undefined ? {} : { [SECRET_HEADER]: secret } });
  sockets.add(ws);
  const waiting = new Map<number, (a: Answer) => void>();
  let closed = false;
  let nextId = 1;
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      let msg: { type?: unknown; id?: unknown; response?: unknown; error?: { status?: unknown; reason?: unknown } };
      try {
        msg = JSON.parse(data.toString('utf8')) as typeof msg;
      } catch {
        ws.terminate(); // an unreadable frame: the close handler fails whatever is waiting
        return;
      }
      if (msg.type === 'ready') {
        resolve();
        return;
      }
      const done = typeof msg.id === 'number' ? waiting.get(msg.id) : undefined;
      if (done === undefined || typeof msg.id !== 'number') return;
      waiting.delete(msg.id);
      if (msg.response === undefined) {
        done({ ok: false, why: `error frame ${String(msg.error?.status)} ${String(msg.error?.reason)}`, refused: true });
        return;
      }
      const response = JSON.stringify(msg.response);
      recordTtlvSecrets(response);
      try {
        done({ ok: true, body: parseResponse(response) });
      } catch {
        done({ ok: false, why: 'the response is not a JSON TTLV Structure', refused: true });
      }
    });
    ws.on('close', (code) => {
      closed = true;
      sockets.delete(ws);
      for (const done of waiting.values()) done({ ok: false, why: `session closed (${code})`, refused: false });
      waiting.clear();
      reject(new Error(`the session closed before it was ready (${code})`));
    });
    ws.on('error', () => undefined); // a close event follows and settles everything
  });
  return {
    send(request) {
      if (closed) return Promise.resolve({ ok: false, why: 'session closed', refused: false });
      const id = nextId++;
      const body = toJson(request);
      recordTtlvSecrets(body);
      return new Promise((resolve) => {
        waiting.set(id, resolve);
        ws.send(`{"id":${id},"request":${body}}`);
      });
    },
    close: () => { ws.terminate(); },
  };
}

/** A key whose Create and Encrypt were both acknowledged, with what it encrypted. */
interface Acked {
  readonly round: number;
  readonly uid: string;
  readonly plaintext: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly nonce: Uint8Array;
  readonly tag: Uint8Array;
}

/** What one round's clients saw. */
interface RoundLoad {
  readonly acked: Acked[];
  /** Keys whose Create was acknowledged but whose Encrypt was not. */
  readonly createdOnly: { readonly round: number; readonly uid: string }[];
  /** Answers that refused a request (as opposed to a connection the kill cut). */
  readonly refusals: string[];
}

/** Creates and encrypts until a request goes unanswered. */
async function client(ch: Channel, round: number, load: RoundLoad): Promise<void> {
  for (;;) {
    const created = await ch.send(createRequest());
    if (!created.ok) {
      if (created.refused) load.refusals.push(`Create: ${created.why}`);
      return;
    }
    const uid = textField(created.body, 'UniqueIdentifier');
    const plaintext = randomBytes(16 + randomInt(49));
    recordSecret('plaintext', plaintext);
    const encrypted = await ch.send(encryptRequest(uid, plaintext));
    if (!encrypted.ok) {
      load.createdOnly.push({ round, uid });
      if (encrypted.refused) load.refusals.push(`Encrypt: ${encrypted.why}`);
      return;
    }
    const e = encrypted.body;
    load.acked.push({ round, uid, plaintext, ciphertext: bytesField(e, 'Data'), nonce: bytesField(e, 'IvCounterNonce'), tag: bytesField(e, 'AuthenticatedEncryptionTag') });
  }
}

/** Runs the 32 clients against the server and kills it after `killAfterMs`; resolves once every client has stopped. */
async function loadUntilKilled(server: ServerProcess, secret: string | undefined, round: number, killAfterMs: number): Promise<RoundLoad> {
  const load: RoundLoad = { acked: [], createdOnly: [], refusals: [] };
  const sessions = await Promise.all(Array.from({ length: WS_CLIENTS }, () => wsChannel(server.url, secret)));
  const channels = [...sessions, ...Array.from({ length: HTTP_CLIENTS }, () => httpChannel(server.url, secret))];
  const running = Promise.allSettled(channels.map((ch) => client(ch, round, load)));
  await delay(killAfterMs); // the experiment: a random moment under load
  const exit = await server.kill('SIGKILL');
  assert.equal(exit.signal, 'SIGKILL', `round ${round}: the server died before the kill (code ${String(exit.code)}):\n${server.output()}`);
  for (const r of await running) if (r.status === 'rejected') throw r.reason;
  for (const ch of channels) ch.close();
  return load;
}

/** Calls `fn` on each item, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const item = items[i];
      if (item !== undefined) await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** The key bytes of a Get answer for a symmetric key in Raw format. */
function keyMaterial(get: TtlvStructure): Uint8Array {
  const keyValue = structField(structField(structField(get, 'Object'), 'KeyBlock'), 'KeyValue');
  return bytesField(structField(keyValue, 'KeyMaterial'), 'ByteString');
}

/** Checks every acknowledged key; returns one line per key that is missing or wrong (uid and round, no key material). */
async function lostKeys(url: string, secret: string | undefined, acked: readonly Acked[], createdOnly: RoundLoad['createdOnly']): Promise<string[]> {
  const lost: string[] = [];
  const sessions = await Promise.all(Array.from({ length: CHECK_SESSIONS }, () => wsChannel(url, secret)));
  const found = async (ch: Channel, uid: string, round: number): Promise<boolean> => {
    const got = await ch.send(getRequest(uid));
    if (!got.ok) lost.push(`${uid} (round ${round}): Get: ${got.why}`);
    else if (textField(got.body, 'UniqueIdentifier') !== uid) lost.push(`${uid} (round ${round}): Get answered another object`);
    else {
      const key = keyMaterial(got.body);
      // The ledger's tag list misses a Raw key's inner ByteString: record the key here.
      recordSecret('key', key);
      if (key.length !== 32) lost.push(`${uid} (round ${round}): Get returned ${key.length} key bytes, not 32`);
    }
    return got.ok;
  };
  let turn = 0;
  const channel = (): Channel => {
    const ch = sessions[turn++ % sessions.length];
    if (ch === undefined) throw new Error('no check session');
    return ch;
  };
  await eachLimited(acked, CHECK_SESSIONS * CHECK_WINDOW, async (k) => {
    const ch = channel();
    if (!(await found(ch, k.uid, k.round))) return;
    const plain = await ch.send(decryptRequest(k.uid, k.ciphertext, k.nonce, k.tag));
    if (!plain.ok) lost.push(`${k.uid} (round ${k.round}): Decrypt: ${plain.why}`);
    else if (!Buffer.from(bytesField(plain.body, 'Data')).equals(k.plaintext)) lost.push(`${k.uid} (round ${k.round}): Decrypt returned other data`);
  });
  await eachLimited(createdOnly, CHECK_SESSIONS * CHECK_WINDOW, async (k) => { await found(channel(), k.uid, k.round); });
  for (const ch of sessions) ch.close();
  return lost;
}

const dirs: string[] = [];
const servers = new Set<ServerProcess>();

after(async () => {
  for (const ws of sockets) ws.terminate();
  await Promise.all([...servers].map((s) => s.kill('SIGKILL')));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// A guard against a hung run, far above the ~20 s each type takes on two busy cores.
describe('durability under kill -9', { timeout: 300_000 }, () => {
  for (const databaseType of ['sqlite-enc', 'sqlite'] as const) {
    it(`keeps every acknowledged key through ${ROUNDS} SIGKILLs under 32 clients (${databaseType})`, async () => {
      const random = prng(seed ^ (databaseType === 'sqlite' ? 0x5eed : 0));
      const rootDir = mkdtempSync(join(tmpdir(), 'kms-chaos-'));
      dirs.push(rootDir);
      let server = await startServerProcess({ rootDir, databaseType });
      servers.add(server);
      const secret = databaseType === 'sqlite-enc' ? await newDatabase(server.url) : undefined;
      const acked: Acked[] = [];
      const createdOnly: RoundLoad['createdOnly'] = [];
      let checks = 0;
      for (let round = 1; round <= ROUNDS; round++) {
        const killAfterMs = KILL_AFTER_MS.min + Math.floor(random() * (KILL_AFTER_MS.max - KILL_AFTER_MS.min + 1));
        const load = await loadUntilKilled(server, secret, round, killAfterMs);
        assert.ok(load.acked.length > 0, `round ${round}: no key was acknowledged in ${killAfterMs} ms (refusals: ${load.refusals.join(', ') || 'none'})`);
        acked.push(...load.acked);
        createdOnly.push(...load.createdOnly);
        const killed = server;
        server = await restartServerProcess(killed);
        servers.delete(killed);
        servers.add(server);
        const lost = await lostKeys(server.url, secret, acked, createdOnly);
        checks += acked.length + createdOnly.length;
        assert.equal(
          lost.length,
          0,
          `round ${round} (killed after ${killAfterMs} ms, seed ${seed}): ${lost.length} acknowledged keys lost after the restart, first:\n${lost.slice(0, 20).join('\n')}` +
            `\n--- server output before the kill ---\n${killed.output()}\n--- after the restart ---\n${server.output()}`,
        );
        console.log(`kill-durability ${databaseType} round ${round}: killed after ${killAfterMs} ms, ${load.acked.length} acknowledged, ${load.createdOnly.length} created only, ${load.refusals.length} refusals`);
      }
      const stopped = await server.kill('SIGTERM');
      assert.equal(stopped.code, 0, `the server did not stop cleanly after the last check:\n${server.output()}`);
      console.log(`kill-durability ${databaseType}: ${ROUNDS} kills survived, ${acked.length} keys acknowledged (+${createdOnly.length} created only), ${checks} key checks, 0 lost (seed ${seed})`);
    });
  }
});
