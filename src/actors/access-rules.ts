/**
 * Who may do what to an object: the one place the authorisation model is written down.
 *
 * - The owner is the user who created, registered, imported or derived the object (ReKey and
 *   ReKeyKeyPair replacements keep the original's owner and grants). The owner may do everything.
 * - Other users act through grants: rows (object, user, operations), user `*` meaning every
 *   user. A right is held through the caller's own row or the `*` row; `get` implies `export`,
 *   `getattributes`, `certify` and `validate` (Cosmian's rule). Only the owner grants, revokes and lists; never to itself.
 * - An object the caller may not use for the operation is "not found", exactly like a missing id;
 *   tag selectors resolve only among objects the caller may use for the operation.
 * - Creating objects is open to anyone, unless privileged users are configured: then only they
 *   may (Permission_Denied). Import with ReplaceExisting replaces only the caller's own object.
 *
 * | Operation                                   | Right on the named object(s)                               |
 * |---------------------------------------------|------------------------------------------------------------|
 * | Get                                         | get; a wrapping key: encrypt; an unwrapping key: decrypt   |
 * |                                             | (a Sensitive key, for a non-owner: only under a trusted key of its owner's) |
 * | Export                                      | export (or get); wrapping/unwrapping keys as for Get       |
 * | GetAttributes, GetAttributeList             | getattributes (or get)                                     |
 * | SetAttribute, AddAttribute, ModifyAttribute, DeleteAttribute | setattribute                              |
 * | Encrypt / Decrypt                           | encrypt / decrypt                                          |
 * | Sign / SignatureVerify                      | sign / signatureverify                                     |
 * | MAC / MACVerify                             | mac / macverify                                            |
 * | DeriveKey                                   | derivekey on the base key, get on a peer public key by id; creates |
 * | ReKey, ReKeyKeyPair                         | rekey (no create privilege needed); the request's attributes obey SetAttribute's rules |
 * | Activate / Revoke / Destroy                 | activate / revoke / destroy; the other half of a key pair only with the same right |
 * | Create, CreateKeyPair, Register, Import     | none; creates (privileged users only, when configured); Import/Register unwrapping key: decrypt |
 * | Certify                                     | certify (or get) on the certified key or renewed certificate, on the issuer's private key, and on its certificate when named; creates |
 * | Validate                                    | validate (or get) on each certificate named by id          |
 * | Locate                                      | none; finds objects the caller owns or holds any grant on  |
 * | Query, DiscoverVersions, Hash, RNGRetrieve  | none; names no object                                      |
 *
 * A grantee never gets more than the owner's key allows: a Sensitive key reaches it only wrapped
 * under a trusted key (see wrapping-trust.ts) belonging to the key's owner, a replacement it makes
 * is no looser than the key it replaces, and the links Revoke and Destroy follow are the server's.
 * Destroy drops the destroyed objects' grants; deleting a row drops them through ON DELETE CASCADE.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import type { OperationName } from '../kmip/enums.js';

/** Operation types a grant may name: Cosmian 4.19's, then ours for operations it lacks. */
export const ACCESS_RIGHTS = [
  'create', 'certify', 'decrypt', 'destroy', 'encrypt', 'export', 'get', 'getattributes', 'import', 'locate', 'revoke', 'rekey', 'validate',
  'sign', 'signatureverify', 'mac', 'macverify', 'derivekey', 'activate', 'setattribute',
] as const;

/** One operation type of a grant. */
export type AccessRight = (typeof ACCESS_RIGHTS)[number];

/** What an operation needs: the right on the object it names (null: none) and whether it creates objects. */
export interface OperationAccess {
  readonly right: AccessRight | null;
  readonly creates: boolean;
}

const uses = (right: AccessRight): OperationAccess => ({ right, creates: false });
const OPEN: OperationAccess = { right: null, creates: false };
const CREATES: OperationAccess = { right: null, creates: true };

/** Every operation's requirement (the table above, as data; handlers pass the same right to resolveObject). */
export const OPERATION_ACCESS: Readonly<Record<OperationName, OperationAccess>> = {
  Create: CREATES,
  CreateKeyPair: CREATES,
  Register: CREATES,
  Import: CREATES,
  DeriveKey: { right: 'derivekey', creates: true },
  Get: uses('get'),
  Export: uses('export'),
  GetAttributes: uses('getattributes'),
  GetAttributeList: uses('getattributes'),
  SetAttribute: uses('setattribute'),
  AddAttribute: uses('setattribute'),
  ModifyAttribute: uses('setattribute'),
  DeleteAttribute: uses('setattribute'),
  Encrypt: uses('encrypt'),
  Decrypt: uses('decrypt'),
  Sign: uses('sign'),
  SignatureVerify: uses('signatureverify'),
  MAC: uses('mac'),
  MACVerify: uses('macverify'),
  ReKey: uses('rekey'),
  ReKeyKeyPair: uses('rekey'),
  Activate: uses('activate'),
  Revoke: uses('revoke'),
  Destroy: uses('destroy'),
  Locate: OPEN,
  Query: OPEN,
  DiscoverVersions: OPEN,
  Hash: OPEN,
  RNGRetrieve: OPEN,
  Certify: { right: 'certify', creates: true },
  // The chain may also be all bytes, naming no object at all.
  Validate: uses('validate'),
};

const RIGHT_SET: ReadonlySet<string> = new Set(ACCESS_RIGHTS);

/** True when the string is an operation type a grant may name. */
export function isAccessRight(value: string): value is AccessRight {
  return RIGHT_SET.has(value);
}

// Rights that `get` implies (Cosmian: reading an object allows exporting, describing, certifying
// from and validating it).
const IMPLIED_BY_GET: ReadonlySet<AccessRight> = new Set(['export', 'getattributes', 'certify', 'validate']);

/** The held operation types that each satisfy the right: itself, and `get` for export, getattributes, certify and validate. */
export function rightsSatisfying(right: AccessRight): AccessRight[] {
  return IMPLIED_BY_GET.has(right) ? [right, 'get'] : [right];
}

/** True when the held operation types include the right (or one implying it). */
export function holdsRight(held: readonly string[], right: AccessRight): boolean {
  return rightsSatisfying(right).some((r) => held.includes(r));
}

/** Refuses an operation that creates objects to a caller outside the configured privileged users. */
export function checkMayCreate(operation: OperationName, user: string, privileged: ReadonlySet<string> | null): void {
  if (privileged === null || !OPERATION_ACCESS[operation].creates || privileged.has(user)) return;
  throw new KmipError('Permission_Denied', `${operation}: only privileged users may create or import objects`);
}
