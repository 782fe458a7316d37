/**
 * Audit records: what each request did, one record per KMIP operation (per batch item) or per
 * other request. Only names, identifiers and results go in: never key material, secrets or data.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { KmsError } from '../protocol/wire-error.js';
import { child } from '../kmip/ttlv/read.js';
import type { AuditRecord } from '../protocol/messages.js';
import type { TtlvNode } from '../kmip/ttlv/node.js';
import type { MaybePromise } from '../lib/maybe-async.js';

// A client may send a huge identifier or tag; the log needs only enough to recognise it.
const MAX_FIELD = 256;

// These name no object, or many (Locate's answer lists every match).
const NO_OBJECT: ReadonlySet<string> = new Set(['Locate', 'Query', 'DiscoverVersions', 'Hash', 'RNGRetrieve']);
const ID_TAGS = ['UniqueIdentifier', 'PrivateKeyUniqueIdentifier'];

function clip(s: string): string {
  return s.length > MAX_FIELD ? `${s.slice(0, MAX_FIELD)}...` : s;
}

/** One audit record (identifiers and operation names clipped to a sane length). */
export function auditRecord(operation: string, objectId: string | null, result: string): AuditRecord {
  return { operation: clip(operation), objectId: objectId === null ? null : clip(objectId), result };
}

/** The result a failure is recorded with: its KMIP reason, else its error code. */
export function failureResult(err: unknown): string {
  if (err instanceof KmipError) return err.reason;
  if (err instanceof KmsError) return err.reason ?? err.code;
  return 'General_Failure';
}

function idIn(node: TtlvNode | undefined): string | null {
  if (node?.type !== 'Structure') return null;
  for (const tag of ID_TAGS) {
    const id = child(node, tag);
    if (id?.type === 'TextString') return id.value;
  }
  return null;
}

/**
 * The object an operation acted on: on success the identifier its response names (the created
 * object, for Create-like operations), else the one its request named; null when there is none.
 */
export function operationObjectId(operation: string, request: TtlvNode | undefined, response?: TtlvNode): string | null {
  if (NO_OBJECT.has(operation)) return null;
  return idIn(response) ?? idIn(request);
}

/** Runs fn and calls onDone with its result or onFailed with its error, whether it finishes now or later. */
export function observe<T>(fn: () => MaybePromise<T>, onDone: (v: T) => void, onFailed: (err: unknown) => void): MaybePromise<T> {
  let out: MaybePromise<T>;
  try {
    out = fn();
  } catch (err) {
    onFailed(err);
    throw err;
  }
  if (!(out instanceof Promise)) {
    onDone(out);
    return out;
  }
  return out.then(
    (v) => {
      onDone(v);
      return v;
    },
    (err: unknown) => {
      onFailed(err);
      throw err;
    },
  );
}
