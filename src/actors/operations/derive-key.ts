/**
 * DeriveKey: a new SymmetricKey or SecretData derived from objects the caller owns, by PBKDF2 or
 * HKDF over a symmetric key or secret data, or by key agreement (DerivationMethod AsymmetricKey,
 * since KMIP 2.1 names no ECDH method): ECDH/X25519 between our private key and a peer public key,
 * the shared secret then run through HKDF (salt = Salt or empty, empty info) so the new key is
 * uniform whatever the curve. The new object links back to its base (DerivationBaseObjectLink)
 * and inherits its protection: a key derived from a Sensitive or non-Extractable base is so too,
 * and it is AlwaysSensitive / NeverExtractable only if every secret it could be derived from is.
 * PBKDF2 runs on the libuv thread pool (the request answers later), within a bounded work.
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { boolAttribute, checkUserTags, enumAttribute, intAttribute, tagsOf, withAttribute, type AttributeList } from '../../kmip/attributes.js';
import { decodeKeyBlock } from '../../kmip/key-block.js';
import { withLink } from '../../kmip/links.js';
import { bool } from '../../kmip/ttlv/build.js';
import { parseJsonTtlv } from '../../kmip/ttlv/json.js';
import { asStructure } from '../../kmip/ttlv/read.js';
import { USAGE, type SecretDataType, type Usage } from '../../kmip/enums.js';
import { ecdhSharedSecret, hkdfDerive, PBKDF2_MAX_WORK, pbkdf2DeriveAsync, pbkdf2Work, type KdfHash } from '../../crypto/kdf.js';
import { describeKey, keysMatch, publicKeyFromDer } from '../../crypto/key-formats.js';
import { mapMaybe, type MaybePromise } from '../../lib/maybe-async.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { privateKeyOfRecord, publicKeyOfRecord } from '../asymmetric-keys.js';
import { cryptoFailure, guardCrypto } from '../crypto-failures.js';
import { kdfHash } from '../hash-names.js';
import { newIdentifier, requestedIdentifier, type NewObjectSpec } from '../new-object.js';
import { pairedRecord } from '../state-change.js';
import { secretDataRecord, secretDataTypeOf, symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSecretBits, checkSymmetricKey, DEFAULT_SECRET_BITS, defaultSymmetricBits } from '../symmetric-algorithms.js';
import type { KeyObject } from 'node:crypto';
import type { DerivationParameters, DeriveKeyRequest, DeriveKeyResponse } from '../../kmip/operations/derive-key.js';
import type { TtlvNode } from '../../kmip/ttlv/node.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

const NOTHING = new Uint8Array(0);

/** What the new object will be: its type, algorithm (keys only) or secret data type, and size. */
type Target =
  | { readonly objectType: 'SymmetricKey'; readonly algorithm: string; readonly bytes: number }
  | { readonly objectType: 'SecretData'; readonly secretDataType: SecretDataType; readonly bytes: number };

/** What a derivation produced. */
interface Derived {
  readonly base: string;
  /** The new key's bytes, which the caller wipes. */
  readonly key: Uint8Array;
  /** The base objects whose secrets went into the key: the new object inherits their Sensitive and Extractable. */
  readonly inputs: readonly ObjectRecord[];
  /**
   * Every stored secret the same key can be derived from, whose history bounds AlwaysSensitive and
   * NeverExtractable: the inputs plus, in key agreement, the peer's private key. Undefined when that
   * private key is not stored here, since whoever holds it (the client, maybe) can compute the key.
   */
  readonly holders: readonly ObjectRecord[] | undefined;
}

// Lengths default as Create's do, so a derived key and a created one of the same request agree.
// Everything about the new object is checked before any derivation work is spent on it.
function targetOf(req: DeriveKeyRequest): Target {
  const attrs = req.attributes;
  if (req.objectType === 'SecretData') {
    const bits = checkSecretBits(intAttribute(attrs, 'CryptographicLength') ?? DEFAULT_SECRET_BITS);
    return { objectType: 'SecretData', secretDataType: secretDataTypeOf(attrs), bytes: bits / 8 };
  }
  if (req.objectType !== 'SymmetricKey') throw new KmipError('Invalid_Field', `DeriveKey makes SymmetricKey or SecretData objects, not ${req.objectType}`);
  const algorithm = enumAttribute(attrs, 'CryptographicAlgorithm');
  const bits = intAttribute(attrs, 'CryptographicLength') ?? defaultSymmetricBits(algorithm);
  return { objectType: 'SymmetricKey', algorithm: checkSymmetricKey(algorithm, bits), bytes: bits / 8 };
}

function requireAnyUsage(rec: ObjectRecord, uses: readonly Usage[]): void {
  const mask = intAttribute(storedAttributes(rec), 'CryptographicUsageMask') ?? 0;
  const wanted = uses.reduce<number>((m, u) => m | USAGE[u], USAGE.Unrestricted);
  if ((mask & wanted) === 0) throw new KmipError('Incompatible_Cryptographic_Usage_Mask', `the usage mask of ${rec.id} allows neither ${uses.join(' nor ')}`);
}

function refuse(present: unknown, field: string, method: string): void {
  if (present !== undefined) throw new KmipError('Invalid_Field', `${method} takes no ${field}`);
}

const recordFlag = (rec: ObjectRecord, tag: string): boolean | undefined => boolAttribute(storedAttributes(rec), tag);

/** The bytes of a SymmetricKey or SecretData base object (the caller checked which), in a buffer the caller wipes. */
function secretOf(ctx: OperationContext, rec: ObjectRecord): Uint8Array {
  if (rec.objectType === 'SymmetricKey') return symmetricKeyOf(ctx, rec);
  const material = decodeKeyBlock(asStructure(parseJsonTtlv(rec.object), 'stored object')).material;
  // The freshly parsed bytes are the only copy this request made, so they are handed over (and wiped) as they are.
  if (material.kind === 'bytes') return material.bytes;
  if (material.kind === 'symmetric') material.key.fill(0);
  throw new KmipError('Invalid_Object_Type', `object ${rec.id} holds no usable secret`);
}

function oneBase(ids: readonly string[], method: string): string {
  const [id, ...rest] = ids;
  if (id === undefined || rest.length > 0) throw new KmipError('Invalid_Message', `${method} derives from exactly one UniqueIdentifier`);
  return id;
}

/** Refuses a PBKDF2 request whose iterations x output blocks exceed PBKDF2_MAX_WORK, before any work is done. */
function checkPbkdf2Work(hash: KdfHash, iterations: number, bytes: number): void {
  if (iterations < 1) throw new KmipError('Invalid_Field', 'PBKDF2 IterationCount must be at least 1');
  const blocks = pbkdf2Work(hash, 1, bytes);
  if (iterations * blocks > PBKDF2_MAX_WORK) {
    throw new KmipError(
      'Invalid_Field',
      `PBKDF2 work (IterationCount x output blocks of the hash's size) is limited to ${PBKDF2_MAX_WORK}; ${iterations} x ${blocks} ${blocks === 1 ? 'block' : 'blocks'} is more`,
    );
  }
}

// The secret is wiped only once the thread pool is done with it, whether the derivation succeeded or not.
async function pbkdf2Key(hash: KdfHash, secret: Uint8Array, salt: Uint8Array, iterations: number, bytes: number): Promise<Uint8Array> {
  try {
    return await pbkdf2DeriveAsync(hash, secret, salt, iterations, bytes);
  } catch (err) {
    return cryptoFailure('PBKDF2', err);
  } finally {
    secret.fill(0);
  }
}

function passwordKdf(ctx: OperationContext, req: DeriveKeyRequest, bytes: number): MaybePromise<Derived> {
  const p = req.parameters;
  const method = req.derivationMethod;
  const rec = resolveObject(ctx, oneBase(req.uniqueIdentifiers, method), ['Active'], 'derivekey');
  if (rec.objectType !== 'SymmetricKey' && rec.objectType !== 'SecretData') {
    throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; ${method} derives from a SymmetricKey or SecretData`);
  }
  requireUsage(storedAttributes(rec), 'DeriveKey', rec.id);
  const hash = kdfHash(p.cryptographicParameters?.hashingAlgorithm);
  refuse(p.initializationVector, 'InitializationVector', method);
  const derived = (key: Uint8Array): Derived => ({ base: rec.id, key, inputs: [rec], holders: [rec] });
  if (method === 'PBKDF2') {
    refuse(p.derivationData, 'DerivationData', method);
    if (p.salt === undefined) throw new KmipError('Invalid_Message', 'PBKDF2 needs a Salt');
    if (p.iterationCount === undefined) throw new KmipError('Invalid_Message', 'PBKDF2 needs an IterationCount');
    checkPbkdf2Work(hash, p.iterationCount, bytes);
    return pbkdf2Key(hash, secretOf(ctx, rec), p.salt, p.iterationCount, bytes).then(derived);
  }
  refuse(p.iterationCount, 'IterationCount', method);
  const secret = secretOf(ctx, rec);
  try {
    return derived(guardCrypto(method, () => hkdfDerive(hash, secret, p.salt ?? NOTHING, p.derivationData ?? NOTHING, bytes)));
  } finally {
    secret.fill(0);
  }
}

const UNEXPOSED_STATES: readonly string[] = ['PreActive', 'Active', 'Deactivated'];

// The peer's private key when it is stored here for the caller, not compromised, and truly pairs
// with the peer public key: a PrivateKeyLink alone could name any key.
function storedPrivateHalf(ctx: OperationContext, peerRecord: ObjectRecord, peer: KeyObject): ObjectRecord | undefined {
  const half = pairedRecord(ctx, peerRecord);
  if (half?.objectType !== 'PrivateKey' || !UNEXPOSED_STATES.includes(half.state)) return undefined;
  try {
    return keysMatch(privateKeyOfRecord(half), peer) ? half : undefined;
  } catch {
    return undefined;
  }
}

/** The peer public key, and its private key when that is stored here. */
function peerKey(ctx: OperationContext, ids: readonly string[], p: DerivationParameters): { key: KeyObject; privateHalf: ObjectRecord | undefined } {
  const [, peerId, ...rest] = ids;
  if (rest.length > 0) throw new KmipError('Invalid_Message', 'key agreement takes our private key and at most one peer public key');
  if (peerId !== undefined && p.derivationData !== undefined) {
    throw new KmipError('Invalid_Message', 'key agreement takes the peer public key as a second UniqueIdentifier or as DerivationData (SPKI DER), not both');
  }
  if (peerId === undefined) {
    if (p.derivationData === undefined) {
      throw new KmipError('Invalid_Message', 'key agreement needs the peer public key, as a second UniqueIdentifier or as DerivationData (SPKI DER)');
    }
    try {
      return { key: publicKeyFromDer(p.derivationData, 'spki'), privateHalf: undefined };
    } catch {
      throw new KmipError('Invalid_Field', 'DerivationData is not a supported SubjectPublicKeyInfo public key');
    }
  }
  const rec = resolveObject(ctx, peerId, ['Active'], 'get');
  if (rec.objectType !== 'PublicKey') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; the peer key must be a PublicKey`);
  requireAnyUsage(rec, ['KeyAgreement', 'DeriveKey']);
  const key = publicKeyOfRecord(rec);
  return { key, privateHalf: storedPrivateHalf(ctx, rec, key) };
}

function keyAgreement(ctx: OperationContext, req: DeriveKeyRequest, bytes: number): Derived {
  const p = req.parameters;
  refuse(p.initializationVector, 'InitializationVector', 'key agreement');
  refuse(p.iterationCount, 'IterationCount', 'key agreement');
  const rec = resolveObject(ctx, req.uniqueIdentifiers[0] ?? '', ['Active'], 'derivekey');
  if (rec.objectType !== 'PrivateKey') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; key agreement starts from a PrivateKey`);
  const privateKey = privateKeyOfRecord(rec);
  const kind = guardCrypto('DeriveKey', () => describeKey(privateKey)).kind;
  if (kind !== 'ec' && kind !== 'x25519') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is an ${kind === 'rsa' ? 'RSA' : 'Ed25519'} key, which cannot agree on keys`);
  requireAnyUsage(rec, ['KeyAgreement', 'DeriveKey']);
  const hash = kdfHash(p.cryptographicParameters?.hashingAlgorithm);
  const peer = peerKey(ctx, req.uniqueIdentifiers, p);
  const shared = guardCrypto('DeriveKey', () => ecdhSharedSecret(privateKey, peer.key));
  try {
    const key = guardCrypto('DeriveKey', () => hkdfDerive(hash, shared, p.salt ?? NOTHING, NOTHING, bytes));
    return { base: rec.id, key, inputs: [rec], holders: peer.privateHalf === undefined ? undefined : [rec, peer.privateHalf] };
  } finally {
    shared.fill(0);
  }
}

/** The new object's attributes with the protection its inputs pass on, and what its history lets it claim. */
function inheritProtection(attrs: AttributeList, d: Derived): { attributes: TtlvNode[]; origin: NonNullable<NewObjectSpec['origin']> } {
  const sensitive = boolAttribute(attrs, 'Sensitive') === true || d.inputs.some((r) => recordFlag(r, 'Sensitive') === true);
  const extractable = boolAttribute(attrs, 'Extractable') !== false && d.inputs.every((r) => recordFlag(r, 'Extractable') !== false);
  let attributes = [...attrs];
  if (sensitive) attributes = withAttribute(attributes, bool('Sensitive', true));
  if (!extractable) attributes = withAttribute(attributes, bool('Extractable', false));
  const holders = d.holders;
  // newObjectRecord ANDs these with the new Sensitive and not Extractable.
  return {
    attributes,
    origin: {
      alwaysSensitive: holders !== undefined && holders.every((r) => recordFlag(r, 'AlwaysSensitive') === true),
      neverExtractable: holders !== undefined && holders.every((r) => recordFlag(r, 'NeverExtractable') === true),
    },
  };
}

function storeDerived(ctx: OperationContext, req: DeriveKeyRequest, target: Target, uid: string, userTags: readonly string[], d: Derived): DeriveKeyResponse {
  const { key } = d;
  try {
    const { attributes, origin } = inheritProtection(withLink(req.attributes, 'DerivationBaseObjectLink', d.base), d);
    const common = { uid, attributes, userTags, generated: true, origin };
    ctx.store.insert(
      target.objectType === 'SecretData'
        ? secretDataRecord(ctx, { ...common, secret: key, secretDataType: target.secretDataType })
        : symmetricKeyRecord(ctx, { ...common, key, algorithm: target.algorithm }),
    );
  } finally {
    key.fill(0);
  }
  return { uniqueIdentifier: uid };
}

/** Derives and stores the new object; returns its identifier (later, for PBKDF2). */
export function deriveKey(ctx: OperationContext, req: DeriveKeyRequest): MaybePromise<DeriveKeyResponse> {
  const target = targetOf(req);
  const tags = checkUserTags(tagsOf(req.attributes) ?? []);
  // The actor runs nothing else until this request is done, so the identifier is still free when the key is stored.
  const uid = newIdentifier(ctx, requestedIdentifier(req.attributes));
  let derived: MaybePromise<Derived>;
  switch (req.derivationMethod) {
    case 'PBKDF2':
    case 'HKDF':
      derived = passwordKdf(ctx, req, target.bytes);
      break;
    case 'AsymmetricKey':
      derived = keyAgreement(ctx, req, target.bytes);
      break;
    default:
      throw new KmipError('Feature_Not_Supported', `DerivationMethod ${req.derivationMethod} is not supported (supported: PBKDF2, HKDF, AsymmetricKey)`);
  }
  return mapMaybe(derived, (d) => storeDerived(ctx, req, target, uid, tags, d));
}
