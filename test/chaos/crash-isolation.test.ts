/**
 * Crash isolation end to end, for both actor runtimes: several encrypted databases spread over
 * the two workers are kept busy over real HTTP while the worker of one is made to fail (an
 * uncaught exception, a hard exit, and in child processes a real SIGSEGV). Only the requests that
 * worker held fail, with a clear 500 and no secret; the other worker's databases never notice;
 * the next request to each crashed database succeeds with everything written before; and a
 * database whose worker keeps crashing is fenced off with a clear 503 while the rest is served.
 * @module
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { httpRequest, kmipOk, newDatabase, postKmip, secretParts } from '../helpers/http-client.js';
import { bytesField, createRequest, decryptRequest, encryptRequest, getRequest, messageRequest } from '../helpers/kmip-requests.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import type { FaultKind } from '../../src/protocol/messages.js';

const CRASHED_BODY = 'Unexpected server error: the worker serving this database stopped unexpectedly; the request was not completed and will not be retried';
const FENCED_BODY = 'Service Unavailable: this database is temporarily unavailable after repeated failures';
const KEY_UID = 'before-crash';
/** Concurrent clients per database: each has at most one request in flight. */
const CLIENTS = 3;
/** Successes every database must reach before a crash and again after it. */
const QUORUM = 5;
/** A fault that never fires would otherwise leave a test waiting for ever. */
const TIMEOUT_MS = 60_000;

/** A database, its secret, and a ciphertext sealed before any crash. */
interface Database {
  readonly actorId: string;
  readonly secret: string;
  readonly keyHex: string;
  readonly plaintext: Buffer;
  readonly sealed: { readonly data: Uint8Array; readonly nonce: Uint8Array; readonly tag: Uint8Array };
}

/** One request of the load and how it ended. */
interface Outcome {
  readonly status: number;
  readonly text: string;
  /** The object a successful write created. */
  readonly created: string | null;
}

async function openDatabase(server: TestServer): Promise<Database> {
  const secret = await newDatabase(server.url);
  const { groupId, keyHex } = secretParts(secret);
  await kmipOk(server.url, createRequest({ uid: KEY_UID }), secret);
  const plaintext = randomBytes(48);
  const enc = await kmipOk(server.url, encryptRequest(KEY_UID, plaintext), secret);
  const sealed = { data: bytesField(enc, 'Data'), nonce: bytesField(enc, 'IvCounterNonce'), tag: bytesField(enc, 'AuthenticatedEncryptionTag') };
  return { actorId: groupId.toString(), secret, keyHex, plaintext, sealed };
}

/** Continuous load: CLIENTS loops per database, alternating an Encrypt (read) and a Create (write). */
class Load {
  readonly outcomes = new Map<Database, Outcome[]>();
  #stopped = false;
  /** Why a client stopped early (the server stopped answering): ends every wait. */
  #error: unknown = null;
  #clients: Promise<void>[] = [];
  #waiters: { readonly done: () => boolean; readonly resolve: () => void }[] = [];

  constructor(private readonly url: string, dbs: readonly Database[]) {
    for (const db of dbs) {
      this.outcomes.set(db, []);
      for (let c = 0; c < CLIENTS; c++) this.#clients.push(this.#client(db, c));
    }
  }

  async #client(db: Database, client: number): Promise<void> {
    for (let i = 0; !this.#stopped; i++) {
      const uid = `load-${client}-${i}`;
      const write = i % 2 === 1;
      try {
        const r = await postKmip(this.url, write ? createRequest({ uid }) : encryptRequest(KEY_UID, Buffer.from(`load ${client} ${i}`)), db.secret);
        this.outcomes.get(db)?.push({ status: r.status, text: r.text, created: write && r.status === 200 ? uid : null });
      } catch (err) {
        this.#error ??= err;
        this.#stopped = true;
      }
      this.#wake();
    }
  }

  #wake(): void {
    for (const w of this.#waiters.filter((x) => this.#error !== null || x.done())) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Successful requests of a database from outcome `from` on. */
  successes(db: Database, from = 0): number {
    return (this.outcomes.get(db) ?? []).slice(from).filter((o) => o.status === 200).length;
  }

  /** Resolves once `done` holds (checked after every answer), or a client stopped early. */
  until(done: () => boolean): Promise<void> {
    if (this.#error !== null || done()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ done, resolve }));
  }

  /** Resolves once every database has QUORUM more successes than at `marks`. */
  quorum(marks: ReadonlyMap<Database, number>): Promise<void> {
    return this.until(() => [...marks].every(([db, from]) => this.successes(db, from) >= QUORUM));
  }

  /** Where each database's outcomes stand now. */
  marks(): Map<Database, number> {
    return new Map([...this.outcomes].map(([db, list]) => [db, list.length]));
  }

  /** Stops the clients; throws if one could not reach the server. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.all(this.#clients);
    if (this.#error !== null) throw new Error('the server stopped answering during the load', { cause: this.#error });
  }
}

/** Asserts a database still holds what was written: the sealed ciphertext opens, every acknowledged write is there. */
async function assertIntact(server: TestServer, db: Database, load: Load | null): Promise<void> {
  const dec = await kmipOk(server.url, decryptRequest(KEY_UID, db.sealed.data, db.sealed.nonce, db.sealed.tag), db.secret);
  assert.deepEqual(Buffer.from(bytesField(dec, 'Data')), db.plaintext);
  const written = (load?.outcomes.get(db) ?? []).flatMap((o) => (o.created === null ? [] : [o.created]));
  if (written.length === 0) return;
  const r = await postKmip(server.url, messageRequest(written.map((uid) => getRequest(uid))), db.secret);
  assert.equal(r.status, 200, r.text);
  for (const uid of written) assert.ok(r.text.includes(`"${uid}"`), `acknowledged write ${uid} is missing after the crash`);
  assert.ok(!r.text.includes('Item_Not_Found'), 'an acknowledged write is missing after the crash');
}

/** Asserts an error body names no secret of any database. */
function assertNoSecret(text: string, dbs: readonly Database[]): void {
  for (const db of dbs) {
    assert.ok(!text.includes(db.secret), 'an error body repeats a database secret');
    assert.ok(!text.toLowerCase().includes(db.keyHex), 'an error body repeats a database key');
  }
}

/** Four databases over the two workers, grouped by the worker of the first (the one crashed). */
async function spread(server: TestServer): Promise<{ all: Database[]; victims: Database[]; bystanders: Database[] }> {
  const all: Database[] = [];
  for (let i = 0; i < 4; i++) all.push(await openDatabase(server));
  const first = all[0];
  assert.ok(first !== undefined);
  const crashed = server.supervisor.workerOf(first.actorId);
  assert.notEqual(crashed, null);
  const victims = all.filter((db) => server.supervisor.workerOf(db.actorId) === crashed);
  const bystanders = all.filter((db) => !victims.includes(db));
  assert.ok(bystanders.length > 0, 'every database landed on one worker');
  return { all, victims, bystanders };
}

const FAULTS: Readonly<Record<'thread' | 'process', readonly FaultKind[]>> = { thread: ['exception', 'exit'], process: ['exception', 'exit', 'segv'] };
const FAULT_NAMES: Readonly<Record<FaultKind, string>> = { exception: 'an uncaught exception', exit: 'a hard exit', segv: 'a real SIGSEGV' };

for (const runtime of ['thread', 'process'] as const) {
  describe(`crash isolation over HTTP, ${runtime} runtime`, () => {
    let server: TestServer;

    beforeEach(async () => {
      server = await startTestServer({ databaseType: 'sqlite-enc', extraArgs: runtime === 'process' ? ['--actor-runtime', 'process'] : [] });
    });

    afterEach(async () => {
      await server.stop();
      removeDir(server.rootDir);
    });

    for (const kind of FAULTS[runtime]) {
      it(`fails only the requests in flight on a worker ended by ${FAULT_NAMES[kind]}, and the other worker never notices`, { timeout: TIMEOUT_MS }, async () => {
        const { all, victims, bystanders } = await spread(server);
        const target = victims[0];
        assert.ok(target !== undefined);
        const load = new Load(server.url, all);
        await load.quorum(load.marks());
        // Fires on the next request the load sends the target database.
        await server.supervisor.injectFault(target.actorId, kind);
        await load.quorum(load.marks());
        await load.stop();

        for (const db of bystanders) {
          const failed = (load.outcomes.get(db) ?? []).filter((o) => o.status !== 200);
          assert.deepEqual(failed, [], 'a database on the other worker saw a failure');
        }
        const failed = victims.flatMap((db) => (load.outcomes.get(db) ?? []).filter((o) => o.status !== 200));
        assert.ok((load.outcomes.get(target) ?? []).some((o) => o.status !== 200), 'the request that met the fault did not fail');
        // Each client has one request in flight at most: no more can have been lost.
        assert.ok(failed.length <= victims.length * CLIENTS, `${failed.length} requests failed for ${victims.length * CLIENTS} clients`);
        for (const f of failed) {
          assert.equal(f.status, 500);
          assert.equal(f.text, CRASHED_BODY);
          assertNoSecret(f.text, all);
        }
        for (const db of all) await assertIntact(server, db, load);
        assert.deepEqual(server.supervisor.stats().workers.map((w) => w.state), ['ready', 'ready']);
        assert.equal((await httpRequest(`${server.url}/health/ready`)).status, 200);
        await openDatabase(server);
      });
    }

    it('fences off a database whose worker keeps crashing, while the rest of the server is served', { timeout: TIMEOUT_MS }, async () => {
      const { all, victims, bystanders } = await spread(server);
      const [target, ...neighbours] = victims;
      assert.ok(target !== undefined);
      const load = new Load(server.url, bystanders);
      await load.quorum(load.marks());
      // Three crashes in a minute are restarted; the fourth opens the database's circuit.
      for (let i = 0; i < 4; i++) {
        if (i > 0) await kmipOk(server.url, getRequest(KEY_UID), target.secret); // reopened, then crashed again
        const crashed = server.supervisor.injectFault(target.actorId, 'exit');
        const r = await postKmip(server.url, createRequest({ uid: `doomed-${i}` }), target.secret);
        await crashed;
        assert.equal(r.status, 500);
        assert.equal(r.text, CRASHED_BODY);
      }
      for (const request of [getRequest(KEY_UID), createRequest()]) {
        const r = await postKmip(server.url, request, target.secret);
        assert.equal(r.status, 503);
        assert.equal(r.text, FENCED_BODY);
        assertNoSecret(r.text, all);
      }
      await load.quorum(load.marks());
      await load.stop();
      for (const db of bystanders) assert.equal(load.successes(db), (load.outcomes.get(db) ?? []).length, 'a database on the other worker saw a failure');
      for (const db of [...neighbours, ...bystanders]) await assertIntact(server, db, load);
      const fresh = await openDatabase(server);
      await assertIntact(server, fresh, null);
      assert.equal((await httpRequest(`${server.url}/health/ready`)).status, 200);
    });
  });
}
