/**
 * The HTTP routes. Headers are read before the first await (uWS requests are stack-allocated);
 * KMIP itself is never parsed here, only handed to the actor of the caller's database. Every
 * route but /version passes the request guard (limits, origin, authentication) first.
 * @module
 */
import { KmsError } from '../protocol/wire-error.js';
import { formatDatabaseSecret, parseDatabaseSecret } from './auth/database-secret.js';
import { encryptedTarget, PLAIN_TARGET } from './auth/actor-target.js';
import { httpFailure } from './errors.js';
import { RequestGuard } from './http/guard.js';
import { readBody } from './http/read-body.js';
import { readHead } from './http/request-head.js';
import { sendJson, sendRefusal, sendText, trackAbort, type ResponseState } from './http/respond.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { DatabaseType } from '../config/schema.js';
import type { Logger } from '../lib/logger.js';
import type { AuditLog } from '../lib/audit-log.js';
import type { JwtIssuer } from '../config/schema.js';
import type { RequestKind } from '../protocol/messages.js';
import type { ActorTarget, NewDatabase } from '../supervisor/supervisor.js';

/** What the gateway needs from the supervisor. */
export interface KmsBackend {
  dispatch(target: ActorTarget, kind: RequestKind, user: string, body: Uint8Array): Promise<Uint8Array>;
  createDatabase(): Promise<NewDatabase>;
  attachSession(target: ActorTarget, user: string): Promise<void>;
  detachSession(actorId: string): void;
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
  };
  /** Where refused requests (401, 403, 429) are recorded; the supervisor records the rest. */
  readonly audit?: AuditLog;
  /** Times rate limits, token lifetimes and the 401 delay (the system clock by default). */
  readonly clock?: Clock;
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

function fail(res: HttpResponse, state: ResponseState, err: unknown, logger: Logger): void {
  const f = httpFailure(err);
  if (f.status >= 500) logger.warn('request failed', { status: f.status, code: err instanceof KmsError ? err.code : 'INTERNAL' });
  sendText(res, state, f.status, f.body);
}

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

/** Registers every route on the app. */
export function registerRoutes(app: TemplatedApp, o: RouteOptions, guard: RequestGuard = createGuard(o)): void {
  const targetFor = (secretHeader: string): ActorTarget => {
    if (o.databaseType === 'sqlite') return PLAIN_TARGET;
    return encryptedTarget(parseDatabaseSecret(secretHeader));
  };

  /** Runs `serve` for an admitted caller; everything read from `req` is read before any await. */
  const guarded = (res: HttpResponse, req: HttpRequest, route: string, withBody: boolean, serve: (user: string, body: Promise<Uint8Array>, state: ResponseState) => Promise<void>): void => {
    const head = readHead(res, req, guard.clock.now(), guard.peer, guard.wantsClientAddress);
    const length = req.getHeader('content-length');
    const state = trackAbort(res);
    const screened = guard.screen(head, route);
    if (screened !== null) {
      sendRefusal(res, state, screened);
      return;
    }
    const open = guard.openUser;
    if (open !== null) {
      // Nothing to authenticate: no promise hop before the request goes to its actor.
      const whole = withBody ? readBody(res, state, length, o.maxBodySize).admit() : Promise.resolve(new Uint8Array(0));
      serve(open, whole, state).catch((err: unknown) => { fail(res, state, err, o.logger); });
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
          sendRefusal(res, state, admission.refusal, body !== null);
          return undefined;
        }
        return serve(admission.user, body === null ? Promise.resolve(new Uint8Array(0)) : body.admit(), state);
      },
    ).catch((err: unknown) => { fail(res, state, err, o.logger); });
  };

  const forward = (res: HttpResponse, req: HttpRequest, route: string, kind: RequestKind, source: BodySource): void => {
    const secretHeader = o.databaseType === 'sqlite' ? '' : req.getHeader('kmsdatabasesecret');
    guarded(res, req, route, source === 'request', async (user, body, state) => {
      const target = targetFor(secretHeader);
      try {
        const b = source === 'request' ? await body : source();
        sendJson(res, state, await o.backend.dispatch(target, kind, user, b));
      } catch (err) {
        target.key?.fill(0); // the supervisor wipes it too; this covers a failed body read
        throw err;
      }
    });
  };

  app.post('/kmip/2_1', (res, req) => { forward(res, req, '/kmip/2_1', 'kmip', 'request'); });
  app.get('/objects/owned', (res, req) => { forward(res, req, '/objects/owned', 'owned', EMPTY); });
  app.get('/access/owned', (res, req) => { forward(res, req, '/access/owned', 'owned', EMPTY); });
  app.get('/access/obtained', (res, req) => { forward(res, req, '/access/obtained', 'obtained', EMPTY); });
  app.get('/access/list/:uid', (res, req) => { forward(res, req, '/access/list', 'list-access', objectIdBody(req.getParameter(0))); });
  app.post('/access/grant', (res, req) => { forward(res, req, '/access/grant', 'grant', 'request'); });
  app.post('/access/revoke', (res, req) => { forward(res, req, '/access/revoke', 'revoke', 'request'); });
  app.get('/version', (res) => { sendJson(res, trackAbort(res), JSON.stringify(o.version)); });

  if (o.databaseType === 'sqlite-enc') {
    app.post('/new_database', (res, req) => {
      guarded(res, req, '/new_database', false, async (_user, _body, state) => {
        const db = await o.backend.createDatabase();
        const secret = formatDatabaseSecret(db.groupId, db.key);
        db.key.fill(0);
        sendJson(res, state, JSON.stringify(secret));
      });
    });
  }

  app.any('/*', (res) => { sendText(res, trackAbort(res), 404, ''); });
}
