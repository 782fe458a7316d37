/**
 * Audit records: one per KMIP operation (per batch item), one per other request, with the object
 * acted on and the result, and never key material or data.
 * @module
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { struct, text } from '../../../src/kmip/ttlv/build.js';
import { openActorFixture, type ActorFixture } from '../actor-fixture.js';
import { createKeyPairRequest } from '../asymmetric-helpers.js';
import { batchRequest, createRequest, encryptRequest, getRequest, importRequest, locateRequest, textField, toJson } from '../../helpers/kmip-requests.js';

describe('Audit records', () => {
  let fx: ActorFixture;
  beforeEach(() => { fx = openActorFixture(); });
  afterEach(() => { fx.close(); });

  const sendJson = (node: Parameters<typeof toJson>[0], user = 'admin'): Uint8Array => fx.send('kmip', Buffer.from(toJson(node), 'utf8'), user);

  it('records a Create with the created identifier, and a use with the object named', () => {
    const uid = fx.create();
    assert.deepEqual(fx.lastAudit, [{ operation: 'Create', objectId: uid, result: 'Success' }]);
    fx.call(encryptRequest(uid, Buffer.from('data')));
    assert.deepEqual(fx.lastAudit, [{ operation: 'Encrypt', objectId: uid, result: 'Success' }]);
  });

  it('records a CreateKeyPair with the private key, and the resolved id of a tag selector', async () => {
    const res = await fx.callAsync(createKeyPairRequest({ algorithm: 'Ed25519' }));
    assert.deepEqual(fx.lastAudit, [{ operation: 'CreateKeyPair', objectId: textField(res, 'PrivateKeyUniqueIdentifier'), result: 'Success' }]);
    const uid = fx.create({ tags: ['audited'] });
    fx.call(getRequest('["audited"]'));
    assert.deepEqual(fx.lastAudit, [{ operation: 'Get', objectId: uid, result: 'Success' }]);
  });

  it('records a failure with its KMIP reason and the identifier asked for', () => {
    fx.callError(getRequest('missing'), 'Item_Not_Found');
    assert.deepEqual(fx.lastAudit, [{ operation: 'Get', objectId: 'missing', result: 'Item_Not_Found' }]);
    fx.callError(struct('Frobnicate', []), { code: 'UNKNOWN_OPERATION' });
    assert.deepEqual(fx.lastAudit, [{ operation: 'Frobnicate', objectId: null, result: 'Operation_Not_Supported' }]);
    fx.sendError(Buffer.from('{ not json', 'utf8'), 'Invalid_Message');
    assert.deepEqual(fx.lastAudit.map((r) => [r.operation, r.objectId]), [['kmip', null]]);
  });

  it('records no object for operations that name none', () => {
    fx.create();
    fx.call(locateRequest());
    assert.deepEqual(fx.lastAudit, [{ operation: 'Locate', objectId: null, result: 'Success' }]);
  });

  it('records each item of a batch, in order, failures included', () => {
    const uid = fx.create();
    sendJson(batchRequest([{ request: getRequest(uid) }, { request: getRequest('nope') }, { request: createRequest() }]), 'admin');
    assert.equal(fx.lastAudit.length, 3);
    assert.deepEqual(fx.lastAudit.slice(0, 2), [
      { operation: 'Get', objectId: uid, result: 'Success' },
      { operation: 'Get', objectId: 'nope', result: 'Item_Not_Found' },
    ]);
    assert.equal(fx.lastAudit[2]?.operation, 'Create');
    assert.equal(fx.lastAudit[2]?.result, 'Success');
  });

  it('records the other request kinds under their own names', () => {
    const uid = fx.create();
    fx.grant(uid, 'bob', ['get']);
    assert.deepEqual(fx.lastAudit, [{ operation: 'grant', objectId: uid, result: 'Success' }]);
    fx.accessError('list-access', uid, { code: 'UNAUTHORIZED' }, 'bob');
    assert.deepEqual(fx.lastAudit, [{ operation: 'list-access', objectId: uid, result: 'UNAUTHORIZED' }]);
    fx.access('obtained', '', 'bob');
    assert.deepEqual(fx.lastAudit, [{ operation: 'obtained', objectId: null, result: 'Success' }]);
    fx.owned();
    assert.deepEqual(fx.lastAudit, [{ operation: 'owned', objectId: null, result: 'Success' }]);
    fx.send('attach', new Uint8Array(0));
    assert.deepEqual(fx.lastAudit, [{ operation: 'attach', objectId: null, result: 'Success' }]);
  });

  it('never carries key material or data', () => {
    const key = new Uint8Array(32).fill(0xab);
    const uid = textField(fx.call(importRequest({ key })), 'UniqueIdentifier');
    const plaintext = Buffer.from('the secret plaintext', 'utf8');
    fx.call(encryptRequest(uid, plaintext));
    fx.call(getRequest(uid));
    const text = JSON.stringify(fx.lastAudit);
    assert.ok(!text.toLowerCase().includes('abababab'));
    assert.ok(!text.includes('secret plaintext'));
  });

  it('clips an oversized identifier', () => {
    fx.callError(getRequest('x'.repeat(10_000)), 'Item_Not_Found');
    assert.ok((fx.lastAudit[0]?.objectId?.length ?? 0) < 300);
    fx.callError(struct('Get', [text('UniqueIdentifier', '["t')]), 'Invalid_Field');
  });
});
