import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Authenticator, bearerToken, type AuthSettings, type Credentials } from '../../../src/gateway/auth/authenticator.js';
import { KmsError } from '../../../src/protocol/wire-error.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { JwksServer } from '../../helpers/jwks-server.js';
import type { KmsBackend } from '../../../src/gateway/routes.js';
import type { ActorTarget, NewDatabase } from '../../../src/supervisor/supervisor.js';
import type { RequestKind } from '../../../src/protocol/messages.js';

/** A backend whose api-token answer is 1 for one token value. */
class TokenBackend implements KmsBackend {
  readonly calls: { kind: RequestKind; user: string; actorId: string }[] = [];
  fail = false;
  constructor(private readonly token: Uint8Array) {}
  dispatch(target: ActorTarget, kind: RequestKind, user: string, body: Uint8Array): Promise<Uint8Array> {
    this.calls.push({ kind, user, actorId: target.actorId });
    if (this.fail) return Promise.reject(new KmsError('ACTOR_UNAVAILABLE', 'down'));
    return Promise.resolve(Uint8Array.of(Buffer.from(body).equals(this.token) ? 1 : 0));
  }
  createDatabase(): Promise<NewDatabase> { return Promise.reject(new KmsError('INTERNAL', 'no')); }
  attachSession(): Promise<void> { return Promise.resolve(); }
  detachSession(): void { /* nothing held */ }
}

const NO_BACKEND = new TokenBackend(new Uint8Array(0));
const OFF: AuthSettings = { jwtIssuers: [], jwtUserClaim: 'email', apiTokenId: null, forceDefaultUsername: false };
/** The user an authenticator names, or null. */
const who = async (auth: Authenticator, c: Credentials): Promise<string | null> => (await auth.authenticate(c))?.user ?? null;
const bearer = (t: string): { authorization: string; certUser: null } => ({ authorization: `Bearer ${t}`, certUser: null });

describe('bearerToken', () => {
  it('reads the token of a Bearer header, whatever the scheme case, and nothing else', () => {
    assert.equal(bearerToken('Bearer abc.def'), 'abc.def');
    assert.equal(bearerToken('bearer xyz'), 'xyz');
    assert.equal(bearerToken('Basic abc'), null);
    assert.equal(bearerToken(''), null);
    assert.equal(bearerToken('Bearer a b'), null);
  });
});

describe('JWT authentication', () => {
  let idp: JwksServer;
  let other: JwksServer;
  before(async () => {
    idp = await JwksServer.start();
    other = await JwksServer.start();
  });
  after(async () => {
    await idp.close();
    await other.close();
  });

  const make = (clock: FakeClock, s: Partial<AuthSettings> = {}): Authenticator => new Authenticator({
    settings: { ...OFF, jwtIssuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: null }], ...s },
    defaultUsername: 'admin',
    backend: NO_BACKEND,
    clock,
  });

  it('accepts RS256, ES256 and EdDSA tokens and names the user by the email claim', async () => {
    const clock = new FakeClock();
    const auth = make(clock);
    for (const kid of ['rs-1', 'es-1', 'ed-1']) {
      const token = await idp.mint({ kid, now: clock.now(), claims: { email: `${kid}@example.com` } });
      assert.equal(await who(auth, bearer(token)), `${kid}@example.com`);
    }
  });

  it('refuses expired, not yet valid, exp-less and wrongly signed tokens', async () => {
    const clock = new FakeClock();
    const auth = make(clock);
    const now = clock.now();
    const forgerKid = await idp.addKey('RS256', { publish: false });
    const tokens = {
      expired: await idp.mint({ now: now - 7_200_000 }),
      notYetValid: await idp.mint({ now, notBefore: now + 600_000 }),
      noExp: await idp.mint({ now, ttlMs: null }),
      forged: await idp.mint({ now, kid: forgerKid, headerKid: 'rs-1' }),
      garbage: 'not.a.jwt',
    };
    for (const [name, token] of Object.entries(tokens)) assert.equal(await who(auth, bearer(token)), null, name);
    assert.equal(await who(auth, { authorization: '', certUser: null }), null, 'no header');
  });

  it('refuses tokens of another issuer, for another audience, or without the user claim', async () => {
    const clock = new FakeClock();
    const auth = make(clock, { jwtIssuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: 'kms' }] });
    const now = clock.now();
    assert.equal(await who(auth, bearer(await idp.mint({ now, audience: 'kms' }))), 'alice@example.com');
    assert.equal(await who(auth, bearer(await idp.mint({ now, audience: 'other' }))), null);
    assert.equal(await who(auth, bearer(await idp.mint({ now }))), null, 'no audience');
    assert.equal(await who(auth, bearer(await idp.mint({ now, audience: 'kms', issuer: 'https://evil.example' }))), null);
    assert.equal(await who(auth, bearer(await other.mint({ now, audience: 'kms', issuer: idp.issuer }))), null, 'signed by another provider');
    assert.equal(await who(auth, bearer(await idp.mint({ now, audience: 'kms', claims: { email: undefined } }))), null);
  });

  it('names the user by the configured claim', async () => {
    const clock = new FakeClock();
    const auth = make(clock, { jwtUserClaim: 'preferred_username' });
    assert.equal(await who(auth, bearer(await idp.mint({ now: clock.now(), claims: { preferred_username: 'bob' } }))), 'bob');
    assert.equal(await who(auth, bearer(await idp.mint({ now: clock.now() }))), null);
  });

  it('refetches the key set for an unknown kid, but not more than once a minute', async () => {
    const clock = new FakeClock();
    const auth = make(clock);
    assert.equal(await who(auth, bearer(await idp.mint({ now: clock.now() }))), 'alice@example.com');
    const fetches = (): number => auth.jwt?.fetches[0] ?? -1;
    assert.equal(fetches(), 1);
    const rotated = await idp.addKey('ES256');
    clock.advance(10_000);
    assert.equal(await who(auth, bearer(await idp.mint({ kid: rotated, now: clock.now() }))), null, 'within the cooldown');
    assert.equal(fetches(), 1);
    clock.advance(51_000);
    assert.equal(await who(auth, bearer(await idp.mint({ kid: rotated, now: clock.now() }))), 'alice@example.com');
    assert.equal(fetches(), 2);
    for (let i = 0; i < 5; i++) {
      assert.equal(await who(auth, bearer(await idp.mint({ headerKid: 'unknown-kid', now: clock.now() }))), null);
    }
    assert.equal(fetches(), 2, 'forged kids do not hammer the provider');
    clock.advance(60_000);
    assert.equal(await who(auth, bearer(await idp.mint({ headerKid: 'unknown-kid', now: clock.now() }))), null);
    assert.equal(fetches(), 3);
  });

  it('trusts two identity providers, each for its own tokens', async () => {
    const clock = new FakeClock();
    const auth = new Authenticator({
      settings: { ...OFF, jwtIssuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: null }, { issuer: other.issuer, jwksUri: other.jwksUri, audience: 'kms' }] },
      defaultUsername: 'admin',
      backend: NO_BACKEND,
      clock,
    });
    const now = clock.now();
    assert.equal(await who(auth, bearer(await idp.mint({ now, claims: { email: 'a@one' } }))), 'a@one');
    assert.equal(await who(auth, bearer(await other.mint({ now, kid: 'ed-1', audience: 'kms', claims: { email: 'b@two' } }))), 'b@two');
    assert.equal(await who(auth, bearer(await other.mint({ now, claims: { email: 'b@two' } }))), null, 'the second provider requires its audience');
  });

  it('remembers a verified token no longer than its lifetime', async () => {
    const clock = new FakeClock();
    const auth = make(clock);
    const token = await idp.mint({ now: clock.now(), ttlMs: 30_000 });
    assert.equal(await who(auth, bearer(token)), 'alice@example.com');
    assert.equal(await who(auth, bearer(token)), 'alice@example.com');
    clock.advance(30_001);
    assert.equal(await who(auth, bearer(token)), null);
  });

  it('acts as the default user when forced, once the token is verified', async () => {
    const clock = new FakeClock();
    const auth = make(clock, { forceDefaultUsername: true });
    assert.equal(await who(auth, bearer(await idp.mint({ now: clock.now() }))), 'admin');
    assert.equal(await who(auth, bearer('nope')), null);
  });

  it('takes a required client certificate as the whole authentication', async () => {
    const clock = new FakeClock();
    const auth = make(clock);
    assert.equal(await who(auth, { authorization: '', certUser: 'carol' }), 'carol');
    assert.equal(await who(auth, { authorization: `Bearer ${await idp.mint({ now: clock.now() })}`, certUser: undefined }), null);
  });
});

describe('API token authentication', () => {
  const TOKEN = Buffer.alloc(32, 7);
  const settings: AuthSettings = { ...OFF, apiTokenId: 'api-token-key' };

  it('accepts the base64 of the token key as the default user and refuses anything else', async () => {
    const be = new TokenBackend(TOKEN);
    const auth = new Authenticator({ settings, defaultUsername: 'admin', backend: be, clock: new FakeClock() });
    assert.equal(await who(auth, bearer(TOKEN.toString('base64'))), 'admin');
    assert.deepEqual(be.calls[0], { kind: 'api-token', user: 'admin', actorId: 'kms' });
    assert.equal(await who(auth, bearer(Buffer.alloc(32, 8).toString('base64'))), null);
    const before = be.calls.length;
    assert.equal(await who(auth, bearer('not*base64')), null);
    assert.equal(await who(auth, { authorization: '', certUser: null }), null);
    assert.equal(be.calls.length, before, 'malformed tokens never reach the actor');
  });

  it('remembers an accepted token for a minute, then asks the actor again', async () => {
    const be = new TokenBackend(TOKEN);
    const clock = new FakeClock();
    const auth = new Authenticator({ settings, defaultUsername: 'admin', backend: be, clock });
    const header = bearer(TOKEN.toString('base64'));
    await who(auth, header);
    await who(auth, header);
    assert.equal(be.calls.length, 1);
    clock.advance(60_000);
    await who(auth, header);
    assert.equal(be.calls.length, 2);
  });

  it('refuses when the actor cannot answer', async () => {
    const be = new TokenBackend(TOKEN);
    be.fail = true;
    const auth = new Authenticator({ settings, defaultUsername: 'admin', backend: be, clock: new FakeClock() });
    assert.equal(await who(auth, bearer(TOKEN.toString('base64'))), null);
  });
});

describe('no authentication configured', () => {
  it('runs everything as the default user', async () => {
    const auth = new Authenticator({ settings: undefined, defaultUsername: 'admin', backend: NO_BACKEND, clock: new FakeClock() });
    assert.equal(await who(auth, { authorization: 'Bearer whatever', certUser: null }), 'admin');
  });
});
