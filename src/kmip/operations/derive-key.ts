/**
 * DeriveKey: request and response codecs, server and client halves. The base objects come as repeated
 * UniqueIdentifier fields or in Cosmian's list form; both are read.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { attributeListOf, type AttributeList } from '../attributes.js';
import { DERIVATION_METHODS, OBJECT_TYPES, type DerivationMethod, type ObjectType } from '../enums.js';
import { bytes, enumeration, int, opt, struct, text } from '../ttlv/build.js';
import { child, expectTag, listItems, optBytes, optStruct, reqEnum, reqStruct, reqText } from '../ttlv/read.js';
import { encodeCryptographicParameters, readCryptographicParameters, type CryptographicParameters } from './cryptographic-parameters.js';
import type { Loose } from '../loose.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** The most base objects one request may name (key agreement needs two; more is never meaningful). */
const MAX_BASE_OBJECTS = 16;

/** The DerivationParameters this server interprets. */
export interface DerivationParameters {
  readonly cryptographicParameters: CryptographicParameters | undefined;
  readonly initializationVector: Uint8Array | undefined;
  readonly derivationData: Uint8Array | undefined;
  readonly salt: Uint8Array | undefined;
  readonly iterationCount: number | undefined;
}

/** A decoded DeriveKey request. */
export interface DeriveKeyRequest {
  readonly objectType: ObjectType;
  readonly uniqueIdentifiers: readonly string[];
  readonly derivationMethod: DerivationMethod;
  readonly parameters: DerivationParameters;
  readonly attributes: AttributeList;
}

/** A DeriveKey response. */
export interface DeriveKeyResponse {
  readonly uniqueIdentifier: string;
}

const NO_PARAMETERS: DerivationParameters = {
  cryptographicParameters: undefined,
  initializationVector: undefined,
  derivationData: undefined,
  salt: undefined,
  iterationCount: undefined,
};

// KMIP types IterationCount as an Integer; a LongInteger is accepted when it fits, as some clients send one.
function iterationCountOf(p: TtlvStructure): number | undefined {
  const c = child(p, 'IterationCount');
  if (c === undefined) return undefined;
  if (c.type === 'Integer') return c.value;
  if (c.type === 'LongInteger' && c.value >= BigInt(Number.MIN_SAFE_INTEGER) && c.value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(c.value);
  throw new KmipError('Invalid_Message', `${p.tag}: IterationCount must be an Integer`);
}

/** Reads a DerivationParameters structure. */
export function decodeDerivationParameters(p: TtlvStructure): DerivationParameters {
  return {
    cryptographicParameters: readCryptographicParameters(p),
    initializationVector: optBytes(p, 'InitializationVector'),
    derivationData: optBytes(p, 'DerivationData'),
    salt: optBytes(p, 'Salt'),
    iterationCount: iterationCountOf(p),
  };
}

function baseIdentifiers(s: TtlvStructure): string[] {
  const ids = listItems(s, 'UniqueIdentifier').map((n) => {
    if (n.type !== 'TextString') throw new KmipError('Invalid_Message', `${s.tag}: each UniqueIdentifier must be a TextString`);
    return n.value;
  });
  if (ids.length === 0) throw new KmipError('Invalid_Message', `${s.tag}: at least one UniqueIdentifier is required`);
  if (ids.length > MAX_BASE_OBJECTS) throw new KmipError('Invalid_Message', `${s.tag}: at most ${MAX_BASE_OBJECTS} UniqueIdentifiers may be given`);
  return ids;
}

/** Reads a DeriveKey request payload (missing DerivationParameters read as empty ones). */
export function decodeDeriveKey(s: TtlvStructure): DeriveKeyRequest {
  const params = optStruct(s, 'DerivationParameters');
  return {
    objectType: reqEnum(s, 'ObjectType', OBJECT_TYPES),
    uniqueIdentifiers: baseIdentifiers(s),
    derivationMethod: reqEnum(s, 'DerivationMethod', DERIVATION_METHODS),
    parameters: params === undefined ? NO_PARAMETERS : decodeDerivationParameters(params),
    attributes: attributeListOf(reqStruct(s, 'Attributes')),
  };
}

/** Writes a DeriveKeyResponse. */
export function encodeDeriveKeyResponse(r: DeriveKeyResponse): TtlvNode {
  return struct('DeriveKeyResponse', [text('UniqueIdentifier', r.uniqueIdentifier)]);
}

/** Writes a DerivationParameters structure (only the fields that are set). */
export function encodeDerivationParameters(p: Loose<DerivationParameters>): TtlvStructure {
  return struct('DerivationParameters', [
    opt(p.cryptographicParameters, encodeCryptographicParameters),
    opt(p.initializationVector, (v) => bytes('InitializationVector', v)),
    opt(p.derivationData, (v) => bytes('DerivationData', v)),
    opt(p.salt, (v) => bytes('Salt', v)),
    opt(p.iterationCount, (v) => int('IterationCount', v)),
  ]);
}

/** Writes a DeriveKey request payload; the base objects are repeated UniqueIdentifier children, as KMIP 2.1 writes them. */
export function encodeDeriveKeyRequest(r: DeriveKeyRequest): TtlvStructure {
  return struct('DeriveKey', [
    enumeration('ObjectType', r.objectType),
    ...r.uniqueIdentifiers.map((id) => text('UniqueIdentifier', id)),
    enumeration('DerivationMethod', r.derivationMethod),
    encodeDerivationParameters(r.parameters),
    struct('Attributes', r.attributes),
  ]);
}

/** Reads a DeriveKeyResponse. */
export function decodeDeriveKeyResponse(s: TtlvStructure): DeriveKeyResponse {
  expectTag(s, 'DeriveKeyResponse');
  return { uniqueIdentifier: reqText(s, 'UniqueIdentifier') };
}
