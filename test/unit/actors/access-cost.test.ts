/**
 * What authorisation costs per request: nothing for the owner (its record says it all), one
 * grant lookup for a grantee, then none while the grants stay unchanged (the read cache).
 * @module
 */
import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsActor } from '../../../src/actors/actor.js';
import { AeadRunner } from '../../../src/crypto/aead-runner.js';
import { CachingStore } from '../../../src/storage/caching-store.js';
import { openSqliteStore } from '../../../src/storage/sqlite-store.js';
import { silentLogger } from '../../../src/lib/logger.js';
import { createRequest, encryptRequest, parseResponse, textField, toJson } from '../../helpers/kmip-requests.js';
import type { ObjectStore } from '../../../src/storage/object-store.js';
import type { TtlvNode } from '../../../src/kmip/ttlv/node.js';

/** The store behind the cache, recording the name of every method called on it. */
function counting(store: ObjectStore, calls: string[]): ObjectStore {
  return new Proxy(store, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        calls.push(String(prop));
        return Reflect.apply(value, target, args);
      };
    },
  });
}

describe('The cost of authorisation', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

  it('adds no store call for the owner and one cached grant lookup for a grantee', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kms-access-cost-'));
    dirs.push(dir);
    const calls: string[] = [];
    const store = new CachingStore(counting(openSqliteStore({ file: join(dir, 'kms.db'), mode: 'create-new' }), calls));
    const actor = new KmsActor('cost', store, null, silentLogger, Date.now, new AeadRunner(Number.MAX_SAFE_INTEGER));
    const call = (node: TtlvNode, user: string): string => {
      const out = actor.handle('kmip', user, Buffer.from(toJson(node), 'utf8'));
      assert.ok(!(out instanceof Promise));
      return textField(parseResponse(out), 'UniqueIdentifier');
    };
    try {
      const uid = call(createRequest(), 'alice');
      store.grant(uid, 'bob', ['encrypt']);
      call(encryptRequest(uid, Buffer.from('warm')), 'alice');
      calls.length = 0;
      call(encryptRequest(uid, Buffer.from('data')), 'alice');
      assert.deepEqual(calls.filter((c) => c !== 'nextTransitionAt'), []);
      call(encryptRequest(uid, Buffer.from('data')), 'bob');
      assert.deepEqual(calls.filter((c) => c !== 'nextTransitionAt'), ['rightsOf']);
      calls.length = 0;
      call(encryptRequest(uid, Buffer.from('data')), 'bob');
      assert.deepEqual(calls.filter((c) => c !== 'nextTransitionAt'), []);
    } finally {
      actor.close();
    }
  });
});
