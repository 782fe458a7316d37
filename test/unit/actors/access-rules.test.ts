/**
 * The authorisation rules as data: the operation types a grant may name, what `get` implies,
 * and who may create objects.
 * @module
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ACCESS_RIGHTS, checkMayCreate, holdsRight, isAccessRight, OPERATION_ACCESS } from '../../../src/actors/access-rules.js';
import { KmipError } from '../../../src/kmip/kmip-error.js';
import { OPERATIONS } from '../../../src/kmip/enums.js';

describe('Access rules', () => {
  it('knows Cosmian\'s operation types and ours, lowercase only', () => {
    for (const r of ['create', 'get', 'getattributes', 'rekey', 'validate', 'sign', 'setattribute', 'derivekey']) assert.ok(isAccessRight(r), r);
    for (const r of ['Get', 'fly', '', 'owner']) assert.equal(isAccessRight(r), false, r);
    assert.equal(new Set(ACCESS_RIGHTS).size, ACCESS_RIGHTS.length);
  });

  it('lets get imply export and getattributes, and nothing else imply anything', () => {
    assert.ok(holdsRight(['get'], 'export'));
    assert.ok(holdsRight(['get'], 'getattributes'));
    assert.ok(holdsRight(['get'], 'get'));
    assert.equal(holdsRight(['export', 'getattributes'], 'get'), false);
    assert.equal(holdsRight(['get'], 'encrypt'), false);
    assert.equal(holdsRight(['encrypt'], 'decrypt'), false);
    assert.equal(holdsRight([], 'get'), false);
  });

  it('has a rule for every operation, creating ones marked', () => {
    for (const op of OPERATIONS) assert.ok(op in OPERATION_ACCESS, op);
    const creating = OPERATIONS.filter((op) => OPERATION_ACCESS[op].creates).sort();
    assert.deepEqual(creating, ['Certify', 'Create', 'CreateKeyPair', 'DeriveKey', 'Import', 'Register']);
  });

  it('refuses creating operations to users outside a configured privileged list only', () => {
    checkMayCreate('Create', 'anyone', null);
    checkMayCreate('Create', 'root', new Set(['root']));
    checkMayCreate('Get', 'anyone', new Set(['root']));
    checkMayCreate('ReKey', 'anyone', new Set(['root']));
    assert.throws(() => { checkMayCreate('Import', 'anyone', new Set(['root'])); }, (e: unknown) => e instanceof KmipError && e.reason === 'Permission_Denied');
    assert.throws(() => { checkMayCreate('Create', 'anyone', new Set()); }, KmipError);
  });
});
