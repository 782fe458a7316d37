/**
 * `kms access-rights grant|revoke|list|owned|obtained`: who may do what with an object, through
 * the server's /access endpoints (only an object's owner grants, revokes and lists).
 * @module
 */
import { reqPositional } from '../args.js';
import { usageError } from '../cli-error.js';
import type { CommandSpec, ParsedArgs } from '../command.js';

const OPERATIONS_HELP =
  'operation types: get, export, getattributes, setattribute, encrypt, decrypt, sign, signatureverify, mac, macverify, derivekey, rekey, activate, revoke, destroy (also create, import, locate, certify, validate)';

const CHANGE_POSITIONALS = [
  { name: 'USER', description: 'the user the rights are for (`*` for everyone)', required: true },
  { name: 'OBJECT_ID', description: 'the unique identifier of an object you own', required: true },
  { name: 'OPERATION', description: OPERATIONS_HELP, required: true, variadic: true },
] as const;

/** The user, object and operations of a grant or revoke line; operation names are case-insensitive. */
function change(args: ParsedArgs): { userId: string; uniqueIdentifier: string; operations: string[] } {
  const userId = reqPositional(args, 0, 'USER');
  const uniqueIdentifier = reqPositional(args, 1, 'OBJECT_ID');
  const operations = [...new Set(args.positionals.slice(2).map((o) => o.trim().toLowerCase()))];
  if (operations.length === 0 || operations.includes('')) throw usageError('name at least one operation type');
  return { userId, uniqueIdentifier, operations };
}

/** The commands. */
export const ACCESS_RIGHTS_COMMANDS: readonly CommandSpec[] = [
  {
    path: ['access-rights', 'grant'],
    summary: 'let a user run operations on an object you own',
    positionals: CHANGE_POSITIONALS,
    examples: ['kms access-rights grant bob@example.com 0f6a1c2e-... get encrypt decrypt'],
    async run(ctx, args) {
      const c = change(args);
      const message = await ctx.rest().grantAccess(c);
      return {
        text: `${message}\n  Object:     ${c.uniqueIdentifier}\n  Operations: ${c.operations.join(', ')}`,
        json: { unique_identifier: c.uniqueIdentifier, user_id: c.userId, operations: c.operations, message },
      };
    },
  },
  {
    path: ['access-rights', 'revoke'],
    summary: 'take back operations granted to a user on an object you own',
    positionals: CHANGE_POSITIONALS,
    examples: ['kms access-rights revoke bob@example.com 0f6a1c2e-... encrypt'],
    async run(ctx, args) {
      const c = change(args);
      const message = await ctx.rest().revokeAccess(c);
      return {
        text: `${message}\n  Object:     ${c.uniqueIdentifier}\n  Operations: ${c.operations.join(', ')}`,
        json: { unique_identifier: c.uniqueIdentifier, user_id: c.userId, operations: c.operations, message },
      };
    },
  },
  {
    path: ['access-rights', 'list'],
    summary: 'list who holds which rights on an object you own',
    positionals: [{ name: 'OBJECT_ID', description: 'the unique identifier of an object you own', required: true }],
    async run(ctx, args) {
      const id = reqPositional(args, 0, 'OBJECT_ID');
      const grants = await ctx.rest().listAccess(id);
      const width = Math.max(0, ...grants.map((g) => g.userId.length));
      return {
        text: grants.length === 0 ? `No one else holds rights on ${id}.` : grants.map((g) => `${g.userId.padEnd(width)}  ${g.operations.join(', ')}`).join('\n'),
        json: grants.map((g) => ({ user_id: g.userId, operations: g.operations })),
      };
    },
  },
  {
    path: ['access-rights', 'owned'],
    summary: 'list the objects you own',
    async run(ctx) {
      const owned = await ctx.rest().ownedObjects();
      const width = Math.max(0, ...owned.map((o) => o.objectId.length));
      return {
        text: owned.length === 0 ? 'You own no objects.' : owned.map((o) => `${o.objectId.padEnd(width)}  ${o.state}${o.isWrapped ? '  (wrapped)' : ''}`).join('\n'),
        json: owned.map((o) => ({ object_id: o.objectId, state: o.state, is_wrapped: o.isWrapped })),
      };
    },
  },
  {
    path: ['access-rights', 'obtained'],
    summary: 'list the objects others granted you rights on',
    async run(ctx) {
      const obtained = await ctx.rest().obtainedAccess();
      const width = Math.max(0, ...obtained.map((o) => o.objectId.length));
      return {
        text:
          obtained.length === 0
            ? 'No one granted you rights on their objects.'
            : obtained.map((o) => `${o.objectId.padEnd(width)}  ${o.state}  owner ${o.ownerId}: ${o.operations.join(', ')}`).join('\n'),
        json: obtained.map((o) => ({ object_id: o.objectId, owner_id: o.ownerId, state: o.state, operations: o.operations })),
      };
    },
  },
];
