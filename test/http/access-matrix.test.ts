/**
 * The authorisation matrix: every KMIP operation, run by the owner of its object, by a user
 * granted that operation, by a user granted another one, by any user through a `*` grant, and by
 * a stranger, in both database types. Users are told apart by JWTs from a local identity provider.
 * An object a caller may not use must look exactly like one that does not exist.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpRequest, type HttpResult } from '../helpers/http-client.js';
import { parseResponse, toJson } from '../helpers/kmip-requests.js';
import { removeDir, startTestServer, type TestServer } from '../helpers/test-server.js';
import { startIdentityProvider, type IdentityProvider } from '../helpers/jwks-server.js';
import { assertEveryOperationCovered, SCENARIOS, type Caller, type Scenario } from './access-matrix-scenarios.js';
import { MODES, locatedIds } from './kmip-modes.js';
import type { TtlvNode } from '../../src/kmip/ttlv/node.js';

const OWNER = 'owner@example.com';

/** The five ways a caller can stand towards an object. */
interface Role {
  readonly name: string;
  /** Who acts. */
  readonly user: string;
  /** Who is granted what before the call: the operation's right, another right, or nothing. */
  readonly grant: 'right' | 'other' | 'none';
  readonly grantee?: string;
  /** Whether the operation must succeed. */
  readonly allowed: boolean;
}

const ROLES: readonly Role[] = [
  { name: 'the owner', user: OWNER, grant: 'none', allowed: true },
  { name: 'a user granted the operation', user: 'grantee@example.com', grant: 'right', grantee: 'grantee@example.com', allowed: true },
  { name: 'a user granted another operation', user: 'other@example.com', grant: 'other', grantee: 'other@example.com', allowed: false },
  { name: 'any user through a * grant', user: 'carol@example.com', grant: 'right', grantee: '*', allowed: true },
  { name: 'a stranger', user: 'mallory@example.com', grant: 'none', allowed: false },
];

/** A right that neither is nor implies `right`. */
const otherRight = (right: string): string => (right === 'revoke' ? 'activate' : 'revoke');

let counter = 0;
const freshTag = (): string => `matrix-${process.pid}-${++counter}`;

/** Replaces every id in a text, so two "not found" answers can be compared. */
const withoutId = (text: string, ids: readonly string[]): string => ids.reduce((t, id) => t.replaceAll(id, '<id>'), text);

describe('authorisation matrix coverage', () => {
  it('has a scenario for every operation the server dispatches', () => {
    assertEveryOperationCovered();
  });
});

for (const mode of MODES) {
  describe(`authorisation matrix (${mode})`, () => {
    let idp: IdentityProvider;
    let server: TestServer;
    let secret: string | undefined;

    before(async () => {
      idp = await startIdentityProvider();
      server = await startTestServer({ databaseType: mode, extraArgs: ['--workers', '1', ...idp.serverArgs] });
      if (mode === 'sqlite-enc') {
        const r = await httpRequest(`${server.url}/new_database`, { method: 'POST', headers: idp.headersFor(OWNER) });
        assert.equal(r.status, 200, r.text);
        secret = JSON.parse(r.text) as string;
      }
    });
    after(async () => {
      await server.stop();
      removeDir(server.rootDir);
      await idp.close();
    });

    const headers = (user: string): Record<string, string> => ({
      ...idp.headersFor(user),
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { KmsDatabaseSecret: secret }),
    });
    const post = (user: string, request: TtlvNode | string): Promise<HttpResult> =>
      httpRequest(`${server.url}/kmip/2_1`, { method: 'POST', headers: headers(user), body: typeof request === 'string' ? request : toJson(request) });
    const as = (user: string): Caller => ({
      call: async (request) => {
        const r = await post(user, request);
        assert.equal(r.status, 200, `${request.tag} as ${user} answered ${r.status}: ${r.text}`);
        return parseResponse(r.text);
      },
    });
    const grant = async (uid: string, user: string, right: string): Promise<void> => {
      const body = JSON.stringify({ unique_identifier: uid, user_id: user, operation_types: [right] });
      const r = await httpRequest(`${server.url}/access/grant`, { method: 'POST', headers: headers(OWNER), body });
      assert.equal(r.status, 200, `grant ${right} on ${uid} to ${user}: ${r.status} ${r.text}`);
    };

    const run = async (scenario: Scenario, role: Role): Promise<void> => {
      const tag = freshTag();
      const { uid, request } = await scenario.prepare(as(OWNER), tag);
      if (uid !== null && scenario.right !== null && role.grantee !== undefined) {
        await grant(uid, role.grantee, role.grant === 'right' ? scenario.right : otherRight(scenario.right));
      }
      const r = await post(role.user, request);
      if (scenario.right === null) {
        assert.equal(r.status, 200, `${r.status} ${r.text}`);
        assert.equal(parseResponse(r.text).tag, `${scenario.operation}Response`);
        return;
      }
      if (scenario.operation === 'Locate') {
        // Locate never fails: it lists what the caller may see, and any grant makes an object visible.
        assert.equal(r.status, 200, `${r.status} ${r.text}`);
        const visible = role.grant !== 'none' || role.user === OWNER;
        assert.deepEqual(locatedIds(parseResponse(r.text)), visible && uid !== null ? [uid] : []);
        return;
      }
      if (role.allowed) {
        assert.equal(r.status, 200, `${r.status} ${r.text}`);
        assert.equal(parseResponse(r.text).tag, `${scenario.operation}Response`);
        return;
      }
      assert.ok(uid !== null);
      // Refused exactly as an object that does not exist is refused: no "forbidden", no oracle.
      const missing = `no-such-object-${tag}`;
      const reference = await post(OWNER, toJson(request).replaceAll(uid, missing));
      assert.equal(r.status, 422, `${r.status} ${r.text}`);
      assert.match(r.text, /^Item_Not_Found: /);
      assert.equal(reference.status, 422, reference.text);
      assert.equal(withoutId(r.text, [uid]), withoutId(reference.text, [missing]));
    };

    for (const scenario of SCENARIOS) {
      for (const role of ROLES) {
        it(`${scenario.operation} as ${role.name}`, () => run(scenario, role));
      }
    }
  });
}
