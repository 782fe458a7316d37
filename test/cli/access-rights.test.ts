import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kms } from '../../src/client/kms.js';
import { KmsHttpClient } from '../../src/client/http-client.js';
import { KmsRequestError } from '../../src/client/errors.js';
import { startIdentityProvider, type IdentityProvider } from '../helpers/jwks-server.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { runKms, DATABASE_TYPES } from './cli-fixture.js';
import type { LauncherResult } from '../helpers/launcher.js';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

/** A user of the JWT-authenticated server: a kms.json with their token, and an SDK client. */
interface User {
  readonly conf: string;
  readonly token: string;
  readonly kms: Kms;
}

// One JWT-authenticated server per database type (the two suites run side by side, each suite's
// tests in order); alice and bob each have a kms.json holding their token (and, in sqlite-enc,
// the one database secret they share).
describe('kms access-rights in both database types', { concurrency: true }, () => {
  for (const type of DATABASE_TYPES) {
    describe(`kms access-rights between two users (${type})`, { concurrency: 1 }, () => {
      let idp: IdentityProvider;
      let server: TestServer;
      let dir: string;
      let alice: User;
      let bob: User;

      before(async () => {
        idp = await startIdentityProvider();
        server = await startTestServer({ databaseType: type, extraArgs: idp.serverArgs });
        dir = mkdtempSync(join(tmpdir(), 'kms-cli-access-'));
        let secret: string | undefined;
        if (type === 'sqlite-enc') {
          const res = await fetch(`${server.url}/new_database`, { method: 'POST', headers: idp.headersFor(ALICE) });
          secret = (await res.json()) as string;
        }
        const user = (email: string, name: string): User => {
          const token = (idp.headersFor(email)['authorization'] ?? '').replace(/^Bearer /, '');
          const conf = join(dir, `${name}.json`);
          writeFileSync(conf, JSON.stringify({ kms_server_url: server.url, kms_access_token: token, ...(secret === undefined ? {} : { kms_database_secret: secret }) }));
          const kms = new Kms(new KmsHttpClient({ url: server.url, accessToken: token, ...(secret === undefined ? {} : { databaseSecret: secret }) }));
          return { conf, token, kms };
        };
        alice = user(ALICE, 'alice');
        bob = user(BOB, 'bob');
      });
      after(async () => {
        await alice.kms.close();
        await bob.kms.close();
        await server.stop();
        removeDir(server.rootDir);
        await idp.close();
        rmSync(dir, { recursive: true, force: true });
      });

      const as = (u: User, args: readonly string[]): Promise<LauncherResult> => runKms(args, dir, { env: { KMS_CLI_CONF: u.conf } });
      const ok = async (u: User, args: readonly string[]): Promise<string> => {
        const r = await as(u, args);
        assert.equal(r.status, 0, `kms ${args.join(' ')}: ${r.stderr}`);
        return r.stdout;
      };
      const json = async (u: User, args: readonly string[]): Promise<unknown> => JSON.parse(await ok(u, [...args, '--output', 'json']));
      const newKey = async (u: User, tag: string): Promise<string> => ((await json(u, ['sym', 'keys', 'create', '-t', tag])) as { unique_identifier: string }).unique_identifier;
      const refused = async (p: Promise<unknown>): Promise<KmsRequestError> => {
        const e = await p.then(() => undefined, (err: unknown) => err);
        assert.ok(e instanceof KmsRequestError, `expected a refusal, got ${String(e)}`);
        return e;
      };

      it('grants another user Get on a key, which they then can Get, list and locate; a revoke stops it', async () => {
        const id = await newKey(alice, 'shared');
        await refused(bob.kms.get({ uniqueIdentifier: id }));

        const granted = await ok(alice, ['access-rights', 'grant', BOB, id, 'get', 'Encrypt']);
        assert.match(granted, new RegExp(`Access for ${BOB} successfully added`));
        const got = await bob.kms.get({ uniqueIdentifier: id });
        assert.equal(got.uniqueIdentifier, id);
        assert.equal((await bob.kms.encrypt({ uniqueIdentifier: id, data: Buffer.from('x') })).uniqueIdentifier, id);

        assert.deepEqual(await json(alice, ['access-rights', 'list', id]), [{ user_id: BOB, operations: ['encrypt', 'get'] }]);
        assert.match(await ok(alice, ['access-rights', 'list', id]), new RegExp(`^${BOB}\\s+encrypt, get\\n$`));
        const obtained = (await json(bob, ['access-rights', 'obtained'])) as { object_id: string; owner_id: string; operations: string[] }[];
        assert.deepEqual(obtained.find((o) => o.object_id === id), { object_id: id, owner_id: ALICE, state: 'Active', operations: ['encrypt', 'get'] });
        assert.match(await ok(bob, ['access-rights', 'obtained']), new RegExp(`${id}\\s+Active\\s+owner ${ALICE}: encrypt, get`));
        assert.deepEqual((await ok(bob, ['locate', '-t', 'shared'])).trim(), id);

        assert.match(await ok(alice, ['access-rights', 'revoke', BOB, id, 'get']), /successfully deleted/);
        await refused(bob.kms.get({ uniqueIdentifier: id }));
        assert.equal((await bob.kms.encrypt({ uniqueIdentifier: id, data: Buffer.from('x') })).uniqueIdentifier, id, 'encrypt was not revoked');
        await ok(alice, ['access-rights', 'revoke', BOB, id, 'encrypt']);
        await refused(bob.kms.encrypt({ uniqueIdentifier: id, data: Buffer.from('x') }));
        assert.deepEqual(await json(alice, ['access-rights', 'list', id]), []);
        assert.ok(!(await ok(bob, ['access-rights', 'obtained'])).includes(id));
      });

      it('lists owned objects per user', async () => {
        const mine = await newKey(alice, 'owned-a');
        const theirs = await newKey(bob, 'owned-b');
        const owned = (await json(alice, ['access-rights', 'owned'])) as { object_id: string; state: string; is_wrapped: boolean }[];
        assert.deepEqual(owned.find((o) => o.object_id === mine), { object_id: mine, state: 'Active', is_wrapped: false });
        assert.ok(!owned.some((o) => o.object_id === theirs));
        assert.match(await ok(bob, ['access-rights', 'owned']), new RegExp(`^${theirs}\\s+Active$`, 'm'));
      });

      it('refuses in one line with status 1 what only the owner may do, or an unknown operation', async () => {
        const id = await newKey(alice, 'not-bobs');
        for (const args of [['access-rights', 'grant', ALICE, id, 'get'], ['access-rights', 'list', id]]) {
          const r = await as(bob, args);
          assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
          assert.equal(r.stderr.trimEnd().split('\n').length, 1);
          assert.match(r.stderr, /^error: .*not owned/);
        }
        const unknown = await as(alice, ['access-rights', 'grant', BOB, id, 'fly']);
        assert.equal(unknown.status, 1);
        assert.match(unknown.stderr, /fly/);
        const missing = await as(alice, ['access-rights', 'grant', BOB, id]);
        assert.equal(missing.status, 2);
      });

      it('acts as the user whose token --access-token passes, over the configuration file', async () => {
        const id = await newKey(alice, 'token-flag');
        const r = await as(alice, ['access-rights', 'grant', BOB, id, 'get', '--access-token', bob.token]);
        assert.equal(r.status, 1, 'bob does not own the key');
        const anonymous = await as(alice, ['access-rights', 'owned', '--access-token', 'not-a-token']);
        assert.equal(anonymous.status, 1);
        assert.equal((await as(alice, ['access-rights', 'grant', BOB, id, 'get'])).status, 0);
      });

      it('prints JSON with --output json for grant and revoke', async () => {
        const id = await newKey(alice, 'json-access');
        assert.deepEqual(await json(alice, ['access-rights', 'grant', BOB, id, 'get']), {
          unique_identifier: id,
          user_id: BOB,
          operations: ['get'],
          message: `Access for ${BOB} successfully added`,
        });
        const revoked = (await json(alice, ['access-rights', 'revoke', BOB, id, 'get'])) as { message: string };
        assert.equal(revoked.message, `Access for ${BOB} successfully deleted`);
      });
    });
  }
});
