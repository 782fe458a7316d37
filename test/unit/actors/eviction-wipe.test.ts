/**
 * An evicted actor leaves no key behind in its worker's memory: closing it zeroes the database key
 * it held and the decoded object keys it cached, on the very buffers that held them.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { mock } from 'node:test';
import { ActorHost } from '../../../src/actors/actor-host.js';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { PROTOCOL_VERSION, type WorkerCommand, type WorkerEvent } from '../../../src/protocol/messages.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { encryptRequest, importRequest, toJson } from '../../helpers/kmip-requests.js';

const v = PROTOCOL_VERSION;

/** A wiped buffer and what it held just before. */
interface Wipe {
  readonly buffer: Uint8Array;
  readonly before: Buffer;
}

/** Runs fn while recording each `fill(0)` on a Buffer or Uint8Array with the bytes it overwrote. */
function wipesDuring(fn: () => void): Wipe[] {
  const wipes: Wipe[] = [];
  const spies = [Uint8Array.prototype, Buffer.prototype].map((proto) => {
    const original = Reflect.get(proto, 'fill') as (this: Uint8Array, ...args: unknown[]) => Uint8Array;
    return mock.method(proto as { fill: typeof original }, 'fill', function (this: Uint8Array, ...args: unknown[]) {
      if (args[0] === 0 && args.length === 1) wipes.push({ buffer: this, before: Buffer.from(this) });
      return original.apply(this, args);
    });
  });
  try {
    fn();
  } finally {
    for (const s of spies) s.mock.restore();
  }
  return wipes;
}

describe('actor eviction', () => {
  it('zeroes the database key and every cached object key of the actor it closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-evict-'));
    const events: WorkerEvent[] = [];
    let answered = (): void => {};
    const both = new Promise<void>((resolve) => { answered = resolve; });
    const host = new ActorHost({ sqlitePath: dir, logLevel: 'off' }, silentLogger, (e) => {
      events.push(e);
      if (events.filter((x) => x.id === 1 || x.id === 2).length === 2) answered();
    }, new AeadRunner());
    try {
      const databaseKey = randomBytes(32);
      const objectKey = randomBytes(32);
      host.handle({ type: 'create-database', v, id: 0, groupId: '7', key: Uint8Array.from(databaseKey) });
      host.handle({ type: 'activate', v, id: 0, actorId: '7', database: { kind: 'encrypted', groupId: '7' }, key: Uint8Array.from(databaseKey) });
      const request = (id: number, body: string): WorkerCommand => ({ type: 'request', v, id, actorId: '7', kind: 'kmip', user: 'admin', body: Buffer.from(body) });
      host.handle(request(1, toJson(importRequest({ uid: 'k', key: objectKey }))));
      // The Encrypt decodes the object key into the actor's key cache.
      host.handle(request(2, toJson(encryptRequest('k', randomBytes(16)))));
      host.endTurn();
      await both;
      for (const id of [1, 2]) assert.equal(events.find((e) => e.id === id)?.type, 'done', `request ${String(id)} answered`);

      const wipes = wipesDuring(() => { host.handle({ type: 'deactivate', v, id: 0, actorId: '7', reason: 'idle' }); });
      for (const [what, key] of [['database key', databaseKey], ['cached object key', objectKey]] as const) {
        const held = wipes.filter((w) => w.before.equals(key));
        assert.ok(held.length > 0, `the ${what} was zeroed on close`);
        for (const w of held) assert.ok(w.buffer.every((b) => b === 0), `the ${what} buffer stays zeroed`);
      }
    } finally {
      host.handle({ type: 'shutdown', v, id: 0 });
      await host.closeThreads();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
