/**
 * Key files as the key commands read and write them: a KMIP object as JSON TTLV (root tag
 * SymmetricKey, PrivateKey or PublicKey holding its KeyBlock, as ckms writes it), PEM and DER
 * (PKCS#8, SubjectPublicKeyInfo, PKCS#1, SEC1), raw bytes and base64.
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { CliError, EXIT } from '../cli-error.js';
import { decodeKeyBlock, type KeyBlock } from '../../kmip/key-block.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../../kmip/ttlv/json.js';
import { struct } from '../../kmip/ttlv/build.js';
import type { TtlvNode, TtlvStructure } from '../../kmip/ttlv/node.js';

/** The largest key file read: far above any key, far below anything worth streaming. */
export const MAX_KEY_FILE = 1024 * 1024;

/** The object types a key file may hold. */
export type KeyObjectType = 'SymmetricKey' | 'PrivateKey' | 'PublicKey' | 'SecretData';

const KEY_OBJECT_TYPES: readonly string[] = ['SymmetricKey', 'PrivateKey', 'PublicKey', 'SecretData'];

/** A KMIP key object read from a JSON TTLV file. */
export interface KeyObjectFile {
  readonly objectType: KeyObjectType;
  /** The children of the root: the KeyBlock (after a SecretDataType for secret data). */
  readonly children: readonly TtlvNode[];
  readonly block: KeyBlock;
}

function notKeyFile(path: string, why: string): CliError {
  return new CliError(EXIT.file, `${path}: not a JSON TTLV key file (${why})`);
}

/** Reads a JSON TTLV key object; a file of another shape is a local file error. */
export function parseKeyObject(text: string, path: string): KeyObjectFile {
  let root: TtlvNode;
  try {
    root = parseJsonTtlv(text);
  } catch {
    throw notKeyFile(path, 'it is not JSON TTLV');
  }
  if (root.type !== 'Structure' || !KEY_OBJECT_TYPES.includes(root.tag)) {
    throw notKeyFile(path, `the root must be one of ${KEY_OBJECT_TYPES.join(', ')}`);
  }
  let block: KeyBlock;
  try {
    block = decodeKeyBlock(root);
  } catch (e) {
    throw notKeyFile(path, e instanceof Error ? e.message : 'bad KeyBlock');
  }
  return { objectType: root.tag as KeyObjectType, children: root.value, block };
}

/** A key object as JSON TTLV text (root tag = object type). */
export function keyObjectJson(objectType: string, children: readonly TtlvNode[]): string {
  return `${JSON.stringify(JSON.parse(encodeJsonTtlv(struct(objectType, children))) as unknown, null, 2)}\n`;
}

/** The children of a key object with its KeyBlock replaced. */
export function withKeyBlock(children: readonly TtlvNode[], block: TtlvStructure): TtlvNode[] {
  return children.map((c) => (c.tag === 'KeyBlock' ? block : c));
}

/** PEM text of DER bytes under a label such as `PRIVATE KEY`. */
export function toPem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

/** Whether the bytes look like PEM (a BEGIN header near the start). */
export function isPem(data: Uint8Array): boolean {
  return /-----BEGIN [A-Z0-9 ]+-----/.test(Buffer.from(data.subarray(0, 4096)).toString('latin1'));
}

/** An asymmetric key read from a PEM or DER file, normalised to what the server stores. */
export interface AsymmetricKeyFile {
  readonly objectType: 'PrivateKey' | 'PublicKey';
  /** PKCS#8 for a private key, SubjectPublicKeyInfo for a public key. */
  readonly der: Uint8Array;
  /** rsa, ec, ed25519, x25519, ... */
  readonly keyType: string;
}

function tryKey(make: () => KeyObject): KeyObject | undefined {
  try {
    return make();
  } catch {
    return undefined;
  }
}

/**
 * Reads a PKCS#8, SEC1 or PKCS#1 private key or a SubjectPublicKeyInfo or PKCS#1 public key, as PEM
 * (told apart by its header) or DER (tried in that order). The bytes are never quoted in errors.
 */
export function parseAsymmetricKey(data: Uint8Array, path: string): AsymmetricKeyFile {
  const buf = Buffer.from(data);
  let key: KeyObject | undefined;
  if (isPem(buf)) {
    const text = buf.toString('utf8');
    const isPublic = /-----BEGIN (RSA )?PUBLIC KEY-----/.test(text);
    key = isPublic ? tryKey(() => createPublicKey({ key: text, format: 'pem' })) : tryKey(() => createPrivateKey({ key: text, format: 'pem' }));
  } else {
    for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
      key ??= tryKey(() => createPrivateKey({ key: buf, format: 'der', type }));
    }
    for (const type of ['spki', 'pkcs1'] as const) {
      key ??= tryKey(() => createPublicKey({ key: buf, format: 'der', type }));
    }
  }
  if (key === undefined) throw new CliError(EXIT.file, `${path}: not a PEM or DER key (PKCS#8, SubjectPublicKeyInfo, PKCS#1 or SEC1)`);
  const keyType = key.asymmetricKeyType ?? 'unknown';
  if (key.type === 'private') return { objectType: 'PrivateKey', der: key.export({ format: 'der', type: 'pkcs8' }), keyType };
  return { objectType: 'PublicKey', der: key.export({ format: 'der', type: 'spki' }), keyType };
}
