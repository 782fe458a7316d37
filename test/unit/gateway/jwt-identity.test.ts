/**
 * What an authenticated caller is: a JWT's user claim must be a plausible name (and not an address
 * its provider has not verified), and a JWT's identity carries the token's expiry.
 * @module
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Authenticator, type AuthSettings } from '../../../src/gateway/auth/authenticator.js';
import { MAX_USER_CHARS, userOfClaims } from '../../../src/gateway/auth/jwt-verifier.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { JwksServer } from '../../helpers/jwks-server.js';
import type { KmsBackend } from '../../../src/gateway/routes.js';
import type { NewDatabase } from '../../../src/supervisor/supervisor.js';

/** A backend accepting any API token. */
const ACCEPTING: KmsBackend = {
  dispatch: () => Promise.resolve(Uint8Array.of(1)),
  createDatabase: (): Promise<NewDatabase> => Promise.reject(new KmsError('INTERNAL', 'no')),
  attachSession: () => Promise.resolve(),
  detachSession: () => undefined,
};
const OFF: AuthSettings = { jwtIssuers: [], jwtUserClaim: 'email', apiTokenId: null, forceDefaultUsername: false };
const bearer = (t: string): { authorization: string; certUser: null } => ({ authorization: `Bearer ${t}`, certUser: null });

describe('userOfClaims', () => {
  it('refuses a user claim holding a control character, DEL included', () => {
    for (const bad of ['a\u0000b', 'alice@example.com\n', 'tab\there', '\u001f', 'del\u007f']) {
      assert.equal(userOfClaims({ email: bad }, 'email'), null, JSON.stringify(bad));
    }
    assert.equal(userOfClaims({ email: 'élise@exemple.fr' }, 'email'), 'élise@exemple.fr', 'non-ASCII printable names pass');
  });

  it(`accepts a user claim of ${MAX_USER_CHARS} characters and refuses a longer one`, () => {
    assert.equal(userOfClaims({ sub: 'u'.repeat(MAX_USER_CHARS) }, 'sub'), 'u'.repeat(MAX_USER_CHARS));
    assert.equal(userOfClaims({ sub: 'u'.repeat(MAX_USER_CHARS + 1) }, 'sub'), null);
    const astral = '\u{1F511}'.repeat(MAX_USER_CHARS); // 255 characters, 510 UTF-16 units
    assert.equal(userOfClaims({ sub: astral }, 'sub'), astral, 'characters, not UTF-16 units, are counted');
  });

  it('refuses an email the provider marks unverified, and only when the user claim is email', () => {
    assert.equal(userOfClaims({ email: 'a@example.com', email_verified: false }, 'email'), null);
    assert.equal(userOfClaims({ email: 'a@example.com', email_verified: 'false' }, 'email'), null, 'as a string, as some providers send it');
    assert.equal(userOfClaims({ email: 'a@example.com', email_verified: true }, 'email'), 'a@example.com');
    assert.equal(userOfClaims({ email: 'a@example.com' }, 'email'), 'a@example.com', 'no flag: the provider says nothing');
    assert.equal(userOfClaims({ preferred_username: 'bob', email_verified: false }, 'preferred_username'), 'bob');
  });

  it('refuses a missing, empty or non-string claim', () => {
    assert.equal(userOfClaims({}, 'email'), null);
    assert.equal(userOfClaims({ email: '' }, 'email'), null);
    assert.equal(userOfClaims({ email: ['a@example.com'] }, 'email'), null);
  });
});

describe('authenticated identity', () => {
  let idp: JwksServer;
  before(async () => { idp = await JwksServer.start(); });
  after(async () => { await idp.close(); });

  const jwtAuth = (clock: FakeClock, s: Partial<AuthSettings> = {}): Authenticator => new Authenticator({
    settings: { ...OFF, jwtIssuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: null }], ...s },
    defaultUsername: 'admin',
    backend: ACCEPTING,
    clock,
  });

  it('carries the JWT expiry in clock milliseconds, also when remembered and when forced to the default user', async () => {
    const clock = new FakeClock(1_700_000_000_000);
    const token = await idp.mint({ now: clock.now(), ttlMs: 90_000 });
    const auth = jwtAuth(clock);
    assert.deepEqual(await auth.authenticate(bearer(token)), { user: 'alice@example.com', expiresAt: 1_700_000_090_000 });
    clock.advance(1_000);
    assert.deepEqual(await auth.authenticate(bearer(token)), { user: 'alice@example.com', expiresAt: 1_700_000_090_000 }, 'remembered');
    const forced = jwtAuth(clock, { forceDefaultUsername: true });
    assert.deepEqual(await forced.authenticate(bearer(token)), { user: 'admin', expiresAt: 1_700_000_090_000 });
  });

  it('refuses tokens whose user claim is unprintable, too long or an unverified email', async () => {
    const clock = new FakeClock();
    const auth = jwtAuth(clock);
    const now = clock.now();
    for (const claims of [{ email: 'eve@example.com\r\nX-Injected: 1' }, { email: `${'e'.repeat(250)}@example.com` }, { email: 'ceo@example.com', email_verified: false }]) {
      assert.equal(await auth.authenticate(bearer(await idp.mint({ now, claims }))), null, JSON.stringify(claims).slice(0, 60));
    }
    assert.equal((await auth.authenticate(bearer(await idp.mint({ now, claims: { email: 'ceo@example.com', email_verified: true } }))))?.user, 'ceo@example.com');
  });

  it('gives no expiry to the default user, the API token or a client certificate', async () => {
    const clock = new FakeClock();
    const none = new Authenticator({ settings: undefined, defaultUsername: 'admin', backend: ACCEPTING, clock });
    assert.deepEqual(await none.authenticate({ authorization: '', certUser: null }), { user: 'admin', expiresAt: null });
    const api = new Authenticator({ settings: { ...OFF, apiTokenId: 'k' }, defaultUsername: 'admin', backend: ACCEPTING, clock });
    assert.deepEqual(await api.authenticate(bearer(Buffer.alloc(32, 1).toString('base64'))), { user: 'admin', expiresAt: null });
    assert.deepEqual(await jwtAuth(clock).authenticate({ authorization: '', certUser: 'carol' }), { user: 'carol', expiresAt: null });
  });
});
