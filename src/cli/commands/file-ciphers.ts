/**
 * How each family encrypts a file with a key of the server. Server mode: the whole file in one
 * Encrypt (sym: AEAD, written `nonce || ciphertext || tag` as Cosmian does; rsa: the chosen RSA
 * scheme; ec: ECIES). Envelope mode: a fresh data key wrapped by the server (sym: RFC 5649;
 * rsa: OAEP SHA-256 with the public key; ec: ECIES with the public key), unwrapped by Decrypt.
 * @module
 */
import { CliError, EXIT, usageError } from '../cli-error.js';
import type { Kms } from '../../client/kms.js';
import type { ParametersInput } from '../../client/kms-inputs.js';
import type { WrapDataKey } from '../../client/envelope/encrypt-stream.js';
import type { UnwrapDataKey } from '../../client/envelope/decrypt-stream.js';
import type { Family } from './crypto-options.js';

/** The AEAD a symmetric key encrypts a file with in server mode. */
export const SYM_ALGORITHMS = ['aes-gcm', 'chacha20-poly1305'] as const;
/** The RSA schemes of server mode. */
export const RSA_SCHEMES = ['oaep-sha256', 'oaep-sha1', 'pkcs1v15', 'rsa-aes-kwp'] as const;

/** What server mode is told on the command line. */
export interface ServerOptions {
  readonly aad: Uint8Array | undefined;
  readonly algorithm: (typeof SYM_ALGORITHMS)[number] | undefined;
  readonly scheme: (typeof RSA_SCHEMES)[number] | undefined;
}

const NONCE = 12;
const TAG = 16;

const RSA_PARAMETERS: Readonly<Record<(typeof RSA_SCHEMES)[number], ParametersInput>> = {
  'oaep-sha256': { paddingMethod: 'OAEP', hashingAlgorithm: 'SHA256' },
  'oaep-sha1': { paddingMethod: 'OAEP', hashingAlgorithm: 'SHA1' },
  pkcs1v15: { paddingMethod: 'PKCS1v15' },
  'rsa-aes-kwp': { cryptographicAlgorithm: 'AES', paddingMethod: 'OAEP', hashingAlgorithm: 'SHA256' },
};

/** The most bytes a scheme encrypts under a modulus of `bytes` (RFC 8017 7.1.1 and 7.2.1). */
function rsaCapacity(scheme: (typeof RSA_SCHEMES)[number], bytes: number): number {
  switch (scheme) {
    case 'oaep-sha256':
      return bytes - 2 * 32 - 2;
    case 'oaep-sha1':
      return bytes - 2 * 20 - 2;
    case 'pkcs1v15':
      return bytes - 11;
    case 'rsa-aes-kwp':
      return Number.MAX_SAFE_INTEGER;
  }
}

async function modulusBytes(kms: Kms, ref: string): Promise<number> {
  const { attributes } = await kms.getAttributes({ uniqueIdentifier: ref });
  if (attributes.cryptographicAlgorithm !== 'RSA' || attributes.cryptographicLength === undefined) {
    throw usageError(`${ref} is not an RSA key; use the command of its family`);
  }
  return Math.ceil(attributes.cryptographicLength / 8);
}

function symParameters(o: ServerOptions): ParametersInput | undefined {
  if (o.algorithm === 'aes-gcm') return { cryptographicAlgorithm: 'AES', blockCipherMode: 'GCM' };
  if (o.algorithm === 'chacha20-poly1305') return { cryptographicAlgorithm: 'ChaCha20Poly1305' };
  return undefined;
}

function noAad(o: ServerOptions, what: string): void {
  if (o.aad !== undefined) throw usageError(`${what} authenticates no additional data; leave out --aad`);
}

/** Encrypts a whole (small) file through the server. */
export async function serverEncrypt(kms: Kms, family: Family, ref: string, data: Uint8Array, o: ServerOptions): Promise<Uint8Array> {
  const aad = o.aad === undefined ? {} : { aad: o.aad };
  switch (family) {
    case 'sym': {
      const parameters = symParameters(o);
      const r = await kms.encrypt({ uniqueIdentifier: ref, data, ...aad, ...(parameters === undefined ? {} : { parameters }) });
      if (r.nonce === undefined || r.tag === undefined) throw new CliError(EXIT.refused, 'the server answered without a nonce and tag; is this an AES or ChaCha20 key?');
      return Buffer.concat([r.nonce, r.data, r.tag]);
    }
    case 'rsa': {
      noAad(o, 'RSA encryption');
      const bytes = await modulusBytes(kms, ref);
      const fits = (s: (typeof RSA_SCHEMES)[number]): boolean => data.length <= rsaCapacity(s, bytes);
      // OAEP SHA-256 when the file fits in one block, else the RSA-AES key wrap that holds any size.
      const scheme = o.scheme ?? (fits('oaep-sha256') ? 'oaep-sha256' : 'rsa-aes-kwp');
      if (!fits(scheme)) {
        throw usageError(`${scheme} with a ${bytes * 8}-bit key encrypts at most ${rsaCapacity(scheme, bytes)} bytes and the file has ${data.length}; use --scheme rsa-aes-kwp or --envelope`);
      }
      return (await kms.encrypt({ uniqueIdentifier: ref, data, parameters: RSA_PARAMETERS[scheme] })).data;
    }
    case 'ec':
      return (await kms.encrypt({ uniqueIdentifier: ref, data, ...aad })).data;
  }
}

function notEncrypted(path: string): CliError {
  return new CliError(EXIT.file, `${path}: not an encrypted file (too short)`);
}

/** Decrypts a file server mode wrote. */
export async function serverDecrypt(kms: Kms, family: Family, ref: string, data: Uint8Array, o: ServerOptions, path: string): Promise<Uint8Array> {
  const aad = o.aad === undefined ? {} : { aad: o.aad };
  switch (family) {
    case 'sym': {
      if (data.length < NONCE + TAG) throw notEncrypted(path);
      const parameters = symParameters(o);
      const r = await kms.decrypt({
        uniqueIdentifier: ref,
        nonce: data.subarray(0, NONCE),
        data: data.subarray(NONCE, data.length - TAG),
        tag: data.subarray(data.length - TAG),
        ...aad,
        ...(parameters === undefined ? {} : { parameters }),
      });
      return r.data;
    }
    case 'rsa': {
      noAad(o, 'RSA encryption');
      if (data.length === 0) throw notEncrypted(path);
      // Without --scheme: one modulus-sized block is OAEP SHA-256, anything longer the RSA-AES key wrap.
      const scheme = o.scheme ?? (data.length === (await modulusBytes(kms, ref)) ? 'oaep-sha256' : 'rsa-aes-kwp');
      return (await kms.decrypt({ uniqueIdentifier: ref, data, parameters: RSA_PARAMETERS[scheme] })).data;
    }
    case 'ec':
      if (data.length === 0) throw notEncrypted(path);
      return (await kms.decrypt({ uniqueIdentifier: ref, data, ...aad })).data;
  }
}

// How each family wraps the data key, and the scheme name the envelope header records.
const ENVELOPE_WRAP: Readonly<Record<Family, { readonly scheme: string; readonly parameters: ParametersInput | undefined }>> = {
  sym: { scheme: 'rfc5649', parameters: { blockCipherMode: 'NISTKeyWrap' } },
  rsa: { scheme: 'rsa-oaep-sha256', parameters: { paddingMethod: 'OAEP', hashingAlgorithm: 'SHA256' } },
  ec: { scheme: 'ecies', parameters: undefined },
};

/** Wraps an envelope's data key with the server key `ref` (for rsa and ec, a public key or its private key). */
export function envelopeWrap(kms: Kms, family: Family, ref: string): WrapDataKey {
  const { scheme, parameters } = ENVELOPE_WRAP[family];
  return async (dataKey) => {
    const r = await kms.encrypt({ uniqueIdentifier: ref, data: dataKey, ...(parameters === undefined ? {} : { parameters }) });
    return { keyId: r.uniqueIdentifier, scheme, wrappedKey: r.data };
  };
}

/** Unwraps an envelope's data key with `ref` (sym: the key the header names when none is given). */
export function envelopeUnwrap(kms: Kms, family: Family, ref: string | undefined): UnwrapDataKey {
  const { scheme, parameters } = ENVELOPE_WRAP[family];
  return async (header) => {
    if (header.scheme !== scheme) {
      const owner = Object.entries(ENVELOPE_WRAP).find(([, w]) => w.scheme === header.scheme)?.[0];
      throw new CliError(EXIT.file, `the file's data key is wrapped with ${header.scheme}${owner === undefined ? '' : `; decrypt it with "kms ${owner} decrypt"`}`);
    }
    const r = await kms.decrypt({ uniqueIdentifier: ref ?? header.keyId, data: header.wrappedKey, ...(parameters === undefined ? {} : { parameters }) });
    return r.data;
  };
}
