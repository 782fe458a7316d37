/**
 * The uWebSockets.js server: listens (plain HTTP, HTTPS through an SSLApp, or behind the
 * client-certificate front), serves the routes, and stops accepting on close.
 * @module
 */
import uWS, { type HttpResponse, type TemplatedApp } from 'uWebSockets.js';
import { createGuard, registerRoutes, type RouteOptions } from './routes.js';
import { registerWebSocket, type SessionRegistry } from './ws/kmip-socket.js';
import { loadClientCa, loadServerCredentials, type ServerCredentials } from './tls/credentials.js';
import { createSslApp } from './tls/ssl-app.js';
import { listenInternal } from './tls/internal-listener.js';
import { startClientCertFront, type ClientCertFront } from './tls/client-cert-front.js';
import { TlsSetupError } from './tls/tls-error.js';
import type { Clock } from '../lib/clock.js';
import type { SessionLimits } from './ws/session.js';
import type { TlsSource } from '../config/schema.js';
import type { Readiness } from '../supervisor/supervisor.js';

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

/** Transport security: HTTPS when `source` is set; a client certificate is mandatory when `authorityCertFile` is too. */
export interface GatewayTls {
  readonly source: TlsSource | null;
  /** PEM CA bundle verifying client certificates, whose subject CN becomes the user. */
  readonly authorityCertFile: string | null;
}

// Present in the native binding, missing from its type declarations.
interface ClosableApp {
  close?: () => void;
}

type PeerLookup = (res: HttpResponse) => string | undefined;

/** What the client-certificate front knows of each connection: its certificate's user and real address. */
interface Peer {
  readonly user: PeerLookup;
  readonly address: PeerLookup;
}

/** The backend's readiness, except that a gateway no longer accepting connections is stopping. */
function gatewayReadiness(backend: () => Readiness, accepting: () => boolean): () => Readiness {
  return () => {
    const r = backend();
    return accepting() ? r : { ...r, state: 'stopping' };
  };
}

function serve(app: TemplatedApp, routes: RouteOptions, ws: SessionOptions, peer: Peer | undefined, accepting: () => boolean): SessionRegistry {
  const withPeer = peer === undefined ? {} : { peerUser: peer.user };
  const options: RouteOptions = {
    ...routes,
    ...withPeer,
    ...(peer === undefined ? {} : { peerAddress: peer.address }),
    ...(routes.readiness === undefined ? {} : { readiness: gatewayReadiness(routes.readiness, accepting) }),
  };
  // One guard for HTTP and WebSocket upgrades: the same authentication and one rate limit per client.
  const guard = createGuard(options);
  const sessions = registerWebSocket(app, {
    backend: routes.backend,
    databaseType: routes.databaseType,
    user: routes.defaultUsername,
    clock: ws.clock,
    limits: ws.limits,
    guard,
    ...withPeer,
  });
  registerRoutes(app, options, guard);
  return sessions;
}

function listenPublic(app: TemplatedApp, hostname: string, port: number): Promise<uWS.us_listen_socket> {
  return new Promise((resolve, reject) => {
    app.listen(hostname, port, (socket) => {
      if (socket === false) reject(new Error(`cannot listen on ${hostname}:${port}`));
      else resolve(socket);
    });
  });
}

/** Starts the gateway on hostname:port, plain or TLS as `tls` says. */
export async function startGateway(
  hostname: string,
  port: number,
  routes: RouteOptions,
  ws: SessionOptions,
  tls: GatewayTls,
): Promise<Gateway> {
  assertNativeUws();
  if (tls.authorityCertFile !== null && tls.source === null) {
    throw new TlsSetupError('TLS_CONFIG', '--authority-cert-file needs HTTPS: give a certificate and key or a PKCS#12 file too');
  }
  // Everything is read and checked before anything listens, so a bad file fails startup cleanly.
  const creds = tls.source === null ? null : loadServerCredentials(tls.source);
  if (creds !== null && tls.authorityCertFile !== null) {
    const caPem = loadClientCa(tls.authorityCertFile);
    return startBehindFront(hostname, port, routes, ws, { creds, caPem });
  }
  const app = creds === null ? uWS.App() : createSslApp(creds);
  let open = true;
  const sessions = serve(app, routes, ws, undefined, () => open);
  const socket = await listenPublic(app, hostname, port);
  return {
    port: uWS.us_socket_local_port(socket),
    close: () => {
      if (!open) return;
      open = false;
      uWS.us_listen_socket_close(socket);
    },
    disconnectAll: () => { (app as unknown as ClosableApp).close?.(); },
    closeSessions: () => { sessions.shutdownAll(); },
    sessions: () => sessions.size,
  };
}

async function startBehindFront(
  hostname: string,
  port: number,
  routes: RouteOptions,
  ws: SessionOptions,
  tls: { readonly creds: ServerCredentials; readonly caPem: string },
): Promise<Gateway> {
  const app = uWS.App();
  // The front exists only after the routes are registered, so the hook reaches it late.
  let front: ClientCertFront | null = null;
  let open = true;
  const sessions = serve(app, routes, ws, { user: (res) => front?.peerUser(res), address: (res) => front?.peerAddress(res) }, () => open);
  const internal = await listenInternal(app);
  let f: ClientCertFront;
  try {
    f = await startClientCertFront({ hostname, port, creds: tls.creds, caPem: tls.caPem, backendPath: internal.path, logger: routes.logger });
  } catch (err) {
    internal.close();
    throw err;
  }
  front = f;
  return {
    port: f.port,
    close: () => {
      if (!open) return;
      open = false;
      f.close();
      internal.close();
    },
    disconnectAll: () => {
      f.destroyAll();
      (app as unknown as ClosableApp).close?.();
    },
    closeSessions: () => { sessions.shutdownAll(); },
    sessions: () => sessions.size,
  };
}
