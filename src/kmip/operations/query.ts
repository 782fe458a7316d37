/**
 * Query: request and response codecs, server and client halves. Repeated response fields are written as repeated
 * direct children, as KMIP 2.1 lays them out.
 * @module
 */
import { KmipError } from '../kmip-error.js';
import { enumeration, opt, struct, text } from '../ttlv/build.js';
import { childrenNamed, expectTag, listItems, optText } from '../ttlv/read.js';
import { OBJECT_TYPES, type ObjectType } from '../enums.js';
import type { TtlvNode, TtlvStructure } from '../ttlv/node.js';

/** QueryFunction names (KMIP 2.1). */
export const QUERY_FUNCTIONS = [
  'QueryOperations', 'QueryObjects', 'QueryServerInformation', 'QueryApplicationNamespaces', 'QueryExtensionList',
  'QueryExtensionMap', 'QueryAttestationTypes', 'QueryRNGs', 'QueryValidations', 'QueryProfiles', 'QueryCapabilities',
  'QueryClientRegistrationMethods', 'QueryDefaultsInformation', 'QueryStorageProtectionMasks',
] as const;
/** A QueryFunction. */
export type QueryFunction = (typeof QUERY_FUNCTIONS)[number];

function isQueryFunction(name: string): name is QueryFunction {
  return (QUERY_FUNCTIONS as readonly string[]).includes(name);
}

/** A decoded Query request: the functions asked for, duplicates removed, in request order. */
export interface QueryRequest {
  readonly functions: readonly QueryFunction[];
}

/** Reads a Query request payload (QueryFunction items as a Cosmian list or repeated children). */
export function decodeQuery(s: TtlvStructure): QueryRequest {
  const functions = new Set<QueryFunction>();
  for (const item of listItems(s, 'QueryFunction')) {
    if (item.type !== 'Enumeration') throw new KmipError('Invalid_Message', `${s.tag}: QueryFunction must be an Enumeration, got ${item.type}`);
    if (typeof item.value === 'number') throw new KmipError('Invalid_Message', `${s.tag}: QueryFunction must be given by name, not by number`);
    const name = item.value;
    if (!isQueryFunction(name)) {
      // Clipped: the message must not hand a client back an arbitrarily large value.
      const shown = name.length > 64 ? `${name.slice(0, 64)}...` : name;
      throw new KmipError('Invalid_Field', `${s.tag}: QueryFunction "${shown}" is not one of ${QUERY_FUNCTIONS.join(', ')}`);
    }
    functions.add(name);
  }
  return { functions: [...functions] };
}

/** What the server tells about itself; empty lists and absent values are left out of the response. */
export interface QueryResponse {
  readonly operations: readonly string[];
  readonly objectTypes: readonly ObjectType[];
  readonly vendorIdentification: string | undefined;
}

/** Writes a QueryResponse, fields in KMIP 2.1 order. */
export function encodeQueryResponse(r: QueryResponse): TtlvNode {
  return struct('QueryResponse', [
    ...r.operations.map((op) => enumeration('Operation', op)),
    ...r.objectTypes.map((t) => enumeration('ObjectType', t)),
    opt(r.vendorIdentification, (v) => text('VendorIdentification', v)),
  ]);
}

/** Writes a Query request payload: one QueryFunction child per function asked for. */
export function encodeQueryRequest(r: QueryRequest): TtlvStructure {
  return struct('Query', r.functions.map((f) => enumeration('QueryFunction', f)));
}

function enumNames(s: TtlvStructure, tag: string): string[] {
  return childrenNamed(s, tag).map((n) => {
    if (n.type !== 'Enumeration' || typeof n.value !== 'string') throw new KmipError('Invalid_Message', `${s.tag}: ${tag} must be an Enumeration given by name`);
    return n.value;
  });
}

function isObjectType(name: string): name is ObjectType {
  return (OBJECT_TYPES as readonly string[]).includes(name);
}

/** Reads a QueryResponse; fields this client does not model are skipped. */
export function decodeQueryResponse(s: TtlvStructure): QueryResponse {
  expectTag(s, 'QueryResponse');
  const objectTypes = enumNames(s, 'ObjectType').map((t) => {
    if (!isObjectType(t)) throw new KmipError('Invalid_Message', `${s.tag}: an ObjectType is not one of ${OBJECT_TYPES.join(', ')}`);
    return t;
  });
  return { operations: enumNames(s, 'Operation'), objectTypes, vendorIdentification: optText(s, 'VendorIdentification') };
}
