/**
 * A real uWS gateway on port 0 in front of a recording stub backend, for the authentication,
 * limit and /access route tests (no supervisor, no workers), with an in-memory audit log.
 * @module
 */
import uWS from 'uWebSockets.js';
import { createGuard, registerRoutes, type KmsBackend, type RouteOptions } from '../../src/gateway/routes.js';
import { registerWebSocket } from '../../src/gateway/ws/kmip-socket.js';
import { silentLogger } from '../../src/lib/logger.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { FakeClock } from '../helpers/fake-clock.js';
import type { AuditEntry, AuditLog } from '../../src/lib/audit-log.js';
import type { RequestKind } from '../../src/protocol/messages.js';
import type { ActorTarget, NewDatabase } from '../../src/supervisor/supervisor.js';
import { after, before } from 'node:test';
import { JwksServer } from '../helpers/jwks-server.js';
import type { AuthSettings } from '../../src/gateway/auth/authenticator.js';

/** One request the backend received. */
export interface Call {
  readonly actorId: string;
  readonly kind: RequestKind;
  readonly user: string;
  readonly body: string;
}

/** Records every request; answers `[]` (or what `answer` says), api-token 1 for `apiToken`. */
export class StubBackend implements KmsBackend {
  readonly calls: Call[] = [];
  readonly attached: { actorId: string; user: string }[] = [];
  apiToken: Buffer | null = null;
  answer: (call: Call) => Promise<Uint8Array> = () => Promise.resolve(Buffer.from('[]'));

  dispatch(target: ActorTarget, kind: RequestKind, user: string, body: Uint8Array): Promise<Uint8Array> {
    target.key?.fill(0);
    if (kind === 'api-token') return Promise.resolve(Uint8Array.of(this.apiToken !== null && this.apiToken.equals(body) ? 1 : 0));
    const call = { actorId: target.actorId, kind, user, body: Buffer.from(body).toString('utf8') };
    this.calls.push(call);
    return this.answer(call);
  }

  createDatabase(): Promise<NewDatabase> {
    const db: NewDatabase = { groupId: 42n, key: new Uint8Array(32).fill(1) };
    return Promise.resolve(db);
  }

  attachSession(target: ActorTarget, user: string): Promise<void> {
    target.key?.fill(0);
    this.attached.push({ actorId: target.actorId, user });
    return Promise.resolve();
  }

  detachSession(): void { /* nothing held */ }
}

/** A running stub gateway. */
export interface StubGateway {
  readonly url: string;
  readonly wsUrl: string;
  readonly backend: StubBackend;
  readonly clock: FakeClock;
  readonly audit: AuditEntry[];
  close(): void;
}

/** Route options a test may set. */
export type StubOptions = Partial<Omit<RouteOptions, 'backend' | 'logger' | 'clock' | 'audit'>>;

/** Starts uWS on 127.0.0.1:0 with the routes and the WebSocket endpoint sharing one guard. */
export async function startStubGateway(o: StubOptions = {}): Promise<StubGateway> {
  const backend = new StubBackend();
  const clock = new FakeClock();
  const audit: AuditEntry[] = [];
  const log: AuditLog = { record: (e) => { audit.push(e); }, close: () => Promise.resolve() };
  const routes: RouteOptions = {
    databaseType: 'sqlite',
    defaultUsername: 'admin',
    maxBodySize: 64 * 1024,
    version: 'test',
    ...o,
    backend,
    logger: silentLogger,
    clock,
    audit: log,
  };
  const app = uWS.App();
  const guard = createGuard(routes);
  registerWebSocket(app, {
    backend,
    databaseType: routes.databaseType,
    user: routes.defaultUsername,
    clock,
    limits: { maxInFlight: 4, maxMessageBytes: 64 * 1024, idleTimeoutMs: 60_000, helloTimeoutMs: 5_000, highWaterBytes: 1 << 20, maxQueuedBytes: 1 << 20 },
    guard,
    ...(routes.peerUser === undefined ? {} : { peerUser: routes.peerUser }),
  });
  registerRoutes(app, routes, guard);
  const socket = await new Promise<uWS.us_listen_socket>((resolve, reject) => {
    app.listen('127.0.0.1', 0, (s) => { if (s === false) reject(new KmsError('INTERNAL', 'cannot listen')); else resolve(s); });
  });
  const port = uWS.us_socket_local_port(socket);
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    backend,
    clock,
    audit,
    close: () => {
      uWS.us_listen_socket_close(socket);
      (app as unknown as { close?: () => void }).close?.();
    },
  };
}

/** Yields to the event loop (no timers) until `done` says so, advancing nothing; bounded. */
export async function until(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200_000 && !done(); i++) await new Promise<void>((r) => setImmediate(r));
  if (!done()) throw new Error(`gave up waiting: ${what}`);
}

/** Awaits a request whose answer waits on the fake clock, advancing it in small steps meanwhile. */
export async function advancing<T>(clock: FakeClock, p: Promise<T>, stepMs = 10): Promise<T> {
  let settled = false;
  const tracked = p.finally(() => { settled = true; });
  for (let i = 0; i < 200_000 && !settled; i++) {
    await new Promise<void>((r) => setImmediate(r));
    if (clock.pending > 0) clock.advance(stepMs);
  }
  return tracked;
}

/** Authentication settings trusting one local identity provider (plus any overrides). */
export function trusting(idp: JwksServer, o: Partial<AuthSettings> & { readonly failureDelayMs?: number } = {}): AuthSettings & { readonly failureDelayMs?: number } {
  return { jwtIssuers: [{ issuer: idp.issuer, jwksUri: idp.jwksUri, audience: null }], jwtUserClaim: 'email', apiTokenId: null, forceDefaultUsername: false, ...o };
}

/** A local identity provider and a stub gateway trusting it, started before a suite's tests and stopped after. */
export interface JwtGateway {
  readonly idp: JwksServer;
  readonly gw: StubGateway;
}

/** Registers the suite hooks that run a JwtGateway; its fields are usable inside the tests. */
export function jwtGatewayHooks(): JwtGateway {
  let idp: JwksServer | undefined;
  let gw: StubGateway | undefined;
  before(async () => {
    idp = await JwksServer.start();
    gw = await startStubGateway({ auth: trusting(idp) });
  });
  after(async () => {
    gw?.close();
    await idp?.close();
  });
  const need = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the identity provider and gateway start in before()');
    return v;
  };
  return { get idp() { return need(idp); }, get gw() { return need(gw); } };
}
