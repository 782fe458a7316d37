/**
 * Builds the uWS SSLApp (HTTPS and WSS on the public port) from in-memory credentials.
 * uSockets refuses anything below TLS 1.2 itself; the cipher list keeps TLS 1.2 to ECDHE + AEAD.
 * @module
 */
import uWS, { type TemplatedApp } from 'uWebSockets.js';
import { withEphemeralKeyFiles } from './key-files.js';
import { TLS12_CIPHERS } from './tls-policy.js';
import { TlsSetupError } from './tls-error.js';
import type { ServerCredentials } from './credentials.js';

/** A uWS SSLApp serving the given certificate chain and key. */
export function createSslApp(creds: ServerCredentials): TemplatedApp {
  return withEphemeralKeyFiles(creds, (files) => {
    try {
      // SSLApp reads the files here, in its constructor; they are deleted right after.
      return uWS.SSLApp({
        key_file_name: files.keyFile,
        cert_file_name: files.certFile,
        passphrase: files.passphrase,
        ssl_ciphers: TLS12_CIPHERS,
      });
    } catch {
      throw new TlsSetupError('TLS_CONFIG', 'uWebSockets.js refused the TLS certificate or key');
    }
  });
}
