/**
 * Backup and restore of a live database, in both database types, through the real command while
 * the server keeps running: what was backed up comes back byte for byte over HTTP, and what came
 * after the backup is gone, without restarting the server.
 * @module
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { httpRequest, kmipOk, parseOwned } from '../helpers/http-client.js';
import { bytesField, decryptRequest, destroyRequest, encryptRequest, revokeRequest } from '../helpers/kmip-requests.js';
import { makeTempRoot, removeDir } from '../helpers/test-server.js';
import { runCli } from './cli-runner.js';
import { assertGone, createKey, createSeveralKeys, getAll, getText, owned, startKeyServer, type KeyServer, type Mode } from './key-fixture.js';

const dirs: string[] = [];
after(() => { for (const d of dirs) removeDir(d); });

function tempDir(): string {
  const d = makeTempRoot();
  dirs.push(d);
  return d;
}

function grant(k: KeyServer, uid: string, user: string): Promise<void> {
  return access(k, 'grant', uid, user);
}

async function access(k: KeyServer, action: 'grant' | 'revoke', uid: string, user: string): Promise<void> {
  const r = await httpRequest(`${k.server.url}/access/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(k.secret === undefined ? {} : { KmsDatabaseSecret: k.secret }) },
    body: JSON.stringify({ unique_identifier: uid, user_id: user, operation_types: ['get', 'encrypt'] }),
  });
  assert.equal(r.status, 200, r.text);
}

async function accessList(k: KeyServer, uid: string): Promise<string> {
  const r = await httpRequest(`${k.server.url}/access/list/${encodeURIComponent(uid)}`, { headers: k.secret === undefined ? {} : { KmsDatabaseSecret: k.secret } });
  assert.equal(r.status, 200, r.text);
  return r.text;
}

async function encrypt(k: KeyServer, uid: string, data: Uint8Array): Promise<{ data: Uint8Array; nonce: Uint8Array; tag: Uint8Array }> {
  const r = await kmipOk(k.server.url, encryptRequest(uid, data), k.secret);
  return { data: bytesField(r, 'Data'), nonce: bytesField(r, 'IvCounterNonce'), tag: bytesField(r, 'AuthenticatedEncryptionTag') };
}

function assertNoSecret(k: KeyServer, output: string): void {
  if (k.secret === undefined || k.keyHex === undefined) return;
  for (const form of [k.secret, Buffer.from(k.secret, 'base64').toString('utf8'), k.keyHex, k.keyHex.toUpperCase(), Buffer.from(k.keyHex, 'hex').toString('base64')]) {
    assert.ok(!output.includes(form), 'the command printed the database secret or key');
  }
}

for (const mode of ['sqlite', 'sqlite-enc'] as const satisfies readonly Mode[]) {
  describe(`online backup and restore (${mode})`, () => {
    it('restores every backed-up key byte for byte and forgets the keys created after the backup, without a restart', async () => {
      const k = await startKeyServer(mode);
      dirs.push(k.server.rootDir);
      try {
        const keys = await createSeveralKeys(k, `backup-${mode}`);
        const [aes, aes128] = keys;
        assert.ok(aes !== undefined && aes128 !== undefined);
        await grant(k, aes, 'bob');
        const plaintext = Buffer.from('encrypted before the backup');
        const sealed = await encrypt(k, aes, plaintext);
        const before = await getAll(k, keys);
        const ownedBefore = await owned(k);
        const grantsBefore = await accessList(k, aes);

        const file = join(tempDir(), 'kms.backup');
        const backup = await runCli(['backup', '--output', file, ...k.flags], k.env);
        assert.equal(backup.status, 0, backup.stderr);
        assert.match(backup.stdout, /^backup: wrote .*: 5 objects/);
        assert.equal(backup.stderr, '');
        assert.equal(statSync(file).mode & 0o777, 0o600);

        // After the backup: a new key, a destroyed one, a revoked grant; each read once, so the
        // server's read cache and key cache hold the post-backup state.
        const later = await createKey(k);
        await getText(k, later);
        await kmipOk(k.server.url, revokeRequest(aes128), k.secret);
        await kmipOk(k.server.url, destroyRequest(aes128), k.secret);
        await access(k, 'revoke', aes, 'bob');
        await encrypt(k, aes, plaintext);
        assert.notEqual(await owned(k), ownedBefore);
        await assertGone(k, aes128);

        const restore = await runCli(['restore', '--input', file, ...k.flags], k.env);
        assert.equal(restore.status, 0, restore.stderr);
        assert.match(restore.stdout, /^restore: .* now holds the 5 objects of /);
        assert.equal(restore.stderr, '');
        assertNoSecret(k, backup.stdout + backup.stderr + restore.stdout + restore.stderr);

        // The same server, still running: the backed-up content, nothing else.
        assert.deepEqual(await getAll(k, keys), before);
        await assertGone(k, later);
        assert.equal(await owned(k), ownedBefore);
        assert.equal(await accessList(k, aes), grantsBefore);
        const opened = await kmipOk(k.server.url, decryptRequest(aes, sealed.data, sealed.nonce, sealed.tag), k.secret);
        assert.deepEqual(Buffer.from(bytesField(opened, 'Data')), plaintext);
        // And it keeps writing into the restored database.
        await getText(k, await createKey(k));
      } finally {
        await k.server.stop();
      }
    });

    it('takes a consistent backup while the server writes, and rebuilds a lost server from it', async () => {
      const k = await startKeyServer(mode);
      dirs.push(k.server.rootDir);
      const file = join(tempDir(), 'kms.backup');
      let keys: string[];
      let before: Map<string, string>;
      const writtenDuring: string[] = [];
      try {
        keys = await createSeveralKeys(k, `lost-${mode}`);
        before = await getAll(k, keys);
        // Writes keep arriving while the backup runs.
        let writing = true;
        const writer = (async () => {
          while (writing) writtenDuring.push(await createKey(k));
        })();
        const backup = await runCli(['backup', '--output', file, ...k.flags], k.env);
        writing = false;
        await writer;
        assert.equal(backup.status, 0, backup.stderr);
        assert.ok(writtenDuring.length > 0, 'the server wrote during the backup');
      } finally {
        await k.server.stop();
      }

      // A new machine: an empty data directory, the backup and the secret.
      const fresh = tempDir();
      const restore = await runCli(['restore', '--input', file, '--database-type', mode, '--root-data-path', fresh], k.env);
      assert.equal(restore.status, 0, restore.stderr);
      assert.match(restore.stdout, /created it/);
      const rebuilt = await startKeyServer(mode, fresh, k.secret);
      try {
        assert.deepEqual(await getAll(rebuilt, keys), before);
        // The snapshot holds whole requests only: each key written meanwhile is either there and readable, or absent.
        const list = await owned(rebuilt);
        const present = writtenDuring.filter((uid) => list.includes(`"${uid}"`));
        for (const uid of present) await getText(rebuilt, uid);
        assert.equal(parseOwned(list).length, keys.length + present.length);
      } finally {
        await rebuilt.server.stop();
      }
    });
  });
}
