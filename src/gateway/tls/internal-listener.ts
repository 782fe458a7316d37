/**
 * The gateway's private listener in client-certificate mode: a unix socket in a fresh 0700
 * directory, so only this user's processes can reach it, and even they get no identity (the
 * front's PROXY token is what names a user).
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import uWS, { type TemplatedApp } from 'uWebSockets.js';
import { TlsSetupError } from './tls-error.js';

/** A listening private socket. */
export interface InternalListener {
  /** The socket's path (for the front to connect to). */
  readonly path: string;
  /** Stops accepting and removes the socket and its directory. */
  close(): void;
}

/** Listens on a unix socket in a new private directory. */
export function listenInternal(app: TemplatedApp): Promise<InternalListener> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kms-gw-'));
  const socketPath = path.join(dir, 'gateway.sock');
  return new Promise((resolve, reject) => {
    app.listen_unix((socket: uWS.us_listen_socket | false) => {
      if (socket === false) {
        rmSync(dir, { recursive: true, force: true });
        reject(new TlsSetupError('TLS_LISTEN_FAILED', `cannot listen on the internal socket ${socketPath}`));
        return;
      }
      let open = true;
      resolve({
        path: socketPath,
        close: () => {
          if (!open) return;
          open = false;
          uWS.us_listen_socket_close(socket);
          rmSync(dir, { recursive: true, force: true });
        },
      });
    }, socketPath);
  });
}
