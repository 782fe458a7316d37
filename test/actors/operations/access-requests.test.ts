/**
 * The access-management requests (grant, revoke, list-access, obtained): Cosmian 4.19's bodies,
 * answers and error texts, and the owner-only rule.
 * @module
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openActorFixture, type ActorFixture } from '../actor-fixture.js';
import { encryptRequest, getRequest, revokeRequest } from '../../helpers/kmip-requests.js';

const OWNER = 'alice';
const DATA = Buffer.from('access', 'utf8');
const body = (uid: string, user: string, ops: readonly string[]): unknown => ({ unique_identifier: uid, user_id: user, operation_types: ops });

describe('Access management requests', () => {
  let fx: ActorFixture;
  let uid = '';
  beforeEach(() => {
    fx = openActorFixture();
    uid = fx.create({}, OWNER);
  });
  afterEach(() => { fx.close(); });

  it('grants with Cosmian\'s answer, and the grant takes effect at once', () => {
    fx.callError(encryptRequest(uid, DATA), 'Item_Not_Found', 'bob');
    assert.deepEqual(fx.access('grant', body(uid, 'bob', ['encrypt', 'get']), OWNER), { success: 'Access for bob successfully added' });
    fx.call(encryptRequest(uid, DATA), 'bob');
    fx.call(getRequest(uid), 'bob');
  });

  it('revokes with Cosmian\'s answer, keeping the operations not named', () => {
    fx.grant(uid, 'bob', ['encrypt', 'get'], OWNER);
    assert.deepEqual(fx.access('revoke', body(uid, 'bob', ['get']), OWNER), { success: 'Access for bob successfully deleted' });
    fx.callError(getRequest(uid), 'Item_Not_Found', 'bob');
    fx.call(encryptRequest(uid, DATA), 'bob');
    // Revoking what was never granted is no error.
    assert.deepEqual(fx.access('revoke', body(uid, 'carol', ['get']), OWNER), { success: 'Access for carol successfully deleted' });
  });

  it('lists an object\'s grants for its owner, operations sorted', () => {
    assert.deepEqual(fx.access('list-access', uid, OWNER), []);
    fx.grant(uid, 'bob', ['get', 'encrypt'], OWNER);
    fx.grant(uid, '*', ['decrypt'], OWNER);
    assert.deepEqual(fx.access('list-access', uid, OWNER), [
      { user_id: '*', operations: ['decrypt'] },
      { user_id: 'bob', operations: ['encrypt', 'get'] },
    ]);
  });

  it('lists what others granted the caller, through its own rows and * rows', () => {
    fx.advance(1000); // listed by creation time
    const other = fx.create({}, 'carol');
    fx.grant(uid, 'bob', ['encrypt'], OWNER);
    fx.grant(uid, '*', ['get'], OWNER);
    fx.grant(other, '*', ['decrypt'], 'carol');
    fx.call(revokeRequest(other), 'carol');
    assert.deepEqual(fx.access('obtained', '', 'bob'), [
      { object_id: uid, owner_id: OWNER, state: 'Active', operations: ['encrypt', 'get'] },
      { object_id: other, owner_id: 'carol', state: 'Deactivated', operations: ['decrypt'] },
    ]);
    assert.deepEqual(fx.access('obtained', '', OWNER), [{ object_id: other, owner_id: 'carol', state: 'Deactivated', operations: ['decrypt'] }]);
  });

  for (const kind of ['grant', 'revoke', 'list-access'] as const) {
    const request = (id: string): unknown => (kind === 'list-access' ? id : body(id, 'bob', ['get']));
    it(`refuses ${kind} to anyone but the owner, and for an unknown id, with the same UNAUTHORIZED text`, () => {
      fx.grant(uid, 'bob', ['get', 'encrypt'], OWNER);
      fx.accessError(kind, request(uid), { code: 'UNAUTHORIZED', message: new RegExp(`^Object with uid \`${uid}\` is not owned by owner \`bob\`$`) }, 'bob');
      fx.accessError(kind, request('nope'), { code: 'UNAUTHORIZED', message: /^Object with uid `nope` is not owned by owner `alice`$/ }, OWNER);
    });
  }

  it('refuses to grant or revoke the owner itself, with Cosmian\'s texts', () => {
    fx.accessError('grant', body(uid, OWNER, ['get']), { code: 'UNAUTHORIZED', message: /^You can't grant yourself, you have already all rights on your own objects$/ }, OWNER);
    fx.accessError('revoke', body(uid, OWNER, ['get']), { code: 'UNAUTHORIZED', message: /^You can't revoke yourself, you should keep all rights on your own objects$/ }, OWNER);
  });

  it('accepts every known operation type, including ours for operations Cosmian lacks', () => {
    const all = ['create', 'certify', 'decrypt', 'destroy', 'encrypt', 'export', 'get', 'getattributes', 'import', 'locate', 'revoke', 'rekey', 'validate',
      'sign', 'signatureverify', 'mac', 'macverify', 'derivekey', 'activate', 'setattribute'];
    fx.access('grant', body(uid, 'bob', all), OWNER);
    assert.deepEqual(fx.access('list-access', uid, OWNER), [{ user_id: 'bob', operations: [...all].sort() }]);
  });

  it('refuses malformed bodies and unknown operation types as invalid requests', () => {
    fx.accessError('grant', '{not json', 'Invalid_Message', OWNER);
    fx.accessError('grant', [1, 2], 'Invalid_Message', OWNER);
    fx.accessError('grant', body(uid, 'bob', ['get', 'fly']), { code: 'KMIP_ERROR', reason: 'Invalid_Field', message: /unknown operation type "fly"/ }, OWNER);
    fx.accessError('grant', body(uid, 'bob', ['Get']), 'Invalid_Field', OWNER);
    fx.accessError('revoke', body(uid, 'bob', []), 'Invalid_Field', OWNER);
    fx.accessError('grant', { unique_identifier: uid, user_id: '', operation_types: ['get'] }, 'Invalid_Field', OWNER);
    fx.accessError('grant', { unique_identifier: 7, user_id: 'bob', operation_types: ['get'] }, 'Invalid_Field', OWNER);
    fx.accessError('grant', { unique_identifier: uid, user_id: 'bob', operation_type: 'get' }, 'Invalid_Field', OWNER);
    assert.throws(() => fx.send('list-access', Uint8Array.of(0xff), OWNER));
    assert.deepEqual(fx.store.grantsOf(uid), []);
  });
});
