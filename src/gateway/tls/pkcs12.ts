/**
 * The TLS setup's view of a PKCS#12 bundle: the shared lib reader, with its errors turned into
 * the gateway's TlsSetupError codes (the messages pass through unchanged and name the file).
 * @module
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import { Pkcs12ReadError, readPkcs12Bundle } from '../../lib/pkcs12-read.js';
import { TlsSetupError } from './tls-error.js';

/** The contents of a PKCS#12 bundle. */
export interface Pkcs12Contents {
  readonly key: KeyObject;
  /** The certificate whose public key matches the private key. */
  readonly leaf: X509Certificate;
  /** Every other certificate in the bundle (the chain, the leaf's issuer first). */
  readonly chain: readonly X509Certificate[];
}

/** Decodes a PKCS#12 bundle; `file` only names it in errors. */
export function readPkcs12(bundle: Uint8Array, password: string, file: string): Pkcs12Contents {
  try {
    return readPkcs12Bundle(bundle, password, `the PKCS#12 file ${file}`);
  } catch (err) {
    if (!(err instanceof Pkcs12ReadError)) throw err;
    throw new TlsSetupError(err.code === 'PKCS12_KEY_MISMATCH' ? 'TLS_KEY_MISMATCH' : 'TLS_BAD_PKCS12', err.message);
  }
}
