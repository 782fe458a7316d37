/**
 * The HTTP routes. Headers are read before the first await (uWS requests are stack-allocated);
 * KMIP itself is never parsed here, only handed to the actor of the caller's database.
 * @module
 */
import { KmsError } from '../protocol/wire-error.js';
import { formatDatabaseSecret, parseDatabaseSecret } from './auth/database-secret.js';
import { encryptedTarget, PLAIN_TARGET } from './auth/actor-target.js';
import { httpFailure } from './errors.js';
import { readBody } from './http/read-body.js';
import { sendJson, sendText, trackAbort, type ResponseState } from './http/respond.js';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { DatabaseType } from '../config/schema.js';
import type { Logger } from '../lib/logger.js';
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
}

function fail(res: HttpResponse, state: ResponseState, err: unknown, logger: Logger): void {
  const f = httpFailure(err);
  if (f.status >= 500) logger.warn('request failed', { status: f.status, code: err instanceof KmsError ? err.code : 'INTERNAL' });
  sendText(res, state, f.status, f.body);
}

/** Registers every route on the app. */
export function registerRoutes(app: TemplatedApp, o: RouteOptions): void {
  const targetFor = (req: HttpRequest): ActorTarget => {
    if (o.databaseType === 'sqlite') return PLAIN_TARGET;
    return encryptedTarget(parseDatabaseSecret(req.getHeader('kmsdatabasesecret')));
  };

  const forward = (res: HttpResponse, req: HttpRequest, kind: RequestKind, withBody: boolean): void => {
    const state = trackAbort(res);
    let target: ActorTarget;
    try {
      target = targetFor(req);
    } catch (err) {
      fail(res, state, err, o.logger);
      return;
    }
    const length = req.getHeader('content-length');
    const body = withBody ? readBody(res, state, length, o.maxBodySize) : Promise.resolve(new Uint8Array(0));
    body
      .then((b) => o.backend.dispatch(target, kind, o.defaultUsername, b))
      .then(
        (reply) => { sendJson(res, state, reply); },
        (err: unknown) => {
          target.key?.fill(0); // the supervisor wipes it too; this covers a failed body read
          fail(res, state, err, o.logger);
        },
      );
  };

  app.post('/kmip/2_1', (res, req) => { forward(res, req, 'kmip', true); });
  app.get('/objects/owned', (res, req) => { forward(res, req, 'owned', false); });
  app.get('/access/owned', (res, req) => { forward(res, req, 'owned', false); });
  app.get('/version', (res) => { sendJson(res, trackAbort(res), JSON.stringify(o.version)); });

  if (o.databaseType === 'sqlite-enc') {
    app.post('/new_database', (res) => {
      const state = trackAbort(res);
      o.backend.createDatabase().then(
        (db) => {
          const secret = formatDatabaseSecret(db.groupId, db.key);
          db.key.fill(0);
          sendJson(res, state, JSON.stringify(secret));
        },
        (err: unknown) => { fail(res, state, err, o.logger); },
      );
    });
  }

  app.any('/*', (res) => { sendText(res, trackAbort(res), 404, ''); });
}
