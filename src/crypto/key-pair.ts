/**
 * Asymmetric key pair generation (RSA, NIST EC curves, Ed25519, X25519).
 * @module
 */
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { KeyFormatError } from './key-error.js';

/** The NIST curves supported, by their FIPS 186 names. */
export type NamedCurve = 'P-256' | 'P-384' | 'P-521';

/** What to generate. */
export type KeyPairSpec =
  | { readonly kind: 'rsa'; readonly bits: number }
  | { readonly kind: 'ec'; readonly curve: NamedCurve }
  | { readonly kind: 'ed25519' }
  | { readonly kind: 'x25519' };

/** A freshly generated key pair. */
export interface AsymmetricKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** The RSA modulus sizes accepted; smaller is too weak, larger is too slow to be worth it. */
export const RSA_KEY_SIZES: readonly number[] = [2048, 3072, 4096];

const RSA_PUBLIC_EXPONENT = 65537;
const CURVES: readonly string[] = ['P-256', 'P-384', 'P-521'];

type Callback = (err: Error | null, publicKey: KeyObject, privateKey: KeyObject) => void;

function start(spec: KeyPairSpec, done: Callback): void {
  // The specs arrive from decoded requests, so the union is re-checked at run time.
  switch (spec.kind) {
    case 'rsa':
      if (!RSA_KEY_SIZES.includes(spec.bits)) {
        throw new KeyFormatError('BAD_KEY_PARAMETERS', 'RSA keys must be 2048, 3072 or 4096 bits');
      }
      generateKeyPair('rsa', { modulusLength: spec.bits, publicExponent: RSA_PUBLIC_EXPONENT }, done);
      return;
    case 'ec':
      if (!CURVES.includes(spec.curve)) throw new KeyFormatError('BAD_KEY_PARAMETERS', 'the curve must be P-256, P-384 or P-521');
      generateKeyPair('ec', { namedCurve: spec.curve }, done);
      return;
    case 'ed25519':
      generateKeyPair('ed25519', undefined, done);
      return;
    case 'x25519':
      generateKeyPair('x25519', undefined, done);
      return;
    default:
      throw new KeyFormatError('BAD_KEY_PARAMETERS', 'unknown key pair kind');
  }
}

/**
 * Generates a key pair on the libuv thread pool, so even RSA-4096 leaves the event loop free.
 * Rejects with KeyFormatError BAD_KEY_PARAMETERS for a size or curve outside the supported set.
 */
export function generateAsymmetricKeyPair(spec: KeyPairSpec): Promise<AsymmetricKeyPair> {
  return new Promise((resolve, reject) => {
    start(spec, (err, publicKey, privateKey) => {
      if (err) reject(err);
      else resolve({ privateKey, publicKey });
    });
  });
}
