/**
 * `GET /ws`: upgrades to a WebSocket KMIP session. uWS specifics stay here: headers are read in
 * the upgrade handler (the request object dies with it), the upgrade passes the same guard as
 * HTTP requests, and each socket carries its session, user and client address.
 * @module
 */
import { readHead } from '../http/request-head.js';
import { sendRefusal, trackAbort } from '../http/respond.js';
import { KmipSession, type SessionContext } from './session.js';
import type { HttpRequest, HttpResponse, TemplatedApp, us_socket_context_t, WebSocket } from 'uWebSockets.js';

interface SocketData {
  /** The secret header of the upgrade request ('' when absent); handed to the session on open. */
  headerSecret: string;
  session: KmipSession | null;
  /** The authenticated user of this socket. */
  readonly user: string;
  /** When the upgrade's credential expires (clock ms), or null. */
  readonly expiresAt: number | null;
  /** The client's address, for its rate limit. */
  readonly client: string;
}

/** Admits (or refuses) an upgrade request, then upgrades with the socket's user. */
function upgrade(ctx: SessionContext, res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
  // Everything from req is read now: it is gone after the first await.
  const key = req.getHeader('sec-websocket-key');
  const protocol = req.getHeader('sec-websocket-protocol');
  const extensions = req.getHeader('sec-websocket-extensions');
  const headerSecret = req.getHeader('kmsdatabasesecret');
  const guard = ctx.guard;
  if (guard === undefined) {
    // Not wired to the routes' guard: only a required client certificate is checked.
    const certUser = ctx.peerUser?.(res);
    if (ctx.peerUser !== undefined && (certUser === undefined || certUser === '')) {
      res.writeStatus('401 Unauthorized').end();
      return;
    }
    const data: SocketData = { headerSecret, session: null, user: certUser ?? ctx.user, expiresAt: null, client: '' };
    res.upgrade(data, key, protocol, extensions, context);
    return;
  }
  const head = readHead(res, req, guard.clock.now(), { user: ctx.peerUser ?? guard.peer.user, address: guard.peer.address });
  const state = trackAbort(res);
  const screened = guard.screen(head, 'ws');
  if (screened !== null) {
    sendRefusal(res, state, screened);
    return;
  }
  guard.authenticate(head, 'ws').then((admission) => {
    if (!admission.ok) {
      sendRefusal(res, state, admission.refusal);
      return;
    }
    if (state.aborted) return;
    state.aborted = true; // the response is used up by the upgrade
    const data: SocketData = { headerSecret, session: null, user: admission.user, expiresAt: admission.expiresAt, client: head.client };
    res.cork(() => { res.upgrade(data, key, protocol, extensions, context); });
  }).catch(() => { sendRefusal(res, state, { status: 500, body: '' }); });
}

/** A way to end every open session (graceful shutdown). */
export interface SessionRegistry {
  /** Closes every session with 1001. */
  shutdownAll(): void;
  /** Open sessions. */
  readonly size: number;
}

/** Registers the WebSocket route. */
export function registerWebSocket(app: TemplatedApp, ctx: SessionContext): SessionRegistry {
  const open = new Set<KmipSession>();
  app.ws<SocketData>('/ws', {
    // uWS closes abruptly past this; the session answers 1009 for anything between the cap and it.
    maxPayloadLength: ctx.limits.maxMessageBytes * 2,
    // Answers are held in the session once past the high-water mark, so uWS's own limit is a backstop.
    maxBackpressure: ctx.limits.highWaterBytes + ctx.limits.maxQueuedBytes + ctx.limits.maxMessageBytes * 2,
    closeOnBackpressureLimit: 1,
    // Liveness is the session's job (pings on the injected clock), so uWS's own timer is off.
    idleTimeout: 0,
    sendPingsAutomatically: false,
    upgrade: (res, req, context) => { upgrade(ctx, res, req, context); },
    open: (ws: WebSocket<SocketData>) => {
      const data = ws.getUserData();
      const guard = ctx.guard;
      const perSocket: SessionContext = {
        ...ctx,
        user: data.user,
        expiresAt: data.expiresAt,
        ...(guard === undefined ? {} : { admitRequest: () => guard.takeMessage(data.client) }),
      };
      const session = new KmipSession(
        {
          send: (frames) => { ws.cork(() => { for (const f of frames) ws.send(f.frame, f.binary); }); },
          bufferedAmount: () => ws.getBufferedAmount(),
          end: (code, reason) => { ws.end(code, reason); },
          ping: () => { ws.ping(); },
        },
        perSocket,
      );
      data.session = session;
      open.add(session);
      const secret = data.headerSecret;
      data.headerSecret = '';
      session.open(secret);
    },
    message: (ws, message, isBinary) => { ws.getUserData().session?.message(message, isBinary); },
    drain: (ws) => { ws.getUserData().session?.drain(); },
    pong: (ws) => { ws.getUserData().session?.pong(); },
    close: (ws) => {
      const session = ws.getUserData().session;
      if (session === null) return;
      open.delete(session);
      session.closed();
    },
  });
  return {
    shutdownAll: () => { for (const s of [...open]) s.shutdown(); },
    get size() { return open.size; },
  };
}
