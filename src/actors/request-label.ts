/**
 * What a request is counted as in the server's metrics, read from the audit records its actor
 * wrote anyway (they are kept whether or not an audit log is): the operation label and, for a
 * batch answered with failed items, the first failure's reason. Only names from fixed lists
 * come out, never anything a client chose.
 * @module
 */
import { isOperationName } from '../kmip/enums.js';
import { isResultReason, type ResultReason } from '../kmip/kmip-error.js';
import type { AuditRecord, RequestKind, RequestLabel } from '../protocol/messages.js';

// Records of a KMIP request's preamble (decoding the body or the Message header), not of an operation.
const PREAMBLE = new Set(['kmip', 'kmip-binary', 'Message']);

/**
 * The operation of a KMIP request (`Batch` for a Message of different operations; `kmip` when
 * none could be read or the name is not an operation), else the request kind.
 */
export function requestLabel(kind: RequestKind, audit: readonly AuditRecord[]): RequestLabel {
  if (kind !== 'kmip' && kind !== 'kmip-binary') return kind;
  let label: string | null = null;
  for (const r of audit) {
    if (PREAMBLE.has(r.operation)) continue;
    const name = isOperationName(r.operation) ? r.operation : 'kmip';
    if (label === null) label = name;
    else if (label !== name) return 'Batch';
  }
  return label ?? 'kmip';
}

/** The reason of the first failed operation of an answered KMIP request (a batch's), if any failed. */
export function firstFailure(kind: RequestKind, audit: readonly AuditRecord[]): ResultReason | undefined {
  if (kind !== 'kmip' && kind !== 'kmip-binary') return undefined;
  for (const r of audit) {
    if (r.result !== 'Success') return isResultReason(r.result) ? r.result : 'General_Failure';
  }
  return undefined;
}
