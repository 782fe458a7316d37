/**
 * The state-machine walk shared by the state-machine-*.test.ts suites: keys brought into each of
 * the six KMIP states, request builders for every operation that names an object, and the runner
 * that turns one (operation, state) cell of an expected table into a test.
 * @module
 */
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { it } from 'node:test';
import { bytes, enumeration, int, struct, text } from '../../src/kmip/ttlv/build.js';
import { decodeKeyBlock, type KeyMaterial } from '../../src/kmip/key-block.js';
import { dateOf } from '../../src/actors/lifecycle.js';
import { USAGE } from '../../src/kmip/enums.js';
import { KmsError } from '../../src/protocol/wire-error.js';
import { openActorFixture, START_TIME, type ActorFixture, type StoreKind } from './actor-fixture.js';
import { destroyRequest, exportRequest, revokeRequest, tagAttribute, textField } from '../helpers/kmip-requests.js';
import { enumField, keyBlockOf, locateResult, rawImportRequest } from './helpers.js';
import { addAttributeRequest, attributesOf, modifyAttributeRequest } from './attribute-helpers.js';
import type { ResultReason } from '../../src/kmip/kmip-error.js';
import type { TtlvNode, TtlvStructure } from '../../src/kmip/ttlv/node.js';
import type { ObjectState } from '../../src/storage/object-record.js';

/** The six states, in the column order of the expected tables. */
export const STATES = ['PreActive', 'Active', 'Deactivated', 'Compromised', 'Destroyed', 'Destroyed_Compromised'] as const satisfies readonly ObjectState[];

/**
 * One cell of an expected table: success (the key's state unchanged), success leaving the key in
 * another state, a Locate that does or does not list the key, or a KMIP result reason (the state
 * unchanged).
 */
export type Outcome = 'ok' | `ok, now ${ObjectState}` | 'found' | 'not found' | ResultReason;

/** One row of an expected table: the outcome in each state, in STATES order. */
export type Row = readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

/** Shorthands for the table cells. */
export const OK = 'ok';
export const INF = 'Item_Not_Found';
export const WRONG_STATE = 'Wrong_Key_Lifecycle_State';

/** The plaintext, MACed and signed data every cell uses. */
export const DATA = Buffer.from('every operation in every state', 'utf8');
/** When a compromise occurred (a day before the fixture clock starts). */
export const OCCURRED = START_TIME - 86_400_000;
/** When a PreActive key's ActivationDate falls (a day after the fixture clock starts). */
export const ACTIVATES_AT = START_TIME + 86_400_000;

/** A usage mask for an AES key that every symmetric cell may use. */
export const AES_MASK = USAGE.Encrypt | USAGE.Decrypt | USAGE.WrapKey | USAGE.UnwrapKey | USAGE.DeriveKey;

/** A symmetric key: its identifier, the tag only it carries, and its bytes read before any state change. */
export interface SymmetricSubject {
  readonly uid: string;
  readonly tag: string;
  readonly key: Uint8Array;
}

/** A key pair: both identifiers, the tag only the pair carries, and both keys read before any state change. */
export interface PairSubject {
  readonly priv: string;
  readonly pub: string;
  readonly tag: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

/** A DateTime attribute. */
export function dateTime(tag: string, ms: number): TtlvNode {
  return { tag, type: 'DateTime', value: new Date(ms) };
}

/** A Name attribute. */
export function nameNode(value: string): TtlvNode {
  return struct('Name', [text('NameValue', value), enumeration('NameType', 'UninterpretedTextString')]);
}

/** What a new key is made with, besides its algorithm. */
interface NewKeyOptions {
  readonly tag: string;
  readonly activationDate?: number;
  readonly deactivationDate?: number;
}

function lifecycleAttributes(o: NewKeyOptions): (TtlvNode | undefined)[] {
  return [
    o.activationDate === undefined ? undefined : dateTime('ActivationDate', o.activationDate),
    o.deactivationDate === undefined ? undefined : dateTime('DeactivationDate', o.deactivationDate),
    text('Comment', 'as created'),
    tagAttribute([o.tag]),
  ];
}

/** A Create of an AES-256 (Encrypt, Decrypt, WrapKey, DeriveKey) or HMAC-SHA256 key with a Comment and a tag. */
export function createSymmetricRequest(algorithm: 'AES' | 'HMACSHA256', o: NewKeyOptions): TtlvNode {
  return struct('Create', [
    enumeration('ObjectType', 'SymmetricKey'),
    struct('Attributes', [
      enumeration('CryptographicAlgorithm', algorithm),
      int('CryptographicLength', 256),
      int('CryptographicUsageMask', algorithm === 'AES' ? AES_MASK : USAGE.MACGenerate | USAGE.MACVerify),
      enumeration('ObjectType', 'SymmetricKey'),
      ...lifecycleAttributes(o),
    ]),
  ]);
}

/** A CreateKeyPair of an Ed25519 or RSA-2048 pair with a Comment and a tag on both keys. */
export function createPairRequest(algorithm: 'Ed25519' | 'RSA', o: NewKeyOptions): TtlvNode {
  return struct('CreateKeyPair', [
    struct('CommonAttributes', [
      enumeration('CryptographicAlgorithm', algorithm),
      algorithm === 'RSA' ? int('CryptographicLength', 2048) : undefined,
      ...lifecycleAttributes(o),
    ]),
  ]);
}

const withUid = (op: string, uid: string, ...rest: (TtlvNode | undefined)[]): TtlvNode => struct(op, [text('UniqueIdentifier', uid), ...rest]);

/** Requests for the operations the shared builders lack. */
export const requests = {
  activate: (uid: string): TtlvNode => withUid('Activate', uid),
  getAttributeList: (uid: string): TtlvNode => withUid('GetAttributeList', uid),
  addAttribute: (uid: string, node: TtlvNode): TtlvNode => addAttributeRequest(uid, node),
  modifyAttribute: (uid: string, node: TtlvNode): TtlvNode => modifyAttributeRequest(uid, node),
  mac: (uid: string): TtlvNode => withUid('MAC', uid, bytes('Data', DATA)),
  macVerify: (uid: string, mac: Uint8Array): TtlvNode => withUid('MACVerify', uid, bytes('Data', DATA), bytes('MACData', mac)),
  sign: (uid: string): TtlvNode => withUid('Sign', uid, bytes('Data', DATA)),
  signatureVerify: (uid: string, signature: Uint8Array): TtlvNode => withUid('SignatureVerify', uid, bytes('Data', DATA), bytes('SignatureData', signature)),
  reKey: (uid: string): TtlvNode => withUid('ReKey', uid),
  reKeyKeyPair: (priv: string): TtlvNode => struct('ReKeyKeyPair', [text('PrivateKeyUniqueIdentifier', priv)]),
  /** HKDF-SHA256 with no salt and no info, to an AES-256 key. */
  deriveHkdf: (base: string): TtlvNode =>
    struct('DeriveKey', [
      enumeration('ObjectType', 'SymmetricKey'),
      text('UniqueIdentifier', base),
      enumeration('DerivationMethod', 'HKDF'),
      struct('DerivationParameters', [struct('CryptographicParameters', [enumeration('HashingAlgorithm', 'SHA256')])]),
      struct('Attributes', [enumeration('CryptographicAlgorithm', 'AES'), int('CryptographicLength', 256)]),
    ]),
  /** A Get of `payload` wrapped under `wrapper` (the WrapKey use of `wrapper`), the raw key bytes alone (small enough for RSA-OAEP). */
  getWrapped: (payload: string, wrapper: string): TtlvNode =>
    withUid('Get', payload, struct('KeyWrappingSpecification', [
      enumeration('WrappingMethod', 'Encrypt'),
      struct('EncryptionKeyInformation', [text('UniqueIdentifier', wrapper)]),
      enumeration('EncodingOption', 'NoEncoding'),
    ])),
  /** A Locate of the objects carrying `tag`, optionally of one type and in one State. */
  locate: (tag: string, o: { objectType?: string; state?: ObjectState } = {}): TtlvNode =>
    struct('Locate', [
      struct('Attributes', [
        o.objectType === undefined ? undefined : enumeration('ObjectType', o.objectType),
        o.state === undefined ? undefined : enumeration('State', o.state),
        tagAttribute([tag]),
      ]),
    ]),
  revokeText: (uid: string): TtlvNode => revokeRequest(uid, 'retired'),
  revokeCompromise: (uid: string): TtlvNode => revokeRequest(uid, { code: 'KeyCompromise', occurred: BigInt(OCCURRED) }),
};

/** The object's State, read with GetAttributes and AttributeReference State. */
export function stateOf(fx: ActorFixture, uid: string): string {
  return enumField(attributesOf(fx, uid, ['State']), 'State');
}

/** A date attribute in milliseconds, or undefined when the object does not have it. */
export function dateAttributeOf(fx: ActorFixture, uid: string, tag: string): number | undefined {
  return dateOf(attributesOf(fx, uid, [tag]).value.find((a) => a.tag === tag));
}

/** The values of an attribute the object has (empty when it has none). */
export function attributeValuesOf(fx: ActorFixture, uid: string, tag: string): TtlvNode[] {
  return attributesOf(fx, uid, [tag]).value.filter((a) => a.tag === tag);
}

/** The text values of an attribute (Comment), or the NameValues of Name, the object has. */
export function textValuesOf(fx: ActorFixture, uid: string, tag: string): string[] {
  return attributeValuesOf(fx, uid, tag).map((n) => {
    const v = n.type === 'Structure' ? n.value.find((c) => c.tag === 'NameValue') : n;
    return v?.type === 'TextString' ? v.value : `<${v?.type ?? 'none'}>`;
  });
}

/** The key material of a Get or Export response. */
export function materialOf(res: TtlvStructure): { format: string; material: KeyMaterial } {
  const block = decodeKeyBlock(keyBlockOf(res));
  return { format: block.keyFormatType, material: block.material };
}

/** The bytes of a byte-string material. */
export function bytesOf(m: KeyMaterial): Uint8Array {
  if (m.kind === 'bytes' || m.kind === 'wrapped') return m.bytes;
  if (m.kind === 'symmetric') return m.key;
  throw new Error(`key material is ${m.kind}, not bytes`);
}

/** AES-256-GCM of DATA under the key, made here, as the server's default AES mode expects it. */
export function sealLocally(key: Uint8Array): { nonce: Uint8Array; data: Uint8Array; tag: Uint8Array } {
  const nonce = new Uint8Array(randomBytes(12));
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const data = Buffer.concat([cipher.update(DATA), cipher.final()]);
  return { nonce, data, tag: cipher.getAuthTag() };
}

/** HMAC-SHA256 of DATA under the key, made here. */
export function macLocally(key: Uint8Array): Uint8Array {
  return createHmac('sha256', key).update(DATA).digest();
}

/** Moves keys (a symmetric key, or both keys of a pair) from Active into `state`, as KMIP's operations do. */
function moveTo(fx: ActorFixture, uids: readonly string[], state: ObjectState): void {
  if (state === 'Active' || state === 'PreActive') return;
  const compromised = state === 'Compromised' || state === 'Destroyed_Compromised';
  for (const uid of uids) fx.call(compromised ? requests.revokeCompromise(uid) : requests.revokeText(uid));
  if (state === 'Destroyed' || state === 'Destroyed_Compromised') for (const uid of uids) fx.call(destroyRequest(uid));
}

let counter = 0;
/** A tag no other object of the run carries. */
export function uniqueTag(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Buffer.from(randomBytes(4)).toString('hex')}`;
}

/** A new AES or HMAC key brought into `state` (verified with GetAttributes State). */
export function symmetricIn(fx: ActorFixture, algorithm: 'AES' | 'HMACSHA256', state: ObjectState): SymmetricSubject {
  const tag = uniqueTag(algorithm);
  const activationDate = state === 'PreActive' ? ACTIVATES_AT : undefined;
  const uid = textField(fx.call(createSymmetricRequest(algorithm, { tag, ...(activationDate === undefined ? {} : { activationDate }) })), 'UniqueIdentifier');
  const key = bytesOf(materialOf(fx.call(exportRequest(uid))).material);
  assert.equal(key.length, 32, 'the new key exports its 32 bytes');
  moveTo(fx, [uid], state);
  assert.equal(stateOf(fx, uid), state, `the ${algorithm} key was brought into ${state}`);
  return { uid, tag, key };
}

/** A new Ed25519 or RSA pair brought into `state`, both keys verified with GetAttributes State. */
export async function pairIn(fx: ActorFixture, algorithm: 'Ed25519' | 'RSA', state: ObjectState): Promise<PairSubject> {
  const tag = uniqueTag(algorithm);
  const activationDate = state === 'PreActive' ? ACTIVATES_AT : undefined;
  const res = await fx.callAsync(createPairRequest(algorithm, { tag, ...(activationDate === undefined ? {} : { activationDate }) }));
  const priv = textField(res, 'PrivateKeyUniqueIdentifier');
  const pub = textField(res, 'PublicKeyUniqueIdentifier');
  const der = bytesOf(materialOf(fx.call(exportRequest(priv, 'PKCS8'))).material);
  const privateKey = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  moveTo(fx, [priv, pub], state);
  assert.equal(stateOf(fx, priv), state, `the ${algorithm} private key was brought into ${state}`);
  assert.equal(stateOf(fx, pub), state, `the ${algorithm} public key was brought into ${state}`);
  return { priv, pub, tag, privateKey, publicKey: createPublicKey(privateKey) };
}

let rsaKeys: { readonly privateKey: KeyObject; readonly publicKey: KeyObject } | undefined;

/**
 * A new RSA-2048 pair brought into `state`, both keys verified with GetAttributes State. RSA key
 * generation is slow, so the pair is one made here once and imported per cell as two keys linked
 * to each other, as CreateKeyPair links them.
 */
export function rsaPairIn(fx: ActorFixture, state: ObjectState): PairSubject {
  rsaKeys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { privateKey, publicKey } = rsaKeys;
  const tag = uniqueTag('RSA');
  const priv = `${tag}-private`;
  const pub = `${tag}-public`;
  const activationDate = state === 'PreActive' ? ACTIVATES_AT : undefined;
  const importKey = (uid: string, objectType: string, der: Uint8Array, linkType: string, linked: string): void => {
    fx.call(rawImportRequest({
      uid,
      objectType,
      keyFormatType: 'PKCS8',
      material: bytes('KeyMaterial', der),
      algorithm: 'RSA',
      blockLength: 2048,
      attributes: [
        enumeration('CryptographicAlgorithm', 'RSA'),
        int('CryptographicLength', 2048),
        struct('Link', [enumeration('LinkType', linkType), text('LinkedObjectIdentifier', linked)]),
        ...lifecycleAttributes({ tag, ...(activationDate === undefined ? {} : { activationDate }) }),
      ],
    }));
  };
  importKey(pub, 'PublicKey', new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })), 'PrivateKeyLink', priv);
  importKey(priv, 'PrivateKey', new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })), 'PublicKeyLink', pub);
  moveTo(fx, [priv, pub], state);
  assert.equal(stateOf(fx, priv), state, `the RSA private key was brought into ${state}`);
  assert.equal(stateOf(fx, pub), state, `the RSA public key was brought into ${state}`);
  return { priv, pub, tag, privateKey, publicKey };
}

/** What a request came to: the response, or the KMIP result reason it failed with. */
export type Result = { readonly ok: true; readonly res: TtlvStructure } | { readonly ok: false; readonly reason: string };

/** Runs a request, synchronously or (key generation) not, and reports how it ended. */
export async function attempt(fx: ActorFixture, request: TtlvNode, async: boolean): Promise<Result> {
  try {
    return { ok: true, res: async ? await fx.callAsync(request) : fx.call(request) };
  } catch (error) {
    if (!(error instanceof KmsError)) throw error;
    return { ok: false, reason: error.code === 'KMIP_ERROR' ? (error.reason ?? 'KMIP_ERROR') : `${error.code}: ${error.message}` };
  }
}

/** One operation of a table row, on a subject of type S. */
export interface OperationSpec<S> {
  /** Builds the subject in a state (fresh for every cell). */
  readonly subject: (fx: ActorFixture, state: ObjectState) => S | Promise<S>;
  /** The key the operation names; its state is read back after the operation. */
  readonly target: (s: S) => string;
  /** Builds the request; `state` is the state the subject is in. */
  readonly request: (fx: ActorFixture, s: S, state: ObjectState) => TtlvNode;
  /** True for operations that generate keys off the actor's thread. */
  readonly async?: boolean;
  /** Checks a successful response; `state` is the state the key was in before the operation. */
  readonly check?: (fx: ActorFixture, s: S, res: TtlvStructure, state: ObjectState) => void;
}

/** What a result reads as in a table: `found`/`not found` for Locate, else ok or the reason, with the new state if it moved. */
export function outcomeOf(fx: ActorFixture, target: string, before: ObjectState, result: Result, locate: boolean): string {
  let base: string;
  if (!result.ok) base = result.reason;
  else if (locate) base = (locateResult(result.res).ids ?? []).includes(target) ? 'found' : 'not found';
  else base = 'ok';
  const after = stateOf(fx, target);
  return after === before ? base : `${base}, now ${after}`;
}

function verb(expected: Outcome): string {
  if (expected === 'ok') return 'succeeds';
  if (expected === 'found') return 'finds it';
  if (expected === 'not found') return 'does not find it';
  if (expected.startsWith('ok, now ')) return `succeeds and leaves it ${expected.slice('ok, now '.length)}`;
  return `answers ${expected}`;
}

/** Declares one test per state of a row: `<operation> on a <state> <noun> <expected outcome>`. */
export function cells<S>(kind: StoreKind, operation: string, noun: string, row: Row, spec: OperationSpec<S>): void {
  STATES.forEach((state, column) => {
    const expected = row[column] ?? 'ok';
    const article = state.startsWith('A') ? 'an' : 'a';
    it(`${operation} on ${article} ${state} ${noun} ${verb(expected)}`, async () => {
      const fx = openActorFixture(kind);
      try {
        const s = await spec.subject(fx, state);
        const target = spec.target(s);
        const result = await attempt(fx, spec.request(fx, s, state), spec.async === true);
        const got = outcomeOf(fx, target, state, result, expected === 'found' || expected === 'not found');
        assert.equal(got, expected, `${operation} on ${article} ${state} ${noun}: expected ${expected}, got ${got}`);
        if (result.ok && spec.check !== undefined) spec.check(fx, s, result.res, state);
      } finally {
        fx.close();
      }
    });
  });
}

/** Checks an Export of a key in `state`: its material in the clear, or Opaque and empty once destroyed. */
export function checkExport(res: TtlvStructure, uid: string, state: ObjectState, expected: Uint8Array): void {
  assert.equal(textField(res, 'UniqueIdentifier'), uid);
  const { format, material } = materialOf(res);
  if (state !== 'Destroyed' && state !== 'Destroyed_Compromised') {
    assert.deepEqual(Buffer.from(bytesOf(material)), Buffer.from(expected));
    return;
  }
  assert.equal(format, 'Opaque', 'a destroyed key exports as Opaque');
  assert.equal(bytesOf(material).length, 0, 'a destroyed key exports no material');
}

/** Checks that a Get/Export-style response names the key and returns the given material. */
export function checkKey(res: TtlvStructure, uid: string, expected: Uint8Array): void {
  assert.equal(textField(res, 'UniqueIdentifier'), uid);
  assert.deepEqual(Buffer.from(bytesOf(materialOf(res).material)), Buffer.from(expected));
}

