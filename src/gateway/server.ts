/**
 * The uWebSockets.js server: listens, serves the routes, and stops accepting on close.
 * @module
 */
import uWS from 'uWebSockets.js';
import { registerRoutes, type RouteOptions } from './routes.js';
import { registerWebSocket } from './ws/kmip-socket.js';
import type { Clock } from '../lib/clock.js';
import type { SessionLimits } from './ws/session.js';

/** Throws unless uWS loaded its native binding (the package silently falls back to a slow JS one). */
export function assertNativeUws(): void {
  if (!/\[native code\]/.test(String(uWS.App))) {
    throw new Error('uWebSockets.js did not load its native binding; refusing to run on the JavaScript fallback');
  }
}

/** A listening gateway. */
export interface Gateway {
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Stops accepting connections; requests in progress still complete. */
  close(): void;
  /** Closes every remaining connection (idle keep-alive ones included). */
  disconnectAll(): void;
  /** Ends every WebSocket session with 1001 (after the drain). */
  closeSessions(): void;
  /** Open WebSocket sessions. */
  readonly sessions: () => number;
}

/** WebSocket session settings. */
export interface SessionOptions {
  readonly clock: Clock;
  readonly limits: SessionLimits;
}

// Present in the native binding, missing from its type declarations.
interface ClosableApp {
  close?: () => void;
}

/** Starts the HTTP gateway on host:port. */
export function startGateway(hostname: string, port: number, routes: RouteOptions, ws: SessionOptions): Promise<Gateway> {
  assertNativeUws();
  const app = uWS.App();
  const sessions = registerWebSocket(app, {
    backend: routes.backend,
    databaseType: routes.databaseType,
    user: routes.defaultUsername,
    clock: ws.clock,
    limits: ws.limits,
  });
  registerRoutes(app, routes);
  return new Promise((resolve, reject) => {
    app.listen(hostname, port, (socket) => {
      if (socket === false) {
        reject(new Error(`cannot listen on ${hostname}:${port}`));
        return;
      }
      let open = true;
      resolve({
        port: uWS.us_socket_local_port(socket),
        close: () => {
          if (!open) return;
          open = false;
          uWS.us_listen_socket_close(socket);
        },
        disconnectAll: () => {
          (app as unknown as ClosableApp).close?.();
        },
        closeSessions: () => { sessions.shutdownAll(); },
        sessions: () => sessions.size,
      });
    });
  });
}
