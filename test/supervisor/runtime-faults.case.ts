/**
 * Crash isolation, run against every ActorRuntime that starts real hosts: a host ended by an
 * injected fault (Supervisor.injectFault) fails exactly the requests it held, the actors of the
 * other worker never notice, the next request reopens the database with its data, and a database
 * whose host keeps crashing is fenced off while the rest is served.
 * @module
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Supervisor, type ActorTarget } from '../../src/supervisor/supervisor.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { silentLogger } from '../../src/lib/logger.js';
import { systemClock } from '../../src/lib/clock.js';
import { createRequest, getRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';
import type { ActorRuntime } from '../../src/supervisor/runtime/runtime.js';
import type { FaultKind } from '../../src/protocol/messages.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

/** What a client of a crashed host is told. */
export const CRASHED_MESSAGE = 'the worker serving this database stopped unexpectedly; the request was not completed and will not be retried';
/** What a client of a fenced-off database is told. */
export const FENCED_MESSAGE = 'this database is temporarily unavailable after repeated failures';

/** A fault that never fires would otherwise leave a test waiting for ever. */
const TIMEOUT_MS = 30_000;

const FAULT_NAMES: Readonly<Record<FaultKind, string>> = { exception: 'an uncaught exception', exit: 'a hard exit', segv: 'a SIGSEGV' };

/** An encrypted database and fresh targets for it (the supervisor wipes each target's key). */
interface Database {
  readonly id: string;
  target(): ActorTarget;
}

async function newDatabase(s: Supervisor): Promise<Database> {
  const { groupId, key } = await s.createDatabase();
  const id = groupId.toString();
  return { id, target: () => ({ actorId: id, database: { kind: 'encrypted', groupId: id }, key: Uint8Array.from(key) }) };
}

function send(s: Supervisor, db: Database, request: TtlvNode): Promise<Uint8Array> {
  return s.dispatch(db.target(), 'kmip', 'admin', Buffer.from(toJson(request), 'utf8'));
}

async function created(s: Supervisor, db: Database, uid: string): Promise<void> {
  assert.equal(textField(parseResponse(await send(s, db, createRequest({ uid }))), 'UniqueIdentifier'), uid);
}

async function failure(p: Promise<unknown>): Promise<KmsError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof KmsError, `expected a KmsError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the request to fail');
}

/** Registers the crash-isolation cases for a runtime; `faults` are the kinds it must survive. */
export function describeCrashIsolation(name: string, runtime: (dir: string) => ActorRuntime, faults: readonly FaultKind[]): void {
  describe(`${name}: crash isolation`, () => {
    let dir = '';
    let s: Supervisor;
    // Two databases opened in turn land on the two workers (least loaded first).
    let a: Database;
    let b: Database;

    beforeEach(async () => {
      dir = mkdtempSync(join(tmpdir(), 'kms-faults-'));
      s = new Supervisor({ runtime: runtime(dir), workers: 2, clock: systemClock, logger: silentLogger, idleTimeoutMs: 60_000, maxOpenActors: 10 });
      await s.start();
      a = await newDatabase(s);
      b = await newDatabase(s);
      await created(s, a, 'a-before');
      await created(s, b, 'b-before');
      assert.notEqual(s.workerOf(a.id), s.workerOf(b.id), 'the two databases share a worker');
    });

    afterEach(async () => {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const kind of faults) {
      it(`fails only the requests held by a host ended by ${FAULT_NAMES[kind]}, then reopens the database with its data`, { timeout: TIMEOUT_MS }, async () => {
        const crashed = s.injectFault(a.id, kind);
        const doomed = send(s, a, createRequest({ uid: 'a-doomed' }));
        const elsewhere = send(s, b, createRequest({ uid: 'b-during' }));
        await crashed;
        const err = await failure(doomed);
        assert.equal(err.code, 'ACTOR_CRASHED');
        assert.equal(err.message, CRASHED_MESSAGE);
        assert.equal(textField(parseResponse(await elsewhere), 'UniqueIdentifier'), 'b-during');
        // The next request reopens the database: what was written before is there, the lost request never ran.
        assert.equal(textField(parseResponse(await send(s, a, getRequest('a-before'))), 'UniqueIdentifier'), 'a-before');
        assert.equal((await failure(send(s, a, getRequest('a-doomed')))).reason, 'Item_Not_Found');
        await created(s, a, 'a-after');
        assert.equal(textField(parseResponse(await send(s, b, getRequest('b-before'))), 'UniqueIdentifier'), 'b-before');
        assert.deepEqual(s.stats().workers.map((w) => w.state), ['ready', 'ready']);
      });
    }

    it('fences off a database whose host keeps crashing while the other worker serves on', { timeout: TIMEOUT_MS }, async () => {
      // The default intensity: 3 crashes in a minute are restarted, the 4th opens the circuit.
      for (let i = 0; i < 4; i++) {
        // Reopened by a request, then crashed again.
        if (i > 0) assert.equal(textField(parseResponse(await send(s, a, getRequest('a-before'))), 'UniqueIdentifier'), 'a-before');
        const crashed = s.injectFault(a.id, 'exit');
        const doomed = send(s, a, createRequest({ uid: `a-doomed-${i}` }));
        await crashed;
        assert.equal((await failure(doomed)).code, 'ACTOR_CRASHED');
        await created(s, b, `b-${i}`);
      }
      const fenced = await failure(send(s, a, getRequest('a-before')));
      assert.equal(fenced.code, 'ACTOR_UNAVAILABLE');
      assert.equal(fenced.message, FENCED_MESSAGE);
      await created(s, b, 'b-after');
      const c = await newDatabase(s);
      await created(s, c, 'c-1');
    });
  });
}
