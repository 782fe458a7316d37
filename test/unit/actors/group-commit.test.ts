/**
 * Group commit in the actor host: the requests of one turn share a transaction, each keeps its
 * own all-or-nothing effect, and no answer leaves before the commit is on disk (its log synced off
 * the thread, in commit order).
 * @module
 */
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ActorHost } from '../../../src/actors/actor-host.js';
import { MAX_GROUP_REQUESTS } from '../../../src/actors/request-group.js';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { openSqliteStore, type SqliteStore } from '../../../src/storage/sqlite-store.js';
import { PLAIN_DATABASE_FILE } from '../../../src/storage/database-files.js';
import { StoreError } from '../../../src/storage/store-error.js';
import { PROTOCOL_VERSION, type WorkerEvent } from '../../../src/protocol/messages.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createRequest, encryptRequest, getRequest, toJson } from '../../helpers/kmip-requests.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

const v = PROTOCOL_VERSION;

describe('group commit', () => {
  let dir = '';
  let host: ActorHost;
  let store: SqliteStore | undefined;
  let aead: AeadRunner;
  /** Commits and answers in the order they happened. */
  let log: string[] = [];
  let events: WorkerEvent[] = [];
  /** Per answered Create: whether another connection saw its object when the answer left. */
  let visibleAtAnswer = new Map<number, boolean>();
  let creates = new Map<number, string>();
  let waiters: (() => void)[] = [];

  /** Whether the object is committed, as a separate connection sees it. */
  function committed(uid: string): boolean {
    const other = openSqliteStore({ file: join(dir, PLAIN_DATABASE_FILE), mode: 'open-existing' });
    try {
      return other.get(uid) !== undefined;
    } finally {
      other.close();
    }
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kms-group-commit-'));
    log = [];
    events = [];
    visibleAtAnswer = new Map();
    creates = new Map();
    store = undefined;
    // A tiny offload threshold sends the large Encrypt below to the cipher pool (asynchronous).
    aead = new AeadRunner(1024);
    host = new ActorHost({ sqlitePath: dir, logLevel: 'off' }, silentLogger, (e) => {
      log.push(`answer ${e.id}`);
      const uid = creates.get(e.id);
      if (uid !== undefined && e.type === 'done') visibleAtAnswer.set(e.id, committed(uid));
      events.push(e);
      for (const w of waiters) w();
    }, aead, (options) => {
      const opened = openSqliteStore(options);
      const commit = opened.commitGroup.bind(opened);
      opened.commitGroup = () => {
        commit();
        log.push('commit');
      };
      store = opened;
      return opened;
    });
    host.handle({ type: 'activate', v, id: 1, actorId: 'p', database: { kind: 'plain' }, key: null });
    log = [];
    events = [];
  });

  afterEach(async () => {
    host.handle({ type: 'shutdown', v, id: 0 });
    await host.closeThreads();
    await aead.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function opened(): SqliteStore {
    assert.ok(store !== undefined, 'the host opened its store through the factory');
    return store;
  }

  function send(id: number, node: TtlvNode): void {
    host.handle({ type: 'request', v, id, actorId: 'p', kind: 'kmip', user: 'admin', body: Buffer.from(toJson(node)) });
  }

  function create(id: number, uid: string): void {
    creates.set(id, uid);
    send(id, createRequest({ uid }));
  }

  function answer(id: number): Promise<WorkerEvent> {
    return new Promise((resolve) => {
      const check = (): void => {
        const e = events.find((x) => x.id === id);
        if (e === undefined) return;
        waiters = waiters.filter((w) => w !== check);
        resolve(e);
      };
      waiters.push(check);
      check();
    });
  }

  /** Creates one object, waits until its commit is on disk and answered, then starts the log afresh. */
  async function createdOnDisk(id: number, uid: string): Promise<void> {
    create(id, uid);
    host.endTurn();
    await answer(id);
    log.length = 0;
  }

  async function answers(ids: readonly number[]): Promise<void> {
    for (const id of ids) await answer(id);
  }

  function outcome(e: WorkerEvent | undefined): string {
    if (e?.type === 'done') return 'done';
    if (e?.type === 'fault') return e.error.reason ?? e.error.code;
    return 'none';
  }

  function outcomes(ids: readonly number[]): string[] {
    return ids.map((id) => outcome(events.find((e) => e.id === id)));
  }

  it('answers the requests of one turn only after their one commit, with the writes on disk', async () => {
    create(10, 'a');
    create(11, 'b');
    create(12, 'c');
    assert.deepEqual(log, [], 'nothing is answered before the commit');
    host.endTurn();
    assert.deepEqual(log, ['commit'], 'the answers wait for the log to be synced');
    await answers([10, 11, 12]);
    assert.deepEqual(log, ['commit', 'answer 10', 'answer 11', 'answer 12']);
    assert.deepEqual([...visibleAtAnswer.values()], [true, true, true], 'each object was committed when its answer left');
  });

  it('commits at the end of the turn by itself when nobody calls endTurn', async () => {
    create(10, 'a');
    create(11, 'b');
    await answer(11);
    assert.deepEqual(log, ['commit', 'answer 10', 'answer 11']);
  });

  it('undoes a request that fails half-way without touching the others of its group', async () => {
    const s = opened();
    const insert = s.insert.bind(s);
    // A write that lands and then fails: its request must leave nothing behind.
    s.insert = (record) => {
      insert(record);
      if (record.id === 'poison') throw new StoreError('DATABASE_IO', 'injected failure');
    };
    create(20, 'a');
    create(21, 'poison');
    create(22, 'c');
    send(23, getRequest('poison'));
    host.endTurn();
    await answers([20, 21, 22, 23]);
    assert.deepEqual(outcomes([20, 21, 22, 23]), ['done', 'DATABASE_ERROR', 'done', 'Item_Not_Found']);
    assert.deepEqual(log.filter((l) => l === 'commit'), ['commit'], 'still one commit');
    assert.deepEqual([committed('a'), committed('poison'), committed('c')], [true, false, true]);
    send(24, getRequest('poison'));
    send(25, getRequest('c'));
    host.endTurn();
    await answers([24, 25]);
    assert.deepEqual(outcomes([24, 25]), ['Item_Not_Found', 'done']);
  });

  it('fails every request of a group whose commit fails, and keeps no cached trace of it', async () => {
    const s = opened();
    const commit = s.commitGroup.bind(s);
    let failNext = true;
    s.commitGroup = () => {
      if (failNext) {
        failNext = false;
        throw new StoreError('DATABASE_IO', 'injected commit failure');
      }
      commit();
    };
    create(30, 'k');
    // Reads the new object inside the group, so the cache holds it before the commit.
    send(31, getRequest('k'));
    host.endTurn();
    assert.deepEqual(outcomes([30, 31]), ['DATABASE_ERROR', 'DATABASE_ERROR']);
    const fault = events.find((e) => e.id === 30);
    assert.deepEqual(fault?.type === 'fault' ? fault.audit : undefined, [{ operation: 'Create', objectId: 'k', result: 'DATABASE_ERROR' }]);
    assert.equal(committed('k'), false);
    send(32, getRequest('k'));
    host.endTurn();
    await answers([32]);
    assert.deepEqual(outcomes([32]), ['Item_Not_Found'], 'the cache forgot the uncommitted object');
    create(33, 'k');
    host.endTurn();
    await answers([33]);
    assert.deepEqual(outcomes([33]), ['done'], 'its identifier is free again');
    assert.ok(committed('k'));
  });

  it('lets each request see the earlier ones of its group and answers in arrival order', async () => {
    create(40, 'x');
    send(41, getRequest('x'));
    create(42, 'x'); // a duplicate: fails, as it would alone
    send(43, getRequest('x'));
    host.endTurn();
    await answers([40, 41, 42, 43]);
    assert.deepEqual(events.map((e) => e.id), [40, 41, 42, 43]);
    assert.deepEqual(outcomes([40, 41, 42, 43]), ['done', 'done', 'Object_Already_Exists', 'done']);
  });

  it('ends a group at a request whose work went to another thread, and keeps the order after it', async () => {
    create(50, 'e');
    host.endTurn();
    await answer(50);
    assert.deepEqual(log, ['commit', 'answer 50']);
    create(51, 'before');
    send(52, encryptRequest('e', randomBytes(4096)));
    create(53, 'after');
    assert.deepEqual(log.slice(2), [], 'the group waits for the Encrypt on the pool');
    await answer(53);
    // 51 and 52 share a commit; 53, sent while that group waited, gets the next one; the answers
    // keep their order however the syncs finish.
    assert.deepEqual(log.slice(2).filter((l) => l === 'commit'), ['commit', 'commit']);
    assert.deepEqual(log.slice(2).filter((l) => l !== 'commit'), ['answer 51', 'answer 52', 'answer 53']);
    assert.ok(log.indexOf('answer 51') > log.indexOf('commit', 2), 'answered after its commit');
    assert.deepEqual(outcomes([51, 52, 53]), ['done', 'done', 'done']);
    assert.ok(visibleAtAnswer.get(51) === true && visibleAtAnswer.get(53) === true);
  });

  it('bounds a group, so a long burst is committed in several', async () => {
    const count = MAX_GROUP_REQUESTS + 6;
    for (let i = 0; i < count; i++) create(100 + i, `bulk-${i}`);
    assert.deepEqual(log.filter((l) => l === 'commit'), ['commit'], 'the first group ended when full, before the turn did');
    host.endTurn();
    assert.equal(log.filter((l) => l === 'commit').length, 2);
    await answers(Array.from({ length: count }, (_, i) => 100 + i));
    assert.equal(events.filter((e) => e.type === 'done').length, count);
    assert.deepEqual(events.map((e) => e.id), Array.from({ length: count }, (_, i) => 100 + i));
  });

  it('commits a group before closing its actor, and answers it once the commit is on disk', async () => {
    create(60, 'last');
    host.handle({ type: 'deactivate', v, id: 61, actorId: 'p', reason: 'requested' });
    assert.deepEqual(log, ['commit', 'answer 61']);
    await answer(60);
    assert.equal(outcome(events.find((e) => e.id === 60)), 'done');
    assert.ok(committed('last'));
  });

  it('answers a read that follows a write only once that write is on disk', async () => {
    create(70, 'w');
    host.endTurn();
    send(71, getRequest('w'));
    host.endTurn();
    await answers([70, 71]);
    assert.deepEqual(log.filter((l) => l.startsWith('answer')), ['answer 70', 'answer 71']);
  });

  it('answers a read at once when nothing it could see waits for the disk, and holds the reads behind a write', async () => {
    await createdOnDisk(90, 'r');
    send(91, getRequest('r'));
    assert.deepEqual(log, ['answer 91'], 'no write in its group and every earlier commit on disk');
    create(92, 'n');
    send(93, getRequest('n'));
    assert.deepEqual(log, ['answer 91'], 'a read behind a write of its group waits for that commit');
    host.endTurn();
    await answers([92, 93]);
    assert.deepEqual(log, ['answer 91', 'commit', 'answer 92', 'answer 93']);
    assert.deepEqual(outcomes([91, 92, 93]), ['done', 'done', 'done']);
  });

  it('never lets a read overtake one of its group that was held, even once nothing waits for the disk', async () => {
    await createdOnDisk(94, 'h');
    const s = opened();
    // Stands for a sync still running when the first read arrives and over when the second does.
    let unconfirmed = true;
    Object.defineProperty(s, 'unconfirmed', { get: () => unconfirmed });
    send(95, getRequest('h'));
    unconfirmed = false;
    send(96, getRequest('h'));
    assert.equal(log.length, 0, 'the second read waits behind the first');
    host.endTurn();
    await answers([95, 96]);
    assert.deepEqual(log.filter((l) => l.startsWith('answer')), ['answer 95', 'answer 96']);
  });

  it('keeps writes outside a group synchronous, and syncs nothing for a group that only read', async () => {
    create(80, 'r');
    host.endTurn();
    await answer(80);
    const s = opened();
    assert.equal(s.durable(), null, 'nothing is waiting for the disk once the answers left');
    assert.equal(s.durability().synchronous, 2, 'back to FULL between groups');
    send(81, getRequest('r'));
    host.endTurn();
    assert.equal(outcome(events.find((e) => e.id === 81)), 'done', 'a read-only group is answered at once');
  });
});
