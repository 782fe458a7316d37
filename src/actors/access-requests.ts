/**
 * The access-management requests behind Cosmian's /access endpoints: grant, revoke, list an
 * object's grants (owner only) and list what others granted the caller. Bodies and texts are
 * Cosmian 4.19's; an owner check fails with code UNAUTHORIZED (401 `Access denied: ...`).
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { KmsError } from '../protocol/wire-error.js';
import { isAccessRight, type AccessRight } from './access-rules.js';
import type { ObjectRecord } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A grant or revoke request body, checked. */
export interface AccessRequest {
  readonly uniqueIdentifier: string;
  readonly userId: string;
  readonly operations: readonly AccessRight[];
}

function text(body: Uint8Array, what: string): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new KmipError('Invalid_Message', `${what} is not valid UTF-8`);
  }
}

/** Parses `{"unique_identifier","user_id","operation_types":[...]}`; anything else is Invalid_Message/Invalid_Field. */
export function parseAccessRequest(body: Uint8Array): AccessRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text(body, 'the access request'));
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw new KmipError('Invalid_Message', 'the access request is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new KmipError('Invalid_Message', 'the access request must be a JSON object with unique_identifier, user_id and operation_types');
  }
  const o = parsed as Record<string, unknown>;
  const uid = o['unique_identifier'];
  const user = o['user_id'];
  const ops = o['operation_types'];
  if (typeof uid !== 'string' || uid === '') throw new KmipError('Invalid_Field', 'unique_identifier must be a non-empty string');
  if (typeof user !== 'string' || user === '') throw new KmipError('Invalid_Field', 'user_id must be a non-empty string');
  if (!Array.isArray(ops) || ops.length === 0) throw new KmipError('Invalid_Field', 'operation_types must be a non-empty array');
  const operations = ops.map((op: unknown): AccessRight => {
    if (typeof op !== 'string' || !isAccessRight(op)) throw new KmipError('Invalid_Field', `unknown operation type ${JSON.stringify(op)}`);
    return op;
  });
  return { uniqueIdentifier: uid, userId: user, operations: [...new Set(operations)] };
}

/** The object, if the caller owns it; an unknown id gets the same answer as someone else's object. */
function ownedObject(ctx: OperationContext, uid: string): ObjectRecord {
  const rec = ctx.store.get(uid);
  if (rec?.owner !== ctx.user) throw new KmsError('UNAUTHORIZED', `Object with uid \`${uid}\` is not owned by owner \`${ctx.user}\``);
  return rec;
}

/** Grants the operations; answers `{"success":"Access for <user> successfully added"}`. */
export function grantAccess(ctx: OperationContext, req: AccessRequest): unknown {
  const rec = ownedObject(ctx, req.uniqueIdentifier);
  if (req.userId === ctx.user) throw new KmsError('UNAUTHORIZED', "You can't grant yourself, you have already all rights on your own objects");
  ctx.store.grant(rec.id, req.userId, req.operations);
  return { success: `Access for ${req.userId} successfully added` };
}

/** Revokes the operations; answers `{"success":"Access for <user> successfully deleted"}`. */
export function revokeAccess(ctx: OperationContext, req: AccessRequest): unknown {
  const rec = ownedObject(ctx, req.uniqueIdentifier);
  if (req.userId === ctx.user) throw new KmsError('UNAUTHORIZED', "You can't revoke yourself, you should keep all rights on your own objects");
  ctx.store.revokeGrant(rec.id, req.userId, req.operations);
  return { success: `Access for ${req.userId} successfully deleted` };
}

/** The object id a list-access body names (UTF-8). */
export function parseObjectId(body: Uint8Array): string {
  return text(body, 'the object identifier');
}

/** An owned object's grants: `[{"user_id","operations":[...]}]`. */
export function listAccess(ctx: OperationContext, uid: string): unknown {
  const rec = ownedObject(ctx, uid);
  return ctx.store.grantsOf(rec.id).map((g) => ({ user_id: g.user, operations: g.operations }));
}

/** What others granted the caller: `[{"object_id","owner_id","state","operations":[...]}]`. */
export function obtainedAccess(ctx: OperationContext): unknown {
  return ctx.store.obtainedBy(ctx.user).map((a) => ({ object_id: a.id, owner_id: a.owner, state: a.state, operations: a.operations }));
}
