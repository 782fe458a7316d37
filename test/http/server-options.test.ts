import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, removeDir, makeTempRoot } from '../helpers/test-server.js';
import { kmipOk, newDatabase, postKmip, secretParts } from '../helpers/http-client.js';
import { createRequest, getRequest, textField } from '../helpers/kmip-requests.js';

const roots: string[] = [];
after(() => { for (const r of roots) removeDir(r); });

describe('server options', () => {
  it('--clear-database starts from empty databases', async () => {
    const root = makeTempRoot();
    roots.push(root);
    const first = await startTestServer({ databaseType: 'sqlite', rootDir: root });
    await kmipOk(first.url, createRequest({ uid: 'kept' }));
    await first.stop();

    const again = await startTestServer({ databaseType: 'sqlite', rootDir: root });
    assert.equal((await postKmip(again.url, getRequest('kept'))).status, 200, 'control: the key survives a plain restart');
    await again.stop();

    const cleared = await startTestServer({ databaseType: 'sqlite', rootDir: root, extraArgs: ['--clear-database'] });
    const res = await postKmip(cleared.url, getRequest('kept'));
    await cleared.stop();
    assert.equal(res.status, 422);
    assert.match(res.text, /^Item_Not_Found: /);
  });

  it('--max-open-actors closes the least recently used database and reopens it on demand', async () => {
    // One worker: the close of A and the request of B then reach it in order, so no waiting is needed.
    const server = await startTestServer({ databaseType: 'sqlite-enc', extraArgs: ['--max-open-actors', '1', '--workers', '1'] });
    roots.push(server.rootDir);
    try {
      const a = await newDatabase(server.url);
      const b = await newDatabase(server.url);
      const walOf = (secret: string): string => join(server.sqlitePath, `${secretParts(secret).groupId.toString()}.sqlite-wal`);
      const keyA = textField(await kmipOk(server.url, createRequest(), a), 'UniqueIdentifier');
      assert.ok(existsSync(walOf(a)), 'database A is open');
      const keyB = textField(await kmipOk(server.url, createRequest(), b), 'UniqueIdentifier');
      assert.ok(existsSync(walOf(b)), 'database B is open');
      // Closing a database checkpoints and removes its WAL.
      assert.ok(!existsSync(walOf(a)), 'opening B closed A, the least recently used');
      assert.equal(server.supervisor.stats().openActors, 1);
      assert.equal(textField(await kmipOk(server.url, getRequest(keyA), a), 'UniqueIdentifier'), keyA);
      assert.equal(textField(await kmipOk(server.url, getRequest(keyB), b), 'UniqueIdentifier'), keyB);
    } finally {
      await server.stop();
    }
  });

  it('--workers sets how many worker threads host the actors', async () => {
    const server = await startTestServer({ databaseType: 'sqlite', extraArgs: ['--workers', '1'] });
    roots.push(server.rootDir);
    try {
      assert.equal(server.supervisor.stats().workers.length, 1);
    } finally {
      await server.stop();
    }
  });
});
