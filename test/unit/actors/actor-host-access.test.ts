/**
 * What the host adds around an actor: audit records on every request's done or fault event, and
 * the worker configuration (privileged users, API token key, JSON limits) handed to its actors.
 * @module
 */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActorHost } from '../../../src/actors/actor-host.js';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { PROTOCOL_VERSION, type RequestKind, type WorkerConfig, type WorkerEvent } from '../../../src/protocol/messages.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createRequest, getRequest, importRequest, toJson } from '../../helpers/kmip-requests.js';

const v = PROTOCOL_VERSION;

describe('ActorHost audit and configuration', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  function open(extra: Partial<WorkerConfig> = {}): { send: (kind: RequestKind, body: string | Uint8Array, user?: string) => Promise<WorkerEvent> } {
    const dir = mkdtempSync(join(tmpdir(), 'kms-host-access-'));
    const events: WorkerEvent[] = [];
    let arrived: (() => void) | null = null;
    const host = new ActorHost({ sqlitePath: dir, logLevel: 'off', ...extra }, silentLogger, (e) => {
      events.push(e);
      arrived?.();
    }, new AeadRunner(Number.MAX_SAFE_INTEGER));
    host.handle({ type: 'activate', v, id: 1, actorId: 'plain', database: { kind: 'plain' }, key: null });
    cleanup.push(async () => {
      host.handle({ type: 'shutdown', v, id: 0 });
      await host.closeThreads();
      rmSync(dir, { recursive: true, force: true });
    });
    let id = 100;
    return {
      send: async (kind, body, user = 'admin') => {
        id += 1;
        const mine = id;
        host.handle({ type: 'request', v, id: mine, actorId: 'plain', kind, user, body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body });
        // The end of the worker's turn commits the request's group; its answer follows once the
        // commit is on disk.
        host.endTurn();
        for (;;) {
          const e = events.find((x) => x.id === mine);
          if (e !== undefined) return e;
          await new Promise<void>((resolve) => { arrived = resolve; });
        }
      },
    };
  }

  it('puts the audit records on done and fault events', async () => {
    const { send } = open();
    const done = await send('kmip', toJson(createRequest({ uid: 'k' })));
    assert.equal(done.type, 'done');
    assert.deepEqual(done.type === 'done' ? done.audit : undefined, [{ operation: 'Create', objectId: 'k', result: 'Success' }]);
    const fault = await send('kmip', toJson(getRequest('k')), 'stranger');
    assert.equal(fault.type, 'fault');
    assert.deepEqual(fault.type === 'fault' ? fault.audit : undefined, [{ operation: 'Get', objectId: 'k', result: 'Item_Not_Found' }]);
    const denied = await send('list-access', 'k', 'stranger');
    assert.deepEqual(denied.type === 'fault' ? [denied.error.code, denied.audit] : undefined, ['UNAUTHORIZED', [{ operation: 'list-access', objectId: 'k', result: 'UNAUTHORIZED' }]]);
  });

  it('leaves the records off the events when no audit log is kept', async () => {
    const { send } = open({ audit: false });
    const done = await send('kmip', toJson(createRequest({ uid: 'k' })));
    assert.ok(done.type === 'done' && !('audit' in done));
    const fault = await send('kmip', toJson(getRequest('k')), 'stranger');
    assert.ok(fault.type === 'fault' && !('audit' in fault));
  });

  it('records a request for an actor that is not open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-host-access-'));
    const events: WorkerEvent[] = [];
    const host = new ActorHost({ sqlitePath: dir, logLevel: 'off' }, silentLogger, (e) => { events.push(e); }, new AeadRunner(Number.MAX_SAFE_INTEGER));
    host.handle({ type: 'request', v, id: 5, actorId: 'absent', kind: 'obtained', user: 'admin', body: new Uint8Array(0) });
    const e = events[0];
    assert.deepEqual(e?.type === 'fault' ? e.audit : undefined, [{ operation: 'obtained', objectId: null, result: 'ACTOR_UNAVAILABLE' }]);
    await host.closeThreads();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands privileged users and the API token key to its actors', async () => {
    const { send } = open({ privilegedUsers: ['root'], apiTokenId: 'tok' });
    const refused = await send('kmip', toJson(createRequest()), 'admin');
    assert.equal(refused.type === 'fault' ? refused.error.reason : undefined, 'Permission_Denied');
    const key = new Uint8Array(32).fill(7);
    assert.equal((await send('kmip', toJson(importRequest({ uid: 'tok', key })), 'root')).type, 'done');
    const yes = await send('api-token', key);
    assert.deepEqual(yes.type === 'done' && yes.body !== null ? [...yes.body] : undefined, [1]);
  });

  it('applies maxJsonDepth and maxJsonNodes from the configuration', async () => {
    const shallow = open({ maxJsonDepth: 2 });
    const deep = await shallow.send('kmip', toJson(createRequest()));
    assert.equal(deep.type === 'fault' ? deep.error.code : undefined, 'KMIP_ERROR');
    const few = open({ maxJsonNodes: 3 });
    assert.equal((await few.send('kmip', toJson(createRequest()))).type, 'fault');
    assert.equal((await open().send('kmip', toJson(createRequest()))).type, 'done');
  });
});
