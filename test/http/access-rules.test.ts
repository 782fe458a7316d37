/**
 * Access rules over HTTP beyond the per-operation matrix: `--privileged-users`, `get` implying
 * export and attribute reads, wrapping keys needing their own right, and the /access endpoints'
 * bodies and refusals as Cosmian words them, in both database types.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpRequest, type HttpResult } from '../helpers/http-client.js';
import { createRequest, encryptRequest, exportRequest, getAttributesRequest, parseResponse, textField, toJson } from '../helpers/kmip-requests.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { startIdentityProvider, type IdentityProvider } from '../helpers/jwks-server.js';
import { MODES, getWith } from './kmip-modes.js';
import { enumeration, struct, text } from '../../src/kmip/ttlv/build.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const EVE = 'eve@example.com';

for (const mode of MODES) {
  describe(`access rules over HTTP (${mode})`, () => {
    let idp: IdentityProvider;
    let server: TestServer;
    let secret: string | undefined;

    before(async () => {
      idp = await startIdentityProvider();
      server = await startTestServer({ databaseType: mode, extraArgs: ['--workers', '1', '--privileged-users', ALICE, '--privileged-users', BOB, ...idp.serverArgs] });
      if (mode === 'sqlite-enc') {
        const r = await httpRequest(`${server.url}/new_database`, { method: 'POST', headers: idp.headersFor(ALICE) });
        secret = JSON.parse(r.text) as string;
      }
    });
    after(async () => {
      await server.stop();
      removeDir(server.rootDir);
      await idp.close();
    });

    const headers = (user: string): Record<string, string> => ({ ...idp.headersFor(user), ...(secret === undefined ? {} : { KmsDatabaseSecret: secret }) });
    const kmip = (user: string, request: TtlvNode): Promise<HttpResult> =>
      httpRequest(`${server.url}/kmip/2_1`, { method: 'POST', headers: headers(user), body: toJson(request) });
    const created = async (user: string): Promise<string> => {
      const r = await kmip(user, createRequest());
      assert.equal(r.status, 200, r.text);
      return textField(parseResponse(r.text), 'UniqueIdentifier');
    };
    const access = (user: string, path: string, body?: unknown): Promise<HttpResult> =>
      httpRequest(`${server.url}/access/${path}`, body === undefined ? { headers: headers(user) } : { method: 'POST', headers: headers(user), body: JSON.stringify(body) });
    const grant = (user: string, uid: string, to: string, ops: string[]): Promise<HttpResult> =>
      access(user, 'grant', { unique_identifier: uid, user_id: to, operation_types: ops });

    it('lets only privileged users create or import objects', async () => {
      await created(ALICE);
      const r = await kmip(EVE, createRequest());
      assert.equal(r.status, 422, r.text);
      assert.match(r.text, /^Permission_Denied: /);
    });

    it('lets a get grant export and read attributes, but not encrypt', async () => {
      const uid = await created(ALICE);
      assert.equal((await grant(ALICE, uid, EVE, ['get'])).status, 200);
      assert.equal((await kmip(EVE, exportRequest(uid))).status, 200);
      assert.equal((await kmip(EVE, getAttributesRequest(uid))).status, 200);
      const enc = await kmip(EVE, encryptRequest(uid, new Uint8Array(16)));
      assert.equal(enc.status, 422);
      assert.match(enc.text, /^Item_Not_Found: /);
    });

    it('wraps a key for a grantee only when the wrapping key may encrypt for them', async () => {
      const payload = await created(ALICE);
      const wrapper = await created(ALICE);
      await grant(ALICE, payload, EVE, ['get']);
      const wrapped = getWith(payload, undefined, [struct('KeyWrappingSpecification', [
        enumeration('WrappingMethod', 'Encrypt'),
        struct('EncryptionKeyInformation', [text('UniqueIdentifier', wrapper)]),
      ])]);
      const refused = await kmip(EVE, wrapped);
      assert.equal(refused.status, 422, refused.text);
      assert.match(refused.text, /^Item_Not_Found: /);
      await grant(ALICE, wrapper, EVE, ['encrypt']);
      assert.equal((await kmip(EVE, wrapped)).status, 200);
    });

    it('answers grant, list, obtained and revoke with Cosmian\'s bodies', async () => {
      const uid = await created(ALICE);
      const granted = await grant(ALICE, uid, BOB, ['encrypt', 'get']);
      assert.equal(granted.status, 200, granted.text);
      assert.deepEqual(JSON.parse(granted.text), { success: `Access for ${BOB} successfully added` });
      const list = await access(ALICE, `list/${encodeURIComponent(uid)}`);
      assert.equal(list.status, 200, list.text);
      assert.deepEqual(JSON.parse(list.text), [{ user_id: BOB, operations: ['encrypt', 'get'] }]);
      const obtained = JSON.parse((await access(BOB, 'obtained')).text) as { object_id: string; owner_id: string; state: string; operations: string[] }[];
      assert.deepEqual(obtained.find((o) => o.object_id === uid), { object_id: uid, owner_id: ALICE, state: 'Active', operations: ['encrypt', 'get'] });
      const revoked = await access(ALICE, 'revoke', { unique_identifier: uid, user_id: BOB, operation_types: ['encrypt', 'get'] });
      assert.deepEqual(JSON.parse(revoked.text), { success: `Access for ${BOB} successfully deleted` });
      assert.equal((await kmip(BOB, encryptRequest(uid, new Uint8Array(16)))).status, 422);
    });

    it('refuses access management by anyone but the owner, and self-grants, with 401', async () => {
      const uid = await created(ALICE);
      const foreign = await grant(BOB, uid, EVE, ['get']);
      assert.equal(foreign.status, 401);
      assert.equal(foreign.text, `Access denied: Object with uid \`${uid}\` is not owned by owner \`${BOB}\``);
      const unknown = await grant(BOB, 'no-such-object', EVE, ['get']);
      assert.equal(unknown.text, `Access denied: Object with uid \`no-such-object\` is not owned by owner \`${BOB}\``);
      const self = await grant(ALICE, uid, ALICE, ['get']);
      assert.equal(self.status, 401);
      assert.equal(self.text, "Access denied: You can't grant yourself, you have already all rights on your own objects");
      assert.equal((await access(BOB, `list/${encodeURIComponent(uid)}`)).status, 401);
    });

    it('refuses an unknown operation type or a malformed body with 422 and grants nothing', async () => {
      const uid = await created(ALICE);
      assert.equal((await grant(ALICE, uid, BOB, ['get', 'teleport'])).status, 422);
      assert.equal((await access(ALICE, 'grant', { unique_identifier: uid })).status, 422);
      assert.deepEqual(JSON.parse((await access(ALICE, `list/${encodeURIComponent(uid)}`)).text), []);
    });
  });
}
