/**
 * What the gateway needs from a request's head, copied out of the uWS request synchronously
 * (the request object is gone after the handler's first await): size, addresses, credentials.
 * @module
 */
import type { HttpRequest, HttpResponse } from 'uWebSockets.js';
import type { Credentials } from '../auth/authenticator.js';

/** The parts of a request head that decide whether it is served. */
export interface RequestHead {
  /** Clock time when the handler ran. */
  readonly startedAt: number;
  /** The client's address as text. */
  readonly client: string;
  /** Bytes of all header lines (`name: value\r\n`). */
  readonly headerBytes: number;
  /** The `Origin` header, '' when absent (non-browser clients send none). */
  readonly origin: string;
  /** The `Host` header, '' when absent. */
  readonly host: string;
  readonly credentials: Credentials;
}

const text = new TextDecoder();

/** What the connection tells about the client when a front terminates TLS for the gateway. */
export interface PeerLookup {
  /** The verified client certificate's user; set when client certificates are required. */
  readonly user?: ((res: HttpResponse) => string | undefined) | undefined;
  /** The client's real address, when the gateway only sees the front's. */
  readonly address?: ((res: HttpResponse) => string | undefined) | undefined;
}

/** Reads the head of a request that arrived at clock time `now`; the address only when `withClient` (it costs an allocation). */
export function readHead(res: HttpResponse, req: HttpRequest, now: number, peer: PeerLookup, withClient = true): RequestHead {
  let headerBytes = 0;
  req.forEach((name, value) => { headerBytes += name.length + value.length + 4; });
  const peerUser = peer.user;
  return {
    startedAt: now,
    client: withClient ? peer.address?.(res) ?? text.decode(res.getRemoteAddressAsText()) : '',
    headerBytes,
    origin: req.getHeader('origin'),
    host: req.getHeader('host'),
    credentials: {
      authorization: req.getHeader('authorization'),
      certUser: peerUser === undefined ? null : peerUser(res),
    },
  };
}

/** True when a browser's Origin names the host the request was sent to (or there is no Origin). */
export function sameOrigin(origin: string, host: string): boolean {
  if (origin === '') return true;
  if (host === '') return false;
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null"
  }
  if (o.protocol !== 'http:' && o.protocol !== 'https:') return false;
  let h: URL;
  try {
    // Parsing the Host under the origin's scheme normalises case and default ports alike.
    h = new URL(`${o.protocol}//${host}`);
  } catch {
    return false;
  }
  return o.host === h.host;
}
