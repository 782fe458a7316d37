/**
 * DeriveKey: a new SymmetricKey or SecretData derived from objects the caller owns, by PBKDF2 or
 * HKDF over a symmetric key or secret data, or by key agreement (DerivationMethod AsymmetricKey,
 * since KMIP 2.1 names no ECDH method): ECDH/X25519 between our private key and a peer public key,
 * the shared secret then run through HKDF (salt = Salt or empty, empty info) so the new key is
 * uniform whatever the curve. The new object links back to its base (DerivationBaseObjectLink).
 * @module
 */
import { KmipError } from '../../kmip/kmip-error.js';
import { checkUserTags, enumAttribute, intAttribute, tagsOf, type AttributeList } from '../../kmip/attributes.js';
import { decodeKeyBlock } from '../../kmip/key-block.js';
import { withLink } from '../../kmip/links.js';
import { parseJsonTtlv } from '../../kmip/ttlv/json.js';
import { asStructure } from '../../kmip/ttlv/read.js';
import { SECRET_DATA_TYPES, USAGE, type SecretDataType, type Usage } from '../../kmip/enums.js';
import { ecdhSharedSecret, hkdfDerive, pbkdf2Derive } from '../../crypto/kdf.js';
import { describeKey, publicKeyFromDer } from '../../crypto/key-formats.js';
import { resolveObject } from '../object-access.js';
import { storedAttributes, symmetricKeyOf } from '../stored-object.js';
import { requireUsage } from '../usage.js';
import { privateKeyOfRecord, publicKeyOfRecord } from '../asymmetric-keys.js';
import { guardCrypto } from '../crypto-failures.js';
import { kdfHash } from '../hash-names.js';
import { newIdentifier, requestedIdentifier } from '../new-object.js';
import { secretDataRecord, symmetricKeyRecord } from '../symmetric-key-record.js';
import { checkSymmetricKey, HMAC_ALGORITHMS } from '../symmetric-algorithms.js';
import type { KeyObject } from 'node:crypto';
import type { DerivationParameters, DeriveKeyRequest, DeriveKeyResponse } from '../../kmip/operations/derive-key.js';
import type { ObjectRecord } from '../../storage/object-record.js';
import type { OperationContext } from '../context.js';

const MAX_SECRET_BITS = 8192;
const MAX_ITERATIONS = 10_000_000;
const NOTHING = new Uint8Array(0);

/** What the new object will be: its type, algorithm (keys only) and size. */
type Target =
  | { readonly objectType: 'SymmetricKey'; readonly algorithm: string; readonly bytes: number }
  | { readonly objectType: 'SecretData'; readonly bytes: number };

// Lengths default as Create's do, so a derived key and a created one of the same request agree.
function targetOf(req: DeriveKeyRequest): Target {
  const attrs = req.attributes;
  const algorithm = enumAttribute(attrs, 'CryptographicAlgorithm');
  if (req.objectType === 'SecretData') {
    const bits = intAttribute(attrs, 'CryptographicLength') ?? 256;
    if (bits % 8 !== 0 || bits < 8 || bits > MAX_SECRET_BITS) {
      throw new KmipError('Invalid_Attribute_Value', `derived secret data is whole bytes up to ${MAX_SECRET_BITS} bits, not ${bits}`);
    }
    return { objectType: 'SecretData', bytes: bits / 8 };
  }
  if (req.objectType !== 'SymmetricKey') throw new KmipError('Invalid_Field', `DeriveKey makes SymmetricKey or SecretData objects, not ${req.objectType}`);
  const hmacBits = algorithm === 'HMACSHA384' ? 384 : algorithm === 'HMACSHA512' ? 512 : 256;
  const bits = intAttribute(attrs, 'CryptographicLength') ?? (algorithm !== undefined && algorithm in HMAC_ALGORITHMS ? hmacBits : 256);
  return { objectType: 'SymmetricKey', algorithm: checkSymmetricKey(algorithm, bits), bytes: bits / 8 };
}

function secretDataTypeOf(attrs: AttributeList): SecretDataType {
  const asked = enumAttribute(attrs, 'SecretDataType') ?? 'Seed';
  if (!(SECRET_DATA_TYPES as readonly string[]).includes(asked)) throw new KmipError('Invalid_Attribute_Value', `unknown SecretDataType ${asked}`);
  return asked as SecretDataType;
}

function requireAnyUsage(rec: ObjectRecord, uses: readonly Usage[]): void {
  const mask = intAttribute(storedAttributes(rec), 'CryptographicUsageMask') ?? 0;
  const wanted = uses.reduce<number>((m, u) => m | USAGE[u], USAGE.Unrestricted);
  if ((mask & wanted) === 0) throw new KmipError('Incompatible_Cryptographic_Usage_Mask', `the usage mask of ${rec.id} allows neither ${uses.join(' nor ')}`);
}

function refuse(present: unknown, field: string, method: string): void {
  if (present !== undefined) throw new KmipError('Invalid_Field', `${method} takes no ${field}`);
}

/** The bytes of a SymmetricKey or SecretData base object (the caller checked which), in a buffer the caller wipes. */
function secretOf(ctx: OperationContext, rec: ObjectRecord): Uint8Array {
  if (rec.objectType === 'SymmetricKey') return symmetricKeyOf(ctx, rec);
  const block = decodeKeyBlock(asStructure(parseJsonTtlv(rec.object), 'stored object'));
  if (block.material.kind !== 'bytes') throw new KmipError('Invalid_Object_Type', `object ${rec.id} holds no usable secret`);
  return Uint8Array.from(block.material.bytes);
}

function oneBase(ids: readonly string[], method: string): string {
  const [id, ...rest] = ids;
  if (id === undefined || rest.length > 0) throw new KmipError('Invalid_Message', `${method} derives from exactly one UniqueIdentifier`);
  return id;
}

function passwordKdf(ctx: OperationContext, req: DeriveKeyRequest, bytes: number): { base: string; key: Uint8Array } {
  const p = req.parameters;
  const method = req.derivationMethod;
  const rec = resolveObject(ctx, oneBase(req.uniqueIdentifiers, method), ['Active']);
  if (rec.objectType !== 'SymmetricKey' && rec.objectType !== 'SecretData') {
    throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; ${method} derives from a SymmetricKey or SecretData`);
  }
  requireUsage(storedAttributes(rec), 'DeriveKey', rec.id);
  const hash = kdfHash(p.cryptographicParameters?.hashingAlgorithm);
  refuse(p.initializationVector, 'InitializationVector', method);
  if (method === 'PBKDF2') {
    refuse(p.derivationData, 'DerivationData', method);
    if (p.salt === undefined) throw new KmipError('Invalid_Message', 'PBKDF2 needs a Salt');
    if (p.iterationCount === undefined) throw new KmipError('Invalid_Message', 'PBKDF2 needs an IterationCount');
    if (p.iterationCount < 1 || p.iterationCount > MAX_ITERATIONS) {
      throw new KmipError('Invalid_Field', `PBKDF2 IterationCount must be from 1 to ${MAX_ITERATIONS}`);
    }
  } else {
    refuse(p.iterationCount, 'IterationCount', method);
  }
  const secret = secretOf(ctx, rec);
  try {
    const key = guardCrypto(method, () =>
      method === 'PBKDF2'
        ? pbkdf2Derive(hash, secret, p.salt ?? NOTHING, p.iterationCount ?? 0, bytes)
        : hkdfDerive(hash, secret, p.salt ?? NOTHING, p.derivationData ?? NOTHING, bytes),
    );
    return { base: rec.id, key };
  } finally {
    secret.fill(0);
  }
}

function peerKey(ctx: OperationContext, ids: readonly string[], p: DerivationParameters): KeyObject {
  const [, peerId, ...rest] = ids;
  if (rest.length > 0) throw new KmipError('Invalid_Message', 'key agreement takes our private key and at most one peer public key');
  if ((peerId === undefined) === (p.derivationData === undefined)) {
    throw new KmipError('Invalid_Message', 'key agreement needs the peer public key as a second UniqueIdentifier or as DerivationData (SPKI DER), not both');
  }
  if (peerId === undefined) {
    const der = p.derivationData ?? NOTHING;
    try {
      return publicKeyFromDer(der, 'spki');
    } catch {
      throw new KmipError('Invalid_Field', 'DerivationData is not a supported SubjectPublicKeyInfo public key');
    }
  }
  const rec = resolveObject(ctx, peerId, ['Active']);
  if (rec.objectType !== 'PublicKey') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; the peer key must be a PublicKey`);
  requireAnyUsage(rec, ['KeyAgreement', 'DeriveKey']);
  return publicKeyOfRecord(rec);
}

function keyAgreement(ctx: OperationContext, req: DeriveKeyRequest, bytes: number): { base: string; key: Uint8Array } {
  const p = req.parameters;
  refuse(p.initializationVector, 'InitializationVector', 'key agreement');
  refuse(p.iterationCount, 'IterationCount', 'key agreement');
  const rec = resolveObject(ctx, req.uniqueIdentifiers[0] ?? '', ['Active']);
  if (rec.objectType !== 'PrivateKey') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is a ${rec.objectType}; key agreement starts from a PrivateKey`);
  const privateKey = privateKeyOfRecord(rec);
  const kind = guardCrypto('DeriveKey', () => describeKey(privateKey)).kind;
  if (kind !== 'ec' && kind !== 'x25519') throw new KmipError('Invalid_Object_Type', `object ${rec.id} is an ${kind === 'rsa' ? 'RSA' : 'Ed25519'} key, which cannot agree on keys`);
  requireAnyUsage(rec, ['KeyAgreement', 'DeriveKey']);
  const hash = kdfHash(p.cryptographicParameters?.hashingAlgorithm);
  const peer = peerKey(ctx, req.uniqueIdentifiers, p);
  const shared = guardCrypto('DeriveKey', () => ecdhSharedSecret(privateKey, peer));
  try {
    return { base: rec.id, key: guardCrypto('DeriveKey', () => hkdfDerive(hash, shared, p.salt ?? NOTHING, NOTHING, bytes)) };
  } finally {
    shared.fill(0);
  }
}

/** Derives and stores the new object; returns its identifier. */
export function deriveKey(ctx: OperationContext, req: DeriveKeyRequest): DeriveKeyResponse {
  const target = targetOf(req);
  const attrs = req.attributes;
  const tags = checkUserTags(tagsOf(attrs) ?? []);
  const uid = newIdentifier(ctx, requestedIdentifier(attrs));
  let derived: { base: string; key: Uint8Array };
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
  const { base, key } = derived;
  try {
    const attributes = withLink(attrs, 'DerivationBaseObjectLink', base);
    ctx.store.insert(
      target.objectType === 'SecretData'
        ? secretDataRecord(ctx, { uid, secret: key, secretDataType: secretDataTypeOf(attrs), attributes, userTags: tags, generated: true })
        : symmetricKeyRecord(ctx, { uid, key, algorithm: target.algorithm, attributes, userTags: tags, generated: true }),
    );
  } finally {
    key.fill(0);
  }
  return { uniqueIdentifier: uid };
}
