/**
 * The API token as an operator sets it up: create a symmetric key on an open server, read its
 * bytes, restart with `--api-token-id <its id>`, then only `Authorization: Bearer <base64 of the
 * bytes>` gets in, and callers act as the default user.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { getOwned, httpRequest, kmipOk, parseOwned } from '../helpers/http-client.js';
import { createRequest, getRequest, importRequest, textField, toJson } from '../helpers/kmip-requests.js';
import { makeTempRoot, removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { keyBytesOf } from './kmip-modes.js';

describe('API token authentication', () => {
  const rootDir = makeTempRoot();
  let server: TestServer;
  let token = '';
  let tokenId = '';

  before(async () => {
    // First run: no authentication yet; the operator makes the token key.
    const open = await startTestServer({ databaseType: 'sqlite', rootDir });
    try {
      tokenId = textField(await kmipOk(open.url, createRequest({ tags: ['api-token'] })), 'UniqueIdentifier');
      token = Buffer.from(keyBytesOf(await kmipOk(open.url, getRequest(tokenId, 'Raw')))).toString('base64');
    } finally {
      await open.stop();
    }
    server = await startTestServer({ databaseType: 'sqlite', rootDir, extraArgs: ['--api-token-id', tokenId] });
  });
  after(async () => {
    await server.stop();
    removeDir(rootDir);
  });

  const post = (authorization: string | undefined, body: string): Promise<{ status: number; text: string }> =>
    httpRequest(`${server.url}/kmip/2_1`, { method: 'POST', body, headers: authorization === undefined ? {} : { authorization } });

  it('serves a caller presenting the token, as the default user', async () => {
    const r = await post(`Bearer ${token}`, toJson(createRequest({ tags: ['made-with-token'] })));
    assert.equal(r.status, 200, r.text);
    const owned = await httpRequest(`${server.url}/objects/owned`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(owned.status, 200, owned.text);
    assert.ok(parseOwned(owned.text).some((o) => o.object_id === tokenId), 'the default user still owns the token key');
  });

  it('refuses a missing, wrong, truncated or non-base64 token with 401 and nothing else', async () => {
    const wrong = randomBytes(32).toString('base64');
    const truncated = token.slice(0, -4);
    for (const auth of [undefined, `Bearer ${wrong}`, `Bearer ${truncated}`, 'Bearer !!!', `Basic ${token}`, 'Bearer ']) {
      const r = await post(auth, toJson(createRequest()));
      assert.equal(r.status, 401, `${String(auth)} -> ${r.status} ${r.text}`);
      assert.ok(r.text.length < 64, `a 401 says little: ${r.text}`);
      assert.ok(!r.text.includes(token) && !r.text.includes(wrong));
    }
    const owned = await getOwned(server.url);
    assert.equal(owned.status, 401);
  });

  it('stops accepting a token whose key was replaced by another with the same id', async () => {
    // Import over the token key (ReplaceExisting) as the token holder: the old token no longer matches.
    const fresh = randomBytes(32);
    const replaced = await post(`Bearer ${token}`, toJson(importRequest({ uid: tokenId, key: fresh, replace: true })));
    assert.equal(replaced.status, 200, replaced.text);
    const newToken = fresh.toString('base64');
    // Verified tokens are remembered for a short while; a restart forgets them.
    await server.stop();
    server = await startTestServer({ databaseType: 'sqlite', rootDir, extraArgs: ['--api-token-id', tokenId] });
    assert.equal((await post(`Bearer ${token}`, toJson(createRequest()))).status, 401);
    assert.equal((await post(`Bearer ${newToken}`, toJson(createRequest()))).status, 200);
    token = newToken;
  });
});
