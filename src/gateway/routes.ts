/**
 * The HTTP routes. Headers are read before the first await (uWS requests are stack-allocated);
 * KMIP itself (JSON TTLV, or binary TTLV on POST /kmip) is never parsed here, only handed to the
 * actor of the caller's database. Every route but /version and the health checks passes the
 * request guard (limits, origin, authentication) first; /metrics passes its screen but needs no
 * authentication.
 * @module
 */
import { performance } from 'node:perf_hooks';
import { KmsError } from '../protocol/wire-error.js';
import { formatDatabaseSecret, parseDatabaseSecret } from './auth/database-secret.js';
import { encryptedTarget, PLAIN_TARGET } from './auth/actor-target.js';
import { SecretMemo } from './auth/secret-memo.js';
import { httpFailure } from './errors.js';
import { RequestGuard, type Refusal } from './http/guard.js';
import { readBody } from './http/read-body.js';
import { readHead } from './http/request-head.js';
import { send, sendJson, sendRefusal, sendText, trackAbort, type ResponseState } from './http/respond.js';
import { registerHealth } from './http/health.js';
import { registerMetricsRoute, type GatewayMetrics } from './http/metrics-route.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { DatabaseType } from '../config/schema.js';
import type { Logger } from '../lib/logger.js';
import type { AuditLog } from '../lib/audit-log.js';
import type { JwtIssuer } from '../config/schema.js';
import type { RequestKind } from '../protocol/messages.js';
import type { ActorTarget, NewDatabase, Readiness } from '../supervisor/supervisor.js';
import type { HttpMetrics } from './http/http-metrics.js';

/** What the gateway needs from the supervisor. */
export interface KmsBackend {
  /** `arrivedAt`: performance.now() when the request arrived, which its duration counts from. */
  dispatch(target: ActorTarget, kind: RequestKind, user: string, body: Uint8Array, arrivedAt?: number): Promise<Uint8Array>;
  createDatabase(): Promise<NewDatabase>;
  attachSession(target: ActorTarget, user: string): Promise<void>;
  detachSession(actorId: string): void;
  /** The verifier dispatch compares for a key; when present, secrets are remembered (see SecretMemo). */
  verifierFor?(actorId: string, key: Uint8Array): Buffer;
}

/** Route settings. */
export interface RouteOptions {
  readonly backend: KmsBackend;
  readonly databaseType: DatabaseType;
  readonly defaultUsername: string;
  readonly maxBodySize: number;
  readonly version: string;
  readonly logger: Logger;
  /**
   * The user a verified TLS client certificate names (its subject CN), for the connection this
   * response belongs to; undefined when the connection carries none. Set by the gateway server
   * when client certificates are required.
   */
  readonly peerUser?: (res: HttpResponse) => string | undefined;
  /**
   * The client's real address for the connection this response belongs to, when a front
   * terminates TLS and the gateway only sees the front (rate limits and audit use it).
   */
  readonly peerAddress?: (res: HttpResponse) => string | undefined;
  /** Authentication settings (see the order: client certificate, JWT, API token, default user). */
  readonly auth?: {
    readonly jwtIssuers: readonly JwtIssuer[];
    readonly jwtUserClaim: string;
    readonly apiTokenId: string | null;
    readonly forceDefaultUsername: boolean;
    /** Time from a request's arrival to its 401 (default 100 ms), equal for every failure kind. */
    readonly failureDelayMs?: number;
  };
  /** Abuse limits. */
  readonly limits?: {
    readonly maxHeaderSize: number;
    readonly rateLimitPerSecond: number;
    readonly rateLimitBurst: number;
    /** Databases one client address may create per minute, and at once (0: no limit). */
    readonly newDatabasesPerMinute?: number;
  };
  /** Where refused requests (401, 403, 429) are recorded; the supervisor records the rest. */
  readonly audit?: AuditLog;
  /** Times rate limits, token lifetimes and the 401 delay (the system clock by default). */
  readonly clock?: Clock;
  /** Serves /health, /health/ready and /health/live when set. */
  readonly readiness?: () => Readiness;
  /** Counts requests and responses and serves /metrics when set. */
  readonly metrics?: GatewayMetrics;
  /**
   * Zeroes every password in a binary KMIP request header in place (throws when the header cannot
   * be read: the actor then answers the message). Applied to POST /kmip binary bodies when set.
   */
  readonly wipeBinaryPasswords?: (message: Uint8Array) => void;
}

/** The request guard for these routes; share it with the WebSocket route (one rate limit per client). */
export function createGuard(o: RouteOptions): RequestGuard {
  return new RequestGuard({
    backend: o.backend,
    defaultUsername: o.defaultUsername,
    clock: o.clock ?? systemClock,
    ...(o.auth === undefined ? {} : { auth: o.auth }),
    ...(o.limits === undefined ? {} : { limits: o.limits }),
    ...(o.audit === undefined ? {} : { audit: o.audit }),
    ...(o.peerUser === undefined ? {} : { peerUser: o.peerUser }),
    ...(o.peerAddress === undefined ? {} : { peerAddress: o.peerAddress }),
  });
}

function fail(res: HttpResponse, state: ResponseState, err: unknown, logger: Logger, http: HttpMetrics | undefined): void {
  // The client went away (or was answered already): nothing is sent, so there is no response to
  // count, and a disconnect mid-body is not a server failure worth a warning.
  if (state.aborted) return;
  const f = httpFailure(err);
  if (f.status >= 500) logger.warn('request failed', { status: f.status, code: err instanceof KmsError ? err.code : 'INTERNAL' });
  http?.responded(f.status);
  sendText(res, state, f.status, f.body);
}

/** Milliseconds since `startedAt` (0 when the time was not taken). */
function elapsed(startedAt: number | undefined): number {
  return startedAt === undefined ? 0 : performance.now() - startedAt;
}

/** The operation label of database creation (not a request kind: no actor serves it). */
const NEW_DATABASE = 'new_database';

/** Where a request's body comes from: the request itself, or the route (computed once admitted). */
type BodySource = 'request' | (() => Uint8Array);

const EMPTY: BodySource = () => new Uint8Array(0);

/** The object id of `/access/list/:uid`, percent-decoded. */
function objectIdBody(raw: string): BodySource {
  return () => {
    let uid: string;
    try {
      uid = decodeURIComponent(raw);
    } catch {
      throw new KmsError('KMIP_ERROR', 'the object id in the path is not valid percent-encoding', 'Invalid_Message');
    }
    return new TextEncoder().encode(uid);
  };
}

/** The media type of binary TTLV bodies. */
const OCTET_STREAM = 'application/octet-stream';

/** Whether a Content-Type header names binary TTLV (parameters and case aside). */
function isOctetStream(contentType: string): boolean {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase() === OCTET_STREAM;
}

/** Registers every route on the app. */
export function registerRoutes(app: TemplatedApp, o: RouteOptions, guard: RequestGuard = createGuard(o)): void {
  const http = o.metrics?.http;
  const verifierFor = o.backend.verifierFor?.bind(o.backend);
  const memo = o.databaseType === 'sqlite' || verifierFor === undefined ? null : new SecretMemo(verifierFor);
  const targetFor = (secretHeader: string): ActorTarget => {
    if (o.databaseType === 'sqlite') return PLAIN_TARGET;
    if (memo !== null) return memo.target(secretHeader);
    return encryptedTarget(parseDatabaseSecret(secretHeader));
  };

  /** Answers a refused request and counts it under `operation`. */
  const refuse = (res: HttpResponse, state: ResponseState, operation: string, refusal: Refusal, startedAt: number | undefined, close = false): void => {
    http?.refused(operation, refusal.result, elapsed(startedAt));
    http?.responded(refusal.status);
    sendRefusal(res, state, refusal, close);
  };

  /**
   * Runs `serve` for an admitted caller; everything read from `req` is read before any await.
   * `operation` labels the request in the metrics when it is refused here.
   */
  const guarded = (
    res: HttpResponse,
    req: HttpRequest,
    route: string,
    operation: string,
    withBody: boolean,
    serve: (user: string, body: Promise<Uint8Array>, state: ResponseState, startedAt: number | undefined, client: string) => Promise<void>,
    withClient = guard.wantsClientAddress,
  ): void => {
    // Only the metrics read the arrival time: without them the clock is not read.
    const startedAt = http === undefined ? undefined : performance.now();
    const head = readHead(res, req, guard.clock.now(), guard.peer, withClient);
    const length = req.getHeader('content-length');
    const state = trackAbort(res);
    const screened = guard.screen(head, route);
    if (screened !== null) {
      refuse(res, state, operation, screened, startedAt);
      return;
    }
    const open = guard.openUser;
    if (open !== null) {
      // Nothing to authenticate: no promise hop before the request goes to its actor.
      const whole = withBody ? readBody(res, state, length, o.maxBodySize).admit() : Promise.resolve(new Uint8Array(0));
      serve(open, whole, state, startedAt, head.client).catch((err: unknown) => { fail(res, state, err, o.logger, http); });
      return;
    }
    // Reading starts now (uWS drops chunks nobody listens to), but holds little until the caller
    // is known, and nothing once it is refused: see read-body.ts.
    const body = withBody ? readBody(res, state, length, o.maxBodySize) : null;
    guard.authenticate(head, route, () => { body?.discard(); }).then(
      (admission) => {
        if (!admission.ok) {
          body?.discard();
          // The rest of the body is not read: the connection cannot carry another request.
          refuse(res, state, operation, admission.refusal, startedAt, body !== null);
          return undefined;
        }
        return serve(admission.user, body === null ? Promise.resolve(new Uint8Array(0)) : body.admit(), state, startedAt, head.client);
      },
    ).catch((err: unknown) => { fail(res, state, err, o.logger, http); });
  };

  /** No password of a binary request reaches a worker; an unreadable header is the actor's to answer. */
  const wipePasswords = (body: Uint8Array): void => {
    try {
      o.wipeBinaryPasswords?.(body);
    } catch {
      // The actor answers it with Invalid Message.
    }
  };

  /** Sends the request to its actor; `binary` answers with the actor's bytes as application/octet-stream. */
  const forward = (res: HttpResponse, req: HttpRequest, route: string, kind: RequestKind, source: BodySource, binary = false): void => {
    const secretHeader = o.databaseType === 'sqlite' ? '' : req.getHeader('kmsdatabasesecret');
    guarded(res, req, route, kind, source === 'request', async (user, body, state, startedAt) => {
      let target: ActorTarget | undefined;
      let b: Uint8Array;
      try {
        target = targetFor(secretHeader);
        b = source === 'request' ? await body : source();
      } catch (err) {
        target?.key?.fill(0);
        // The supervisor counts what it receives; this request never got there.
        http?.failed(kind, err, elapsed(startedAt));
        throw err;
      }
      if (binary) wipePasswords(b);
      // The supervisor wipes the key whatever happens.
      const answer = await o.backend.dispatch(target, kind, user, b, startedAt);
      http?.responded(200);
      if (binary) send(res, state, 200, OCTET_STREAM, answer);
      else sendJson(res, state, answer);
    });
  };

  app.post('/kmip/2_1', (res, req) => { forward(res, req, '/kmip/2_1', 'kmip', 'request'); });
  // Cosmian 5.x's endpoint: binary TTLV (any KMIP version) when sent as octets, JSON TTLV otherwise.
  app.post('/kmip', (res, req) => {
    if (isOctetStream(req.getHeader('content-type'))) forward(res, req, '/kmip', 'kmip-binary', 'request', true);
    else forward(res, req, '/kmip', 'kmip', 'request');
  });
  app.get('/objects/owned', (res, req) => { forward(res, req, '/objects/owned', 'owned', EMPTY); });
  app.get('/access/owned', (res, req) => { forward(res, req, '/access/owned', 'owned', EMPTY); });
  app.get('/access/obtained', (res, req) => { forward(res, req, '/access/obtained', 'obtained', EMPTY); });
  app.get('/access/list/:uid', (res, req) => { forward(res, req, '/access/list', 'list-access', objectIdBody(req.getParameter(0))); });
  app.post('/access/grant', (res, req) => { forward(res, req, '/access/grant', 'grant', 'request'); });
  app.post('/access/revoke', (res, req) => { forward(res, req, '/access/revoke', 'revoke', 'request'); });
  app.get('/version', (res) => {
    http?.responded(200);
    sendJson(res, trackAbort(res), JSON.stringify(o.version));
  });
  if (o.readiness !== undefined) registerHealth(app, o.readiness, http === undefined ? undefined : (status) => { http.responded(status); });
  if (o.metrics !== undefined) registerMetricsRoute(app, guard, o.metrics, o.logger);

  if (o.databaseType === 'sqlite-enc') {
    app.post('/new_database', (res, req) => {
      guarded(res, req, '/new_database', NEW_DATABASE, false, async (_user, _body, state, startedAt, client) => {
        const limited = guard.takeCreation(client, '/new_database');
        if (limited !== null) {
          refuse(res, state, NEW_DATABASE, limited, startedAt);
          return;
        }
        let db: NewDatabase;
        try {
          db = await o.backend.createDatabase();
        } catch (err) {
          http?.failed(NEW_DATABASE, err, elapsed(startedAt));
          throw err;
        }
        http?.requests.record(NEW_DATABASE, null, null, elapsed(startedAt));
        const secret = formatDatabaseSecret(db.groupId, db.key);
        db.key.fill(0);
        http?.responded(200);
        sendJson(res, state, JSON.stringify(secret));
      }, guard.creationLimiter.enabled || guard.wantsClientAddress);
    });
  }

  app.any('/*', (res) => {
    http?.responded(404);
    sendText(res, trackAbort(res), 404, '');
  });
}
