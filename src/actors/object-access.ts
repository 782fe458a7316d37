/**
 * Finding the object a request names: by identifier or by a JSON array of tags, visible only to
 * its owner and to users granted the operation's right (see access-rules.ts), and only in the
 * states the operation allows. Anything else looks "not found".
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { shown } from '../kmip/client-text.js';
import { MAX_TAGS } from '../kmip/attributes.js';
import { holdsRight, rightsSatisfying, type AccessRight } from './access-rules.js';
import type { ObjectRecord, ObjectState } from '../storage/object-record.js';
import type { OperationContext } from './context.js';

/** Every state, for operations that work on revoked and destroyed objects too. */
export const ANY_STATE: readonly ObjectState[] = ['PreActive', 'Active', 'Deactivated', 'Compromised', 'Destroyed', 'Destroyed_Compromised'];

/** Parses a tag selector such as `["_kk","myTag"]`, or returns undefined when the string is a plain identifier. */
export function tagSelector(uid: string): string[] | undefined {
  if (!uid.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(uid);
  } catch {
    throw new KmipError('Invalid_Field', 'a UniqueIdentifier starting with "[" must be a JSON array of tags');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((t): t is string => typeof t === 'string')) {
    throw new KmipError('Invalid_Field', 'a tag selector must be a non-empty JSON array of strings');
  }
  if (parsed.length > MAX_TAGS) throw new KmipError('Invalid_Field', `a tag selector may name at most ${MAX_TAGS} tags`);
  return parsed;
}

/** True when the caller owns the object or holds the right on it (its own grant or the `*` grant). */
export function mayUse(ctx: OperationContext, rec: ObjectRecord, right: AccessRight): boolean {
  // The owner is decided from the record already read: owners pay no grant query.
  return rec.owner === ctx.user || holdsRight(ctx.store.rightsOf(rec.id, ctx.user), right);
}

/** Resolves an identifier or tag selector to the single object the caller may use for `right`, or throws Item_Not_Found. */
export function resolveObject(ctx: OperationContext, uid: string, states: readonly ObjectState[], right: AccessRight): ObjectRecord {
  const tags = tagSelector(uid);
  if (tags !== undefined) {
    const ids = ctx.store.find({ tags, visibleTo: ctx.user, rights: rightsSatisfying(right), states, limit: 2 });
    if (ids.length === 0) throw new KmipError('Item_Not_Found', `no object carries all the tags ${uid}`);
    if (ids.length > 1) throw new KmipError('Invalid_Field', `more than one object carries all the tags ${uid}; use its identifier`);
    uid = ids[0] ?? '';
  }
  const rec = ctx.store.get(uid);
  if (rec === undefined || !states.includes(rec.state) || !mayUse(ctx, rec, right)) {
    throw new KmipError('Item_Not_Found', `no object with identifier ${shown(uid)} is available for this operation`);
  }
  return rec;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** Checks an identifier a client chose for a new object. */
export function checkNewIdentifier(uid: string): string {
  if (uid.length === 0 || uid.length > 255) throw new KmipError('Invalid_Field', 'a UniqueIdentifier must be 1 to 255 characters');
  if (uid.startsWith('[')) throw new KmipError('Invalid_Field', 'a UniqueIdentifier must not start with "[" (reserved for tag selectors)');
  // Control characters have no business in a name and could forge composite keys or log lines.
  if (hasControlCharacter(uid)) throw new KmipError('Invalid_Field', 'a UniqueIdentifier must not contain control characters (U+0000 to U+001F, U+007F)');
  return uid;
}
