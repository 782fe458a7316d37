/**
 * Between KMIP key material and node KeyObjects for RSA, NIST EC, Ed25519 and X25519 keys: which
 * formats each key can be read from and written to, and the curve names on either side.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { KmipError } from '../kmip/kmip-error.js';
import { KeyFormatError } from '../crypto/key-error.js';
import {
  describeKey,
  privateKeyFromDer,
  privateKeyToDer,
  publicKeyFromDer,
  publicKeyToDer,
} from '../crypto/key-formats.js';
import {
  bigintToBytes,
  bytesToBigint,
  ecComponents,
  ecPrivateKeyFromComponents,
  ecPublicKeyFromComponents,
  rsaComponents,
  rsaPrivateKeyFromComponents,
  rsaPublicKeyFromComponents,
  type EcComponents,
} from '../crypto/key-components.js';
import type { KeyMaterial } from '../kmip/key-block.js';
import type { KeyFormatType, RecommendedCurve } from '../kmip/enums.js';

/** The curves on node's side. */
export type CurveName = EcComponents['curve'];

const CURVES: readonly (readonly [RecommendedCurve, CurveName])[] = [
  ['P256', 'P-256'],
  ['P384', 'P-384'],
  ['P521', 'P-521'],
  ['CURVE25519', 'X25519'],
  ['CURVEED25519', 'Ed25519'],
];

/** Node's curve for a KMIP RecommendedCurve. */
export function curveOf(kmip: RecommendedCurve): CurveName {
  const c = CURVES.find(([k]) => k === kmip)?.[1];
  if (c === undefined) throw new KmipError('Feature_Not_Supported', `the curve ${kmip} is not supported (supported: ${CURVES.map(([k]) => k).join(', ')})`);
  return c;
}

/** KMIP's RecommendedCurve for a node curve. */
export function recommendedCurveOf(curve: CurveName): RecommendedCurve {
  const k = CURVES.find(([, c]) => c === curve)?.[0];
  if (k === undefined) throw new KmipError('Feature_Not_Supported', `the curve ${curve} is not supported`);
  return k;
}

const SCALAR_BYTES: Readonly<Record<CurveName, number>> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32, X25519: 32 };

/** Turns a crypto-layer key failure into the KMIP reason a client should see. */
export function keyFailure(err: unknown): never {
  if (err instanceof KeyFormatError) {
    const reason = err.code === 'UNSUPPORTED_KEY' ? 'Key_Format_Type_Not_Supported' : 'Invalid_Attribute_Value';
    throw new KmipError(reason, err.message);
  }
  throw err;
}

function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    return keyFailure(err);
  }
}

/** The curve of a key given as Raw bytes, from what the block or attributes say it is. */
export type RawCurveHint = 'Ed25519' | 'X25519' | undefined;

/** Reads a private key from KMIP material in the given format. */
export function privateKeyFromMaterial(format: KeyFormatType, m: KeyMaterial, rawCurve: RawCurveHint): KeyObject {
  return guarded(() => {
    switch (m.kind) {
      case 'rsa-private': {
        const { n, e, d, p, q, dp, dq, qi } = m.rsa;
        if (d === undefined || p === undefined || q === undefined || dp === undefined || dq === undefined || qi === undefined) {
          throw new KmipError('Invalid_Message', 'TransparentRSAPrivateKey needs every CRT component');
        }
        return rsaPrivateKeyFromComponents({ n, e, d, p, q, dp, dq, qi });
      }
      case 'ec-private': {
        const curve = curveOf(m.curve);
        return ecPrivateKeyFromComponents(curve, bigintToBytes(m.d, SCALAR_BYTES[curve]));
      }
      case 'bytes':
        if (format === 'PKCS1') return privateKeyFromDer(m.bytes, 'pkcs1');
        if (format === 'PKCS8') return privateKeyFromDer(m.bytes, 'pkcs8');
        if (format === 'ECPrivateKey') return privateKeyFromDer(m.bytes, 'sec1');
        if (format === 'Raw' && rawCurve !== undefined) return ecPrivateKeyFromComponents(rawCurve, m.bytes);
        break;
      default:
        break;
    }
    throw new KmipError('Key_Format_Type_Not_Supported', `a private key cannot be read from ${format} material`);
  });
}

/** Reads a public key from KMIP material in the given format. */
export function publicKeyFromMaterial(format: KeyFormatType, m: KeyMaterial, rawCurve: RawCurveHint): KeyObject {
  return guarded(() => {
    switch (m.kind) {
      case 'rsa-public':
        return rsaPublicKeyFromComponents({ n: m.rsa.n, e: m.rsa.e });
      case 'ec-public':
        return ecPublicKeyFromComponents(curveOf(m.curve), m.q);
      case 'bytes':
        if (format === 'PKCS1') return publicKeyFromDer(m.bytes, 'pkcs1');
        // KMIP calls a public key's SubjectPublicKeyInfo "PKCS8"; X509 is accepted as its other name.
        if (format === 'PKCS8' || format === 'X509') return publicKeyFromDer(m.bytes, 'spki');
        if (format === 'Raw' && rawCurve !== undefined) return ecPublicKeyFromComponents(rawCurve, m.bytes);
        break;
      default:
        break;
    }
    throw new KmipError('Key_Format_Type_Not_Supported', `a public key cannot be read from ${format} material`);
  });
}

function isRsa(k: KeyObject): boolean {
  return describeKey(k).kind === 'rsa';
}

/** The format a key is exported in when the client names none: PKCS#1 for RSA, transparent EC otherwise. */
export function defaultFormat(k: KeyObject, isPrivate: boolean): KeyFormatType {
  if (isRsa(k)) return 'PKCS1';
  return isPrivate ? 'TransparentECPrivateKey' : 'TransparentECPublicKey';
}

/** Writes a private key in the requested format. */
export function privateKeyMaterial(k: KeyObject, format: KeyFormatType): KeyMaterial {
  return guarded((): KeyMaterial => {
    const info = describeKey(k);
    switch (format) {
      case 'PKCS8':
        return { kind: 'bytes', bytes: privateKeyToDer(k, 'pkcs8') };
      case 'PKCS1':
        return { kind: 'bytes', bytes: privateKeyToDer(k, 'pkcs1') };
      case 'ECPrivateKey':
        return { kind: 'bytes', bytes: privateKeyToDer(k, 'sec1') };
      case 'TransparentRSAPrivateKey':
        if (info.kind !== 'rsa') break;
        return { kind: 'rsa-private', rsa: rsaComponents(k) };
      case 'TransparentECPrivateKey': {
        if (info.kind === 'rsa') break;
        const c = ecComponents(k);
        if (c.d === undefined) break;
        return { kind: 'ec-private', curve: recommendedCurveOf(c.curve), d: bytesToBigint(c.d) };
      }
      case 'Raw': {
        if (info.kind !== 'ed25519' && info.kind !== 'x25519') break;
        const d = ecComponents(k).d;
        if (d === undefined) break;
        return { kind: 'bytes', bytes: d };
      }
      default:
        break;
    }
    throw new KmipError('Key_Format_Type_Not_Supported', `a ${info.kind} private key cannot be exported as ${format}`);
  });
}

/** Writes a public key in the requested format. */
export function publicKeyMaterial(k: KeyObject, format: KeyFormatType): KeyMaterial {
  return guarded((): KeyMaterial => {
    const info = describeKey(k);
    switch (format) {
      case 'PKCS8':
      case 'X509':
        return { kind: 'bytes', bytes: publicKeyToDer(k, 'spki') };
      case 'PKCS1':
        return { kind: 'bytes', bytes: publicKeyToDer(k, 'pkcs1') };
      case 'TransparentRSAPublicKey':
        if (info.kind !== 'rsa') break;
        return { kind: 'rsa-public', rsa: rsaComponents(k) };
      case 'TransparentECPublicKey': {
        if (info.kind === 'rsa') break;
        const c = ecComponents(k);
        return { kind: 'ec-public', curve: recommendedCurveOf(c.curve), q: c.q };
      }
      case 'Raw':
        if (info.kind !== 'ed25519' && info.kind !== 'x25519') break;
        return { kind: 'bytes', bytes: ecComponents(k).q };
      default:
        break;
    }
    throw new KmipError('Key_Format_Type_Not_Supported', `a ${info.kind} public key cannot be exported as ${format}`);
  });
}
