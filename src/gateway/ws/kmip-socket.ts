/**
 * `GET /ws`: upgrades to a WebSocket KMIP session. uWS specifics stay here: headers are read in
 * the upgrade handler (the request object dies with it), and each socket carries its session.
 * @module
 */
import { KmipSession, type SessionContext } from './session.js';
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';

interface SocketData {
  /** The secret header of the upgrade request ('' when absent); handed to the session on open. */
  headerSecret: string;
  session: KmipSession | null;
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
    upgrade: (res, req, context) => {
      const data: SocketData = { headerSecret: req.getHeader('kmsdatabasesecret'), session: null };
      res.upgrade(
        data,
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    },
    open: (ws: WebSocket<SocketData>) => {
      const data = ws.getUserData();
      const session = new KmipSession(
        {
          send: (frames) => { ws.cork(() => { for (const f of frames) ws.send(f.frame, f.binary); }); },
          bufferedAmount: () => ws.getBufferedAmount(),
          end: (code, reason) => { ws.end(code, reason); },
          ping: () => { ws.ping(); },
        },
        ctx,
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
