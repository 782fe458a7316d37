/**
 * A local identity provider for the authentication tests: an HTTP server on port 0 publishing a
 * JSON Web Key Set (RS256, ES256 and Ed25519 keys), minting tokens with jose, counting how often
 * its key set is fetched, able to add keys later (key rotation) and to hold its answers (a slow
 * provider).
 * @module
 */
import { KeyObject, sign } from 'node:crypto';
import http from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** The signature algorithms a test provider can sign with. */
export type TestAlg = 'RS256' | 'ES256' | 'EdDSA';

interface TestKey {
  readonly alg: TestAlg;
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  published: boolean;
}

/** What a token carries; times are in milliseconds on the test's clock. */
export interface MintOptions {
  /** The signing key (default: the first key). */
  readonly kid?: string;
  /** The `kid` written in the header, when it must differ from the signing key's (forged tokens). */
  readonly headerKid?: string;
  /** Issued-at time (ms since the epoch). */
  readonly now: number;
  /** Lifetime in ms after `now` (default one hour); omit exp with `null`. */
  readonly ttlMs?: number | null;
  /** Not-before time (ms since the epoch). */
  readonly notBefore?: number;
  /** Issuer (default: this provider's). */
  readonly issuer?: string;
  readonly audience?: string;
  /** More claims; `email` defaults to alice@example.com unless set to undefined here. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** A running test identity provider. */
export class JwksServer {
  readonly #keys = new Map<string, TestKey>();
  #fetches = 0;
  #seq = 0;
  /** Key set answers waiting for release(), or null when answering at once. */
  #held: (() => void)[] | null = null;

  private constructor(
    private readonly server: http.Server,
    /** Base URL, also the issuer. */
    readonly issuer: string,
  ) {}

  /** Starts a provider with one published key per algorithm (kids `rs-1`, `es-1`, `ed-1`). */
  static async start(): Promise<JwksServer> {
    const ref: { self?: JwksServer } = {};
    const server = http.createServer((req, res) => {
      const self = ref.self;
      if (self === undefined || req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      self.#fetches++;
      const answer = (): void => {
        const keys = [...self.#keys.values()].filter((k) => k.published).map((k) => k.jwk);
        res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify({ keys }));
      };
      if (self.#held === null) answer();
      else self.#held.push(answer);
    });
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const self = new JwksServer(server, `http://127.0.0.1:${address.port}`);
    ref.self = self;
    await self.addKey('RS256', { kid: 'rs-1' });
    await self.addKey('ES256', { kid: 'es-1' });
    await self.addKey('EdDSA', { kid: 'ed-1' });
    return self;
  }

  /** The key set URL. */
  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  /** How often the key set was fetched. */
  get fetches(): number {
    return this.#fetches;
  }

  /** Leaves key set requests unanswered until release(). */
  hold(): void {
    this.#held ??= [];
  }

  /** Answers the held key set requests, and later ones at once again. */
  release(): void {
    const held = this.#held ?? [];
    this.#held = null;
    for (const answer of held) answer();
  }

  /** Key set requests waiting for release(). */
  get waiting(): number {
    return this.#held?.length ?? 0;
  }

  /** Creates a key (published unless told otherwise) and returns its kid. */
  async addKey(alg: TestAlg, o: { kid?: string; publish?: boolean } = {}): Promise<string> {
    const kid = o.kid ?? `${alg.toLowerCase()}-${++this.#seq}-${Date.now().toString(36)}`;
    const pair = alg === 'EdDSA' ? await generateKeyPair('Ed25519') : await generateKeyPair(alg);
    const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
    this.#keys.set(kid, { alg, privateKey: pair.privateKey, jwk, published: o.publish ?? true });
    return kid;
  }

  /** Publishes a key created unpublished (a rotation the server has not seen yet). */
  publish(kid: string): void {
    const k = this.#keys.get(kid);
    if (k === undefined) throw new Error(`no key ${kid}`);
    k.published = true;
  }

  /** Signs a token. */
  async mint(o: MintOptions): Promise<string> {
    const kid = o.kid ?? 'rs-1';
    const key = this.#keys.get(kid);
    if (key === undefined) throw new Error(`no key ${kid}`);
    const claims: JWTPayload = { email: 'alice@example.com', sub: 'alice', ...o.claims };
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: o.headerKid ?? kid, typ: 'JWT' })
      .setIssuer(o.issuer ?? this.issuer)
      .setIssuedAt(Math.floor(o.now / 1000));
    if (o.ttlMs !== null) jwt.setExpirationTime(Math.floor((o.now + (o.ttlMs ?? 3_600_000)) / 1000));
    if (o.notBefore !== undefined) jwt.setNotBefore(Math.floor(o.notBefore / 1000));
    if (o.audience !== undefined) jwt.setAudience(o.audience);
    return jwt.sign(key.privateKey);
  }

  /**
   * Signs an RS256 token synchronously with key `rs-1` (node:crypto), valid for an hour of real
   * time: for end-to-end tests, whose server runs on the system clock.
   */
  mintNow(claims: Readonly<Record<string, unknown>>): string {
    const key = this.#keys.get('rs-1');
    if (key === undefined) throw new Error('no key rs-1');
    const now = Math.floor(Date.now() / 1000);
    const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${part({ alg: 'RS256', kid: 'rs-1', typ: 'JWT' })}.${part({ iss: this.issuer, iat: now, exp: now + 3600, ...claims })}`;
    const signature = sign('sha256', Buffer.from(input), KeyObject.from(key.privateKey));
    return `${input}.${signature.toString('base64url')}`;
  }

  /** Stops the server (answering any held request first). */
  close(): Promise<void> {
    this.release();
    return new Promise((resolve) => { this.server.close(() => { resolve(); }); this.server.closeAllConnections(); });
  }
}

/** A provider as an end-to-end test uses it: the server's flags and ready-made headers per user. */
export interface IdentityProvider {
  readonly issuer: string;
  readonly jwksUri: string;
  /** `--jwt-issuer-uri <issuer> --jwks-uri <uri>`. */
  readonly serverArgs: readonly string[];
  /** An Authorization header with a fresh token whose `email` is the user. */
  headersFor(user: string): Record<string, string>;
  /** The underlying provider (more keys, custom tokens, fetch counts). */
  readonly server: JwksServer;
  close(): Promise<void>;
}

/** Starts a provider for end-to-end tests. */
export async function startIdentityProvider(): Promise<IdentityProvider> {
  const server = await JwksServer.start();
  const tokens = new Map<string, string>();
  return {
    issuer: server.issuer,
    jwksUri: server.jwksUri,
    serverArgs: ['--jwt-issuer-uri', server.issuer, '--jwks-uri', server.jwksUri],
    headersFor: (user) => {
      let token = tokens.get(user);
      if (token === undefined) {
        token = server.mintNow({ email: user, sub: user });
        tokens.set(user, token);
      }
      return { authorization: `Bearer ${token}` };
    },
    server,
    close: () => server.close(),
  };
}
