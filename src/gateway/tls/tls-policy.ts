/**
 * The TLS versions and cipher suites the gateway accepts, shared by the uWS SSLApp and the Node
 * front that checks client certificates, so both ends of the choice offer the same thing.
 * @module
 */

/** TLS 1.2 suites: forward-secret ECDHE with AEAD ciphers only (Mozilla "intermediate", without DHE). */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

/** TLS 1.3 suites (all of them are AEAD); Node needs them named or it caps the version at 1.2. */
export const TLS13_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'].join(':');

/** The cipher string for Node's `tls` (1.3 suites first, then 1.2). */
export const NODE_CIPHERS = `${TLS13_SUITES}:${TLS12_CIPHERS}`;

/** The lowest protocol version accepted (uSockets enforces the same floor for the SSLApp). */
export const MIN_TLS_VERSION = 'TLSv1.2';
