/**
 * The /access routes through a real uWS gateway (stub backend): what each forwards to the actor,
 * how the database secret is required in sqlite-enc mode, and how access errors are answered.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatDatabaseSecret } from '../../src/gateway/auth/database-secret.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { httpRequest } from '../helpers/http-client.js';
import { startStubGateway, type StubGateway } from './auth-fixture.js';

const GRANT = '{"unique_identifier":"k1","user_id":"bob@example.com","operation_types":["get","encrypt"]}';

describe('/access routes (plain mode)', () => {
  let gw: StubGateway;
  before(async () => { gw = await startStubGateway(); });
  after(() => { gw.close(); });

  it('forwards grant and revoke bodies as they are and answers the actor JSON', async () => {
    gw.backend.answer = (c) => Promise.resolve(Buffer.from(JSON.stringify({ success: `Access for bob@example.com successfully ${c.kind === 'grant' ? 'added' : 'deleted'}` })));
    const g = await httpRequest(`${gw.url}/access/grant`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: GRANT });
    assert.equal(g.status, 200);
    assert.equal(g.contentType, 'application/json');
    assert.deepEqual(JSON.parse(g.text), { success: 'Access for bob@example.com successfully added' });
    assert.deepEqual(gw.backend.calls.at(-1), { actorId: 'kms', kind: 'grant', user: 'admin', body: GRANT });
    const r = await httpRequest(`${gw.url}/access/revoke`, { method: 'POST', body: GRANT });
    assert.equal(r.status, 200);
    assert.deepEqual(gw.backend.calls.at(-1), { actorId: 'kms', kind: 'revoke', user: 'admin', body: GRANT });
  });

  it('sends the percent-decoded object id of /access/list/:uid, and the listings with empty bodies', async () => {
    gw.backend.answer = () => Promise.resolve(Buffer.from('[]'));
    assert.equal((await httpRequest(`${gw.url}/access/list/${encodeURIComponent('key 1/é')}`)).status, 200);
    assert.deepEqual(gw.backend.calls.at(-1), { actorId: 'kms', kind: 'list-access', user: 'admin', body: 'key 1/é' });
    assert.equal((await httpRequest(`${gw.url}/access/obtained`)).status, 200);
    assert.deepEqual(gw.backend.calls.at(-1), { actorId: 'kms', kind: 'obtained', user: 'admin', body: '' });
    for (const path of ['/access/owned', '/objects/owned']) {
      assert.equal((await httpRequest(`${gw.url}${path}`)).status, 200);
      assert.deepEqual(gw.backend.calls.at(-1), { actorId: 'kms', kind: 'owned', user: 'admin', body: '' });
    }
  });

  it('answers 422 to an object id that is not valid percent-encoding, without reaching the actor', async () => {
    const calls = gw.backend.calls.length;
    const r = await httpRequest(`${gw.url}/access/list/bad%zzid`);
    assert.equal(r.status, 422);
    assert.equal(gw.backend.calls.length, calls);
  });

  it('answers an access refusal of the actor with 401 Access denied', async () => {
    gw.backend.answer = () => Promise.reject(new KmsError('UNAUTHORIZED', 'Object with uid `k1` is not owned by owner `admin`'));
    const r = await httpRequest(`${gw.url}/access/grant`, { method: 'POST', body: GRANT });
    assert.equal(r.status, 401);
    assert.equal(r.text, 'Access denied: Object with uid `k1` is not owned by owner `admin`');
  });
});

describe('/access routes (sqlite-enc mode)', () => {
  let gw: StubGateway;
  before(async () => { gw = await startStubGateway({ databaseType: 'sqlite-enc' }); });
  after(() => { gw.close(); });

  it('needs the database secret and reaches the database it names', async () => {
    const missing = await httpRequest(`${gw.url}/access/obtained`);
    assert.equal(missing.status, 401);
    assert.match(missing.text, /^Access denied: Missing KmsDatabaseSecret header/);
    const secret = formatDatabaseSecret(1234n, new Uint8Array(32).fill(3));
    const r = await httpRequest(`${gw.url}/access/grant`, { method: 'POST', headers: { KmsDatabaseSecret: secret }, body: GRANT });
    assert.equal(r.status, 200);
    assert.deepEqual(gw.backend.calls.at(-1), { actorId: '1234', kind: 'grant', user: 'admin', body: GRANT });
  });
});
