/**
 * The public port when client certificates are required. uWS cannot show JavaScript the peer's
 * certificate, so Node's `tls` terminates TLS here (verified client certificate mandatory) and
 * pipes each connection to the gateway's private listener, prefixed with a PROXY v2 header whose
 * source address is a random per-connection token. The token maps to the certificate's CN for
 * exactly as long as the connection lives. Key and certificates stay in memory: no files at all.
 * @module
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { proxyV2Header, tokenKey, TOKEN_BYTES } from './proxy-header.js';
import { MIN_TLS_VERSION, NODE_CIPHERS } from './tls-policy.js';
import { TlsSetupError } from './tls-error.js';
import type { HttpResponse } from 'uWebSockets.js';
import type { ServerCredentials } from './credentials.js';
import type { Logger } from '../../lib/logger.js';

/** What the front needs. */
export interface ClientCertFrontOptions {
  readonly hostname: string;
  readonly port: number;
  readonly creds: ServerCredentials;
  /** PEM CA bundle that client certificates must chain to. */
  readonly caPem: string;
  /** The gateway's private unix socket. */
  readonly backendPath: string;
  readonly logger: Logger;
}

/** A listening front. */
export interface ClientCertFront {
  readonly port: number;
  /** The CN of the certificate on the connection `res` arrived by, or undefined without a token. */
  peerUser(res: HttpResponse): string | undefined;
  /** The real client address of that connection (the gateway itself only sees the unix socket). */
  peerAddress(res: HttpResponse): string | undefined;
  /** Stops accepting connections. */
  close(): void;
  /** Closes every open connection. */
  destroyAll(): void;
}

// A user name ends up in logs and in the database; control characters have no place there.
const USABLE_CN = /^[^\p{Cc}]{1,1024}$/u;

/** The subject CN of a verified peer certificate, or undefined when there is none or several. */
export function commonNameOf(socket: tls.TLSSocket): string | undefined {
  if (!socket.authorized) return undefined;
  const subject: unknown = socket.getPeerCertificate().subject;
  if (typeof subject !== 'object' || subject === null) return undefined;
  const cn: unknown = (subject as Record<string, unknown>)['CN'];
  return typeof cn === 'string' && USABLE_CN.test(cn) ? cn : undefined;
}

/** Starts the TLS front on hostname:port. */
export function startClientCertFront(o: ClientCertFrontOptions): Promise<ClientCertFront> {
  const peers = new Map<string, { readonly user: string; readonly address: string }>();
  const peerOf = (res: HttpResponse): { readonly user: string; readonly address: string } | undefined => {
    const k = tokenKey(res.getProxiedRemoteAddress());
    return k === undefined ? undefined : peers.get(k);
  };
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({
    key: o.creds.key.export({ type: 'pkcs8', format: 'pem' }),
    cert: o.creds.certChainPem,
    ca: o.caPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: MIN_TLS_VERSION,
    ciphers: NODE_CIPHERS,
    honorCipherOrder: true,
  });
  server.on('connection', (raw: net.Socket) => {
    sockets.add(raw);
    raw.on('close', () => { sockets.delete(raw); });
  });
  server.on('tlsClientError', (err: Error & { code?: string }) => {
    o.logger.debug('TLS handshake refused', { code: err.code ?? 'unknown' });
  });
  server.on('secureConnection', (socket: tls.TLSSocket) => {
    const cn = commonNameOf(socket);
    if (cn === undefined) {
      o.logger.debug('client certificate refused: no usable subject CN');
      socket.destroy();
      return;
    }
    const token = randomBytes(TOKEN_BYTES);
    const key = token.toString('hex');
    peers.set(key, { user: cn, address: socket.remoteAddress ?? '' });
    const backend = net.connect(o.backendPath);
    backend.write(proxyV2Header(token));
    socket.pipe(backend);
    backend.pipe(socket);
    socket.on('error', () => { socket.destroy(); });
    backend.on('error', () => { backend.destroy(); });
    socket.on('close', () => {
      peers.delete(key);
      backend.destroy();
    });
    // The gateway closed: flush what it sent, then close (pipe already ended on a clean end).
    backend.on('close', () => {
      peers.delete(key);
      socket.end(() => { socket.destroy(); });
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: Error & { code?: string }) => {
      reject(new TlsSetupError('TLS_LISTEN_FAILED', `cannot listen on ${o.hostname}:${o.port} (${err.code ?? err.message})`));
    });
    server.listen(o.port, o.hostname, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : o.port,
        peerUser: (res) => peerOf(res)?.user,
        peerAddress: (res) => peerOf(res)?.address,
        close: () => { server.close(); },
        destroyAll: () => { for (const s of [...sockets]) s.destroy(); },
      });
    });
  });
}
