/**
 * The access-grant part of the ObjectStore contract, run by runObjectStoreCases against every
 * implementation: grants, revocations, rights (own and `*` rows), what a user obtained, and the
 * visibility filter.
 * @module
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sampleRecord, storeError, type OpenStore } from './object-store.case.js';
import type { ObjectStore } from '../../src/storage/object-store.js';

/** Registers the grant cases under `label`. */
export function runAccessGrantCases(label: string, open: OpenStore): void {
  describe(`ObjectStore grants: ${label}`, () => {
    let dir = '';
    let store: ObjectStore;

    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kms-grant-case-'));
      store = open(path.join(dir, 'store.db'), 'create-new');
      store.insert(sampleRecord('k1', { owner: 'alice', createdAt: 10, tags: ['t'] }));
      store.insert(sampleRecord('k2', { owner: 'alice', createdAt: 20, state: 'Deactivated', tags: ['t'] }));
      store.insert(sampleRecord('k3', { owner: 'bob', createdAt: 30, tags: ['t'] }));
    });

    afterEach(() => {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('merges repeated grants into one sorted set of operations per user', () => {
      store.grant('k1', 'bob', ['get', 'encrypt']);
      store.grant('k1', 'bob', ['encrypt', 'decrypt']);
      store.grant('k1', 'carol', ['get']);
      assert.deepEqual(store.grantsOf('k1'), [
        { user: 'bob', operations: ['decrypt', 'encrypt', 'get'] },
        { user: 'carol', operations: ['get'] },
      ]);
      assert.deepEqual(store.grantsOf('k2'), []);
    });

    it('refuses a grant on a missing object with OBJECT_NOT_FOUND', () => {
      assert.throws(() => {
        store.grant('ghost', 'bob', ['get']);
      }, storeError('OBJECT_NOT_FOUND'));
    });

    it('revokes some operations, deletes an emptied grant, and ignores absent ones', () => {
      store.grant('k1', 'bob', ['get', 'encrypt']);
      store.revokeGrant('k1', 'bob', ['get', 'destroy']);
      assert.deepEqual(store.grantsOf('k1'), [{ user: 'bob', operations: ['encrypt'] }]);
      store.revokeGrant('k1', 'bob', ['encrypt']);
      assert.deepEqual(store.grantsOf('k1'), []);
      store.revokeGrant('k1', 'nobody', ['get']);
      store.revokeGrant('ghost', 'bob', ['get']);
    });

    it('reports the rights of a user through its own row and the * row', () => {
      store.grant('k1', 'bob', ['encrypt']);
      store.grant('k1', '*', ['get']);
      assert.deepEqual(store.rightsOf('k1', 'bob'), ['encrypt', 'get']);
      assert.deepEqual(store.rightsOf('k1', 'carol'), ['get']);
      assert.deepEqual(store.rightsOf('k2', 'bob'), []);
    });

    it('clears every grant of an object, and deleting an object drops its grants', () => {
      store.grant('k1', 'bob', ['get']);
      store.grant('k1', '*', ['encrypt']);
      store.clearGrants('k1');
      assert.deepEqual(store.grantsOf('k1'), []);
      store.grant('k2', 'bob', ['get']);
      assert.equal(store.delete('k2'), true);
      store.insert(sampleRecord('k2', { owner: 'alice' }));
      assert.deepEqual(store.grantsOf('k2'), []);
      assert.deepEqual(store.rightsOf('k2', 'bob'), []);
    });

    it('keeps grants when an object is updated', () => {
      store.grant('k1', 'bob', ['get']);
      store.update(sampleRecord('k1', { owner: 'alice', state: 'Deactivated', tags: ['t'] }));
      assert.deepEqual(store.rightsOf('k1', 'bob'), ['get']);
    });

    it('lists what a user obtained, merging its own and * rows, never its own objects', () => {
      store.grant('k1', 'carol', ['encrypt']);
      store.grant('k1', '*', ['get']);
      store.grant('k2', 'carol', ['decrypt']);
      store.grant('k3', '*', ['get']);
      assert.deepEqual(store.obtainedBy('carol'), [
        { id: 'k1', owner: 'alice', state: 'Active', operations: ['encrypt', 'get'] },
        { id: 'k2', owner: 'alice', state: 'Deactivated', operations: ['decrypt'] },
        { id: 'k3', owner: 'bob', state: 'Active', operations: ['get'] },
      ]);
      assert.deepEqual(store.obtainedBy('bob'), [{ id: 'k1', owner: 'alice', state: 'Active', operations: ['get'] }]);
    });

    it('finds objects visible to a user: owned, or granted through its own or the * row', () => {
      assert.deepEqual(store.find({ visibleTo: 'alice' }), ['k1', 'k2']);
      assert.deepEqual(store.find({ visibleTo: 'carol' }), []);
      store.grant('k3', 'carol', ['encrypt']);
      store.grant('k2', '*', ['get']);
      assert.deepEqual(store.find({ visibleTo: 'carol' }), ['k2', 'k3']);
      assert.deepEqual(store.find({ visibleTo: 'alice', tags: ['t'] }), ['k1', 'k2']);
      assert.deepEqual(store.find({ visibleTo: 'bob', states: ['Active'] }), ['k3']);
      assert.equal(store.count({ visibleTo: 'carol' }), 2);
    });

    it('narrows grant visibility to grants naming one of the given rights, owners always included', () => {
      store.grant('k1', 'carol', ['encrypt']);
      store.grant('k3', '*', ['get']);
      assert.deepEqual(store.find({ visibleTo: 'carol', rights: ['encrypt'] }), ['k1']);
      assert.deepEqual(store.find({ visibleTo: 'carol', rights: ['export', 'get'] }), ['k3']);
      assert.deepEqual(store.find({ visibleTo: 'carol', rights: ['destroy'] }), []);
      assert.deepEqual(store.find({ visibleTo: 'bob', rights: ['destroy'] }), ['k3']);
      assert.deepEqual(store.find({ visibleTo: 'carol', rights: [] }), []);
    });

    it('rolls grants back with the transaction that made them', () => {
      assert.throws(() =>
        store.transaction(() => {
          store.grant('k1', 'bob', ['get']);
          throw new Error('abort');
        }),
      );
      assert.deepEqual(store.rightsOf('k1', 'bob'), []);
      assert.deepEqual(store.find({ visibleTo: 'bob' }), ['k3']);
    });
  });
}
