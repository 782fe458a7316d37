/**
 * The behaviour every ObjectStore must show, run against each implementation and mode.
 * @module
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ObjectRecord } from '../../src/storage/object-record.js';
import type { ObjectStore } from '../../src/storage/object-store.js';
import type { OpenStoreOptions } from '../../src/storage/sqlite-store.js';
import { StoreError } from '../../src/storage/store-error.js';
import type { StoreErrorCode } from '../../src/storage/store-error.js';
import { runAccessGrantCases } from './access-grant.case.js';

/** Opens a store on a file in the given mode. */
export type OpenStore = (file: string, mode: OpenStoreOptions['mode']) => ObjectStore;

/** A predicate for assert.throws matching a StoreError with the given code. */
export function storeError(code: StoreErrorCode): (error: unknown) => boolean {
  return (error) => error instanceof StoreError && error.code === code;
}

/** A valid record with distinctive values; fields can be overridden per test. */
export function sampleRecord(id: string, overrides: Partial<ObjectRecord> = {}): ObjectRecord {
  return {
    id,
    objectType: 'SymmetricKey',
    state: 'Active',
    owner: 'alice',
    cryptographicAlgorithm: 'AES',
    cryptographicLength: 256,
    keyFormatType: 'Raw',
    object: JSON.stringify({ tag: 'SymmetricKey', id }),
    attributes: JSON.stringify({ tag: 'Attributes', id }),
    tags: ['_kk'],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

class CallerError extends Error {}

/** Registers the shared ObjectStore suite under `label`, grant cases included. */
export function runObjectStoreCases(label: string, open: OpenStore): void {
  runAccessGrantCases(label, open);
  describe(`ObjectStore contract: ${label}`, () => {
    let dir = '';
    let file = '';
    let store: ObjectStore;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-store-case-'));
      file = path.join(dir, 'store.db');
      store = open(file, 'create-new');
    });

    afterEach(() => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const insertSet = (): void => {
      store.insert(sampleRecord('k1', { tags: ['a', 'b'], createdAt: 30 }));
      store.insert(sampleRecord('k2', { tags: ['a'], createdAt: 10, owner: 'bob', state: 'PreActive' }));
      store.insert(
        sampleRecord('k3', {
          tags: ['b', 'c'],
          createdAt: 20,
          objectType: 'PrivateKey',
          cryptographicAlgorithm: 'RSA',
          cryptographicLength: 2048,
          keyFormatType: 'PKCS8',
          state: 'Deactivated',
        }),
      );
      store.insert(sampleRecord('k0', { tags: ['a', 'b', 'c'], createdAt: 30 }));
    };

    it('returns an inserted record unchanged, tags included', () => {
      const record = sampleRecord('id-1', { tags: ['zeta', 'alpha', 'mid'] });
      store.insert(record);
      assert.deepEqual(store.get('id-1'), { ...record, tags: ['alpha', 'mid', 'zeta'] });
    });

    it('round-trips null searchable fields and unusual text', () => {
      const record = sampleRecord(`it's "quoted" ; DROP TABLE objects; --`, {
        cryptographicAlgorithm: null,
        cryptographicLength: null,
        keyFormatType: null,
        owner: 'ünïcödé 🔑',
        tags: ["o'hara", '%', '_'],
      });
      store.insert(record);
      assert.deepEqual(store.get(record.id), { ...record, tags: [...record.tags].sort() });
      assert.deepEqual(store.find({ tags: ['%'] }), [record.id]);
    });

    it('reports the earliest scheduled transition, following inserts, updates, deletes and rollbacks', () => {
      assert.equal(store.nextTransitionAt(), null);
      store.insert(sampleRecord('later', { transitionAt: 5_000 }));
      assert.equal(store.nextTransitionAt(), 5_000);
      store.insert(sampleRecord('sooner', { transitionAt: 2_000 }));
      store.insert(sampleRecord('unscheduled'));
      assert.equal(store.nextTransitionAt(), 2_000);
      assert.deepEqual(store.find({ transitionDueBy: 2_000 }), ['sooner']);
      assert.deepEqual(store.find({ transitionDueBy: 1_999 }), []);
      store.update(sampleRecord('sooner', { transitionAt: null }));
      assert.equal(store.nextTransitionAt(), 5_000);
      assert.throws(() => {
        store.transaction(() => {
          store.insert(sampleRecord('rolled-back', { transitionAt: 1_000 }));
          throw new CallerError('abort');
        });
      }, CallerError);
      assert.equal(store.nextTransitionAt(), 5_000);
      store.delete('later');
      assert.equal(store.nextTransitionAt(), null);
    });

    it('returns undefined for an unknown id', () => {
      assert.equal(store.get('missing'), undefined);
    });

    it('rejects a duplicate id with OBJECT_EXISTS and keeps the original', () => {
      store.insert(sampleRecord('dup', { owner: 'first' }));
      assert.throws(() => {
        store.insert(sampleRecord('dup', { owner: 'second' }));
      }, storeError('OBJECT_EXISTS'));
      assert.equal(store.get('dup')?.owner, 'first');
    });

    it('stores a repeated tag once', () => {
      store.insert(sampleRecord('t', { tags: ['x', 'x', 'y'] }));
      assert.deepEqual(store.get('t')?.tags, ['x', 'y']);
    });

    it('update replaces every field and the whole tag set', () => {
      store.insert(sampleRecord('u', { tags: ['old', 'keep'] }));
      const next = sampleRecord('u', {
        state: 'Deactivated',
        object: '{"new":true}',
        attributes: '{"attrs":2}',
        cryptographicLength: 128,
        tags: ['keep', 'new'],
        updatedAt: 1_800_000_000_000,
      });
      store.update(next);
      assert.deepEqual(store.get('u'), next);
      assert.deepEqual(store.find({ tags: ['old'] }), []);
    });

    it('update of a missing object throws OBJECT_NOT_FOUND and creates nothing', () => {
      assert.throws(() => {
        store.update(sampleRecord('ghost'));
      }, storeError('OBJECT_NOT_FOUND'));
      assert.equal(store.get('ghost'), undefined);
      assert.equal(store.count({}), 0);
    });

    it('delete reports whether the object existed and removes its tags', () => {
      store.insert(sampleRecord('d', { tags: ['gone'] }));
      assert.equal(store.delete('d'), true);
      assert.equal(store.delete('d'), false);
      assert.equal(store.get('d'), undefined);
      assert.deepEqual(store.find({ tags: ['gone'] }), []);
      store.insert(sampleRecord('d', { tags: [] }));
      assert.deepEqual(store.get('d')?.tags, []);
    });

    it('finds by each searchable field', () => {
      insertSet();
      assert.deepEqual(store.find({ objectType: 'PrivateKey' }), ['k3']);
      assert.deepEqual(store.find({ cryptographicAlgorithm: 'AES' }), ['k2', 'k0', 'k1']);
      assert.deepEqual(store.find({ cryptographicLength: 2048 }), ['k3']);
      assert.deepEqual(store.find({ keyFormatType: 'Raw' }), ['k2', 'k0', 'k1']);
      assert.deepEqual(store.find({ owner: 'bob' }), ['k2']);
      assert.deepEqual(store.find({ owner: 'nobody' }), []);
    });

    it('requires every given tag to be present', () => {
      insertSet();
      assert.deepEqual(store.find({ tags: ['a'] }), ['k2', 'k0', 'k1']);
      assert.deepEqual(store.find({ tags: ['a', 'b'] }), ['k0', 'k1']);
      assert.deepEqual(store.find({ tags: ['a', 'b', 'c'] }), ['k0']);
      assert.deepEqual(store.find({ tags: ['b', 'b'] }), ['k3', 'k0', 'k1']);
      assert.deepEqual(store.find({ tags: ['a', 'nope'] }), []);
      assert.deepEqual(store.find({ tags: [] }), ['k2', 'k3', 'k0', 'k1']);
    });

    it('matches any of the given states, and none for an empty list', () => {
      insertSet();
      assert.deepEqual(store.find({ states: ['Active'] }), ['k0', 'k1']);
      assert.deepEqual(store.find({ states: ['PreActive', 'Deactivated'] }), ['k2', 'k3']);
      assert.deepEqual(store.find({ states: [] }), []);
    });

    it('combines all given filter fields', () => {
      insertSet();
      assert.deepEqual(store.find({ tags: ['a'], owner: 'alice', states: ['Active'] }), ['k0', 'k1']);
      assert.deepEqual(store.find({ tags: ['c'], objectType: 'SymmetricKey', cryptographicLength: 256 }), ['k0']);
      assert.deepEqual(store.find({ tags: ['a'], owner: 'bob', states: ['Active'] }), []);
    });

    it('orders by creation time, then id', () => {
      insertSet();
      assert.deepEqual(store.find({}), ['k2', 'k3', 'k0', 'k1']);
    });

    it('applies offset and limit after ordering', () => {
      insertSet();
      assert.deepEqual(store.find({ limit: 2 }), ['k2', 'k3']);
      assert.deepEqual(store.find({ offset: 1, limit: 2 }), ['k3', 'k0']);
      assert.deepEqual(store.find({ offset: 3 }), ['k1']);
      assert.deepEqual(store.find({ offset: 10 }), []);
      assert.deepEqual(store.find({ limit: 0 }), []);
      assert.throws(() => store.find({ limit: -1 }), RangeError);
      assert.throws(() => store.find({ offset: 1.5 }), RangeError);
    });

    it('counts matches and ignores paging', () => {
      insertSet();
      assert.equal(store.count({}), 4);
      assert.equal(store.count({ tags: ['a'], offset: 2, limit: 1 }), 3);
      assert.equal(store.count({ states: ['Deactivated'] }), 1);
      assert.equal(store.count({ owner: 'nobody' }), 0);
    });

    it('rolls back every write of a transaction that throws, rethrowing the same error', () => {
      store.insert(sampleRecord('before'));
      const thrown = new CallerError('abort');
      assert.throws(
        () =>
          store.transaction(() => {
            store.insert(sampleRecord('inside', { tags: ['tx'] }));
            store.update(sampleRecord('before', { owner: 'changed' }));
            store.delete('before');
            throw thrown;
          }),
        (error) => error === thrown,
      );
      assert.equal(store.get('inside'), undefined);
      assert.deepEqual(store.find({ tags: ['tx'] }), []);
      assert.equal(store.get('before')?.owner, 'alice');
    });

    it('commits a transaction and returns its value', () => {
      const value = store.transaction(() => {
        store.insert(sampleRecord('a1'));
        store.insert(sampleRecord('a2'));
        return store.count({});
      });
      assert.equal(value, 2);
      assert.equal(store.count({}), 2);
    });

    it('nests transactions: a failed inner one rolls back alone', () => {
      store.transaction(() => {
        store.insert(sampleRecord('outer'));
        assert.throws(() =>
          store.transaction(() => {
            store.insert(sampleRecord('inner'));
            throw new CallerError('inner fails');
          }),
        );
        store.transaction(() => {
          store.insert(sampleRecord('inner-ok'));
        });
      });
      assert.deepEqual(store.find({}).sort(), ['inner-ok', 'outer']);
    });

    it('keeps data across close and reopen', () => {
      store.insert(sampleRecord('durable', { tags: ['p', 'q'] }));
      store.close();
      store = open(file, 'open-existing');
      assert.deepEqual(store.get('durable'), sampleRecord('durable', { tags: ['p', 'q'] }));
      store.close();
      store = open(file, 'open-or-create');
      assert.equal(store.count({}), 1);
    });

    it('closes idempotently and refuses use afterwards', () => {
      store.close();
      store.close();
      assert.throws(() => store.get('x'), storeError('DATABASE_CLOSED'));
      assert.throws(() => {
        store.insert(sampleRecord('x'));
      }, storeError('DATABASE_CLOSED'));
    });

    it('refuses to create over an existing file and to open a missing one', () => {
      assert.throws(() => open(file, 'create-new'), storeError('DATABASE_EXISTS'));
      const missing = path.join(dir, 'missing.db');
      assert.throws(() => open(missing, 'open-existing'), storeError('DATABASE_NOT_FOUND'));
      assert.equal(fs.existsSync(missing), false);
    });

    it('creates a missing file in open-or-create mode', () => {
      const other = path.join(dir, 'other.db');
      const created = open(other, 'open-or-create');
      try {
        created.insert(sampleRecord('o'));
        assert.equal(created.count({}), 1);
      } finally {
        created.close();
      }
    });

    it('rejects invalid records before writing', () => {
      assert.throws(() => {
        store.insert(sampleRecord('bad', { cryptographicLength: 1.5 }));
      }, RangeError);
      assert.equal(store.count({}), 0);
    });
  });
}
