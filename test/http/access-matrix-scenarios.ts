/**
 * One scenario per KMIP operation for the authorisation matrix: what the owner prepares (the
 * object, and whatever the operation consumes: a ciphertext, a signature, a revoked state), which
 * access right the operation needs, and the request another user then sends.
 * @module
 */
import assert from 'node:assert/strict';
import { bytes, enumeration, int, long, struct, text } from '../../src/kmip/ttlv/build.js';
import { OPERATIONS, USAGE } from '../../src/kmip/enums.js';
import {
  bytesField, destroyRequest, encryptRequest, decryptRequest, exportRequest, getAttributesRequest, getRequest, locateRequest, revokeRequest,
  setAttributeRequest, structField, tagAttribute, textField,
} from '../helpers/kmip-requests.js';
import { caRequest, certifyRequest, validateRequest } from '../helpers/certify-requests.js';
import { addAttributeRequest, modifyAttributeRequest, nameAttribute } from '../actors/attribute-helpers.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';

/** Sends KMIP as one user; `call` insists on HTTP 200. */
export interface Caller {
  call(request: TtlvNode): Promise<TtlvStructure>;
}

/** What a scenario hands the matrix: the object to grant on, and the request to try. */
export interface Prepared {
  /** The object the access right is granted on (null: the operation names no object). */
  readonly uid: string | null;
  readonly request: TtlvNode;
}

/** One operation's row of the matrix. */
export interface Scenario {
  readonly operation: string;
  /** The access right the operation needs on the object; null when it names none (anyone may run it). */
  readonly right: string | null;
  prepare(owner: Caller, tag: string): Promise<Prepared>;
}

const DATA = new Uint8Array(Buffer.from('matrix plaintext, never to be logged', 'utf8'));
const HOUR_MS = 3_600_000;

const uidOf = (res: TtlvStructure): string => textField(res, 'UniqueIdentifier');
const withUid = (op: string, uid: string, ...rest: (TtlvNode | undefined)[]): TtlvNode => struct(op, [text('UniqueIdentifier', uid), ...rest]);

function symmetric(tag: string, algorithm = 'AES', extra: readonly TtlvNode[] = []): TtlvNode {
  return struct('Create', [
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [
      enumeration('CryptographicAlgorithm', algorithm),
      int('CryptographicLength', 256),
      tagAttribute([tag]),
      ...extra,
    ]),
  ]);
}

function ed25519Pair(tag: string): TtlvNode {
  return struct('CreateKeyPair', [struct('CommonAttributes', [enumeration('CryptographicAlgorithm', 'Ed25519'), tagAttribute([tag])])]);
}

async function aesKey(owner: Caller, tag: string, extra: readonly TtlvNode[] = []): Promise<string> {
  return uidOf(await owner.call(symmetric(tag, 'AES', extra)));
}

async function pair(owner: Caller, tag: string): Promise<{ priv: string; pub: string }> {
  const res = await owner.call(ed25519Pair(tag));
  return { priv: textField(res, 'PrivateKeyUniqueIdentifier'), pub: textField(res, 'PublicKeyUniqueIdentifier') };
}

const onKey = (operation: string, right: string, request: (uid: string) => TtlvNode, extra: readonly TtlvNode[] = []): Scenario => ({
  operation,
  right,
  prepare: async (owner, tag) => {
    const uid = await aesKey(owner, tag, extra);
    return { uid, request: request(uid) };
  },
});

const anyone = (operation: string, request: (tag: string) => TtlvNode): Scenario => ({
  operation,
  right: null,
  prepare: (_owner, tag) => Promise.resolve({ uid: null, request: request(tag) }),
});

const rawKey = (tag: string, op: 'Register' | 'Import'): TtlvNode =>
  struct(op, [
    op === 'Import' ? text('UniqueIdentifier', `imported-${tag}`) : undefined,
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 128), tagAttribute([tag])]),
    struct('Object', [
      struct('KeyBlock', [
        enumeration('KeyFormatType', 'Raw'),
        struct('KeyValue', [struct('KeyMaterial', [bytes('ByteString', crypto.getRandomValues(new Uint8Array(16)))])]),
        enumeration('CryptographicAlgorithm', 'AES'),
        int('CryptographicLength', 128),
      ]),
    ]),
  ]);

/** Every KMIP operation the server serves, each with the access it needs. */
export const SCENARIOS: readonly Scenario[] = [
  anyone('Create', (tag) => symmetric(tag)),
  anyone('CreateKeyPair', (tag) => ed25519Pair(tag)),
  anyone('Register', (tag) => rawKey(tag, 'Register')),
  anyone('Import', (tag) => rawKey(tag, 'Import')),
  anyone('Query', () => struct('Query', [enumeration('QueryFunction', 'QueryOperations')])),
  anyone('DiscoverVersions', () => struct('DiscoverVersions', [])),
  anyone('Hash', () => struct('Hash', [struct('CryptographicParameters', [enumeration('HashingAlgorithm', 'SHA256')]), bytes('Data', DATA)])),
  anyone('RNGRetrieve', () => struct('RNGRetrieve', [int('DataLength', 32)])),
  onKey('Get', 'get', (uid) => getRequest(uid)),
  onKey('Export', 'export', (uid) => exportRequest(uid)),
  onKey('GetAttributes', 'getattributes', (uid) => getAttributesRequest(uid)),
  onKey('GetAttributeList', 'getattributes', (uid) => withUid('GetAttributeList', uid)),
  onKey('SetAttribute', 'setattribute', (uid) => setAttributeRequest(uid, text('Comment', 'set by the matrix'))),
  onKey('AddAttribute', 'setattribute', (uid) => addAttributeRequest(uid, nameAttribute('added by the matrix'))),
  onKey('ModifyAttribute', 'setattribute', (uid) => modifyAttributeRequest(uid, text('Comment', 'modified')), [text('Comment', 'original')]),
  onKey('DeleteAttribute', 'setattribute', (uid) => struct('DeleteAttribute', [text('UniqueIdentifier', uid), struct('CurrentAttribute', [text('Comment', 'original')])]), [text('Comment', 'original')]),
  onKey('Encrypt', 'encrypt', (uid) => encryptRequest(uid, DATA)),
  {
    operation: 'Decrypt',
    right: 'decrypt',
    prepare: async (owner, tag) => {
      const uid = await aesKey(owner, tag);
      const enc = await owner.call(encryptRequest(uid, DATA));
      return { uid, request: decryptRequest(uid, bytesField(enc, 'Data'), bytesField(enc, 'IvCounterNonce'), bytesField(enc, 'AuthenticatedEncryptionTag')) };
    },
  },
  {
    operation: 'Sign',
    right: 'sign',
    prepare: async (owner, tag) => {
      const { priv } = await pair(owner, tag);
      return { uid: priv, request: withUid('Sign', priv, bytes('Data', DATA)) };
    },
  },
  {
    operation: 'SignatureVerify',
    right: 'signatureverify',
    prepare: async (owner, tag) => {
      const { priv, pub } = await pair(owner, tag);
      const signature = bytesField(await owner.call(withUid('Sign', priv, bytes('Data', DATA))), 'SignatureData');
      return { uid: pub, request: withUid('SignatureVerify', pub, bytes('Data', DATA), bytes('SignatureData', signature)) };
    },
  },
  {
    operation: 'MAC',
    right: 'mac',
    prepare: async (owner, tag) => {
      const uid = uidOf(await owner.call(symmetric(tag, 'HMACSHA256')));
      return { uid, request: withUid('MAC', uid, bytes('Data', DATA)) };
    },
  },
  {
    operation: 'MACVerify',
    right: 'macverify',
    prepare: async (owner, tag) => {
      const uid = uidOf(await owner.call(symmetric(tag, 'HMACSHA256')));
      const mac = bytesField(await owner.call(withUid('MAC', uid, bytes('Data', DATA))), 'MACData');
      return { uid, request: withUid('MACVerify', uid, bytes('Data', DATA), bytes('MACData', mac)) };
    },
  },
  onKey('DeriveKey', 'derivekey', (uid) => struct('DeriveKey', [
    enumeration('ObjectType', 'SymmetricKey'),
    text('UniqueIdentifier', uid),
    enumeration('DerivationMethod', 'HKDF'),
    struct('DerivationParameters', [struct('CryptographicParameters', [enumeration('HashingAlgorithm', 'SHA256')])]),
    struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)]),
  ]), [int('CryptographicUsageMask', USAGE.DeriveKey | USAGE.Encrypt | USAGE.Decrypt)]),
  onKey('ReKey', 'rekey', (uid) => withUid('ReKey', uid)),
  {
    operation: 'ReKeyKeyPair',
    right: 'rekey',
    prepare: async (owner, tag) => {
      const { priv } = await pair(owner, tag);
      return { uid: priv, request: struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', priv)]) };
    },
  },
  onKey('Activate', 'activate', (uid) => withUid('Activate', uid), [long('ActivationDate', BigInt(Date.now() + HOUR_MS))]),
  onKey('Revoke', 'revoke', (uid) => revokeRequest(uid)),
  {
    operation: 'Destroy',
    right: 'destroy',
    prepare: async (owner, tag) => {
      const uid = await aesKey(owner, tag);
      await owner.call(revokeRequest(uid));
      return { uid, request: destroyRequest(uid) };
    },
  },
  {
    // Signing with the CA's private key is what the grant allows; its certificate is reached through the key.
    operation: 'Certify',
    right: 'certify',
    prepare: async (owner, tag) => {
      const ca = uidOf(await owner.call(caRequest(`matrix CA ${tag}`, [tag])));
      const caKey = linkedPrivateKey(await owner.call(getAttributesRequest(ca)));
      return { uid: caKey, request: certifyRequest({ subject: { Cn: `leaf ${tag}` }, keyPair: { algorithm: 'EC', curve: 'P256' }, issuerKey: caKey }) };
    },
  },
  {
    operation: 'Validate',
    right: 'validate',
    prepare: async (owner, tag) => {
      const ca = uidOf(await owner.call(caRequest(`matrix root ${tag}`, [tag])));
      return { uid: ca, request: validateRequest({ ids: [ca] }) };
    },
  },
  {
    operation: 'Locate',
    right: 'locate',
    prepare: async (owner, tag) => ({ uid: await aesKey(owner, tag), request: locateRequest({ tags: [tag] }) }),
  },
];

/** The PrivateKeyLink of a GetAttributes response. */
function linkedPrivateKey(res: TtlvStructure): string {
  const attrs = structField(res, 'Attributes');
  const links = attrs.value.find((n) => n.tag === 'Link');
  const found = links?.type === 'Structure'
    ? links.value.find((l) => l.type === 'Structure' && l.value.some((c) => c.type === 'Enumeration' && c.value === 'PrivateKeyLink'))
    : undefined;
  return found?.type === 'Structure' ? textField(found, 'LinkedObjectIdentifier') : assert.fail('no PrivateKeyLink');
}

/** Checks the table covers every operation the server dispatches (a new one must get a row). */
export function assertEveryOperationCovered(): void {
  const covered = new Set(SCENARIOS.map((s) => s.operation));
  const missing = OPERATIONS.filter((op) => !covered.has(op));
  assert.deepEqual(missing, [], `operations without an authorisation scenario: ${missing.join(', ')}`);
}
