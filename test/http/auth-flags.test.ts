/**
 * Authentication and limits end to end through the command-line flags of a real server (workers
 * and all): JWT callers, the forced default user, refused callers in the audit log, the header
 * limit, the rate limit and the limit on new databases.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { getOwned, httpRequest, newDatabase, parseOwned, postKmip } from '../helpers/http-client.js';
import { startIdentityProvider, type IdentityProvider } from '../helpers/jwks-server.js';
import { createRequest, toJson } from '../helpers/kmip-requests.js';
import { makeTempRoot, removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';

describe('JWT authentication through the flags', () => {
  let idp: IdentityProvider;
  let server: TestServer;
  let auditFile = '';
  let root = '';
  before(async () => {
    idp = await startIdentityProvider();
    root = makeTempRoot();
    auditFile = path.join(root, 'audit.jsonl');
    server = await startTestServer({ databaseType: 'sqlite', rootDir: root, extraArgs: [...idp.serverArgs, '--audit-log', auditFile, '--max-header-size', '2k'] });
  });
  after(async () => {
    await server.stop();
    await idp.close();
    removeDir(root);
  });

  it('gives each caller its own objects and refuses callers without a token', async () => {
    const created = await httpRequest(`${server.url}/kmip/2_1`, { method: 'POST', headers: { ...idp.headersFor('frank@example.com'), 'content-type': 'application/json' }, body: toJson(createRequest({})) });
    assert.equal(created.status, 200, created.text);
    const mine = await httpRequest(`${server.url}/access/owned`, { headers: idp.headersFor('frank@example.com') });
    assert.equal(parseOwned(mine.text).length, 1);
    const theirs = await httpRequest(`${server.url}/access/owned`, { headers: idp.headersFor('gina@example.com') });
    assert.equal(parseOwned(theirs.text).length, 0);
    const anonymous = await getOwned(server.url);
    assert.deepEqual({ status: anonymous.status, text: anonymous.text }, { status: 401, text: '' });
  });

  it('answers 431 past --max-header-size', async () => {
    const r = await httpRequest(`${server.url}/access/owned`, { headers: { ...idp.headersFor('frank@example.com'), 'x-padding': 'p'.repeat(2_100) } });
    assert.equal(r.status, 431);
  });

  it('records the refused request in the audit log, without the token', async () => {
    await server.stop();
    const lines = fs.readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l['result'] === 'Unauthorized' && l['user'] === null && l['operation'] === '/objects/owned'), JSON.stringify(lines));
    assert.ok(!fs.readFileSync(auditFile, 'utf8').includes('Bearer'));
  });
});

describe('rate limit through the flags', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ databaseType: 'sqlite', extraArgs: ['--rate-limit-per-second', '1', '--rate-limit-burst', '1'] });
  });
  after(async () => {
    await server.stop();
    removeDir(server.rootDir);
  });

  it('answers 429 with Retry-After to a second request within the second', async () => {
    assert.equal((await getOwned(server.url)).status, 200);
    const res = await fetch(`${server.url}/access/owned`, { headers: { connection: 'close' } });
    await res.text();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
  });
});

describe('new database limit through the flag', () => {
  let server: TestServer;
  let root = '';
  let auditFile = '';
  before(async () => {
    root = makeTempRoot();
    auditFile = path.join(root, 'audit.jsonl');
    server = await startTestServer({ databaseType: 'sqlite-enc', rootDir: root, extraArgs: ['--new-database-rate-limit', '3', '--audit-log', auditFile] });
  });
  after(async () => {
    await server.stop();
    removeDir(root);
  });

  it('creates 3 databases at once, answers the 4th with 429 and Retry-After without creating it, and keeps serving the ones made', async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 3; i++) secrets.push(await newDatabase(server.url));
    const files = (): number => fs.readdirSync(server.sqlitePath).filter((n) => n.endsWith('.sqlite')).length;
    assert.equal(files(), 3);
    const res = await fetch(`${server.url}/new_database`, { method: 'POST', headers: { connection: 'close' } });
    const text = await res.text();
    assert.equal(res.status, 429);
    assert.match(text, /too many new databases/);
    // Three creations a minute: the next one is up to 20 s away.
    const wait = Number(res.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 20, `Retry-After ${String(wait)}`);
    assert.equal(files(), 3, 'the refused request created a database');
    for (const secret of secrets) assert.equal((await postKmip(server.url, createRequest(), secret)).status, 200);
    await server.stop();
    const lines = fs.readFileSync(auditFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l['result'] === 'Rate_Limited' && l['operation'] === '/new_database'), JSON.stringify(lines));
  });
});

describe('--force-default-username with JWT', () => {
  let idp: IdentityProvider;
  let server: TestServer;
  before(async () => {
    idp = await startIdentityProvider();
    server = await startTestServer({ databaseType: 'sqlite', extraArgs: [...idp.serverArgs, '--force-default-username', '--default-username', 'shared'] });
  });
  after(async () => {
    await server.stop();
    await idp.close();
    removeDir(server.rootDir);
  });

  it('still authenticates every caller, then runs them all as the default user', async () => {
    for (const user of ['henry@example.com', 'iris@example.com']) {
      const r = await httpRequest(`${server.url}/kmip/2_1`, { method: 'POST', headers: { ...idp.headersFor(user), 'content-type': 'application/json' }, body: toJson(createRequest({})) });
      assert.equal(r.status, 200, r.text);
    }
    // Both keys belong to the default user, so each caller sees both.
    const henry = parseOwned((await httpRequest(`${server.url}/access/owned`, { headers: idp.headersFor('henry@example.com') })).text);
    const iris = parseOwned((await httpRequest(`${server.url}/access/owned`, { headers: idp.headersFor('iris@example.com') })).text);
    assert.equal(henry.length, 2);
    assert.deepEqual(iris.map((o) => o.object_id).sort(), henry.map((o) => o.object_id).sort());
    assert.equal((await getOwned(server.url)).status, 401);
  });
});
