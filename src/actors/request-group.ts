/**
 * The requests of one actor that share a transaction (group commit), with the answers held back
 * until it commits. Bounded in count and bytes so that the first request's wait stays short.
 * @module
 */
import type { AuditRecord, RequestCommand } from '../protocol/messages.js';

/** At most this many requests share one commit. */
export const MAX_GROUP_REQUESTS = 64;
/** A group also ends once its requests and held answers reach this many bytes. */
export const MAX_GROUP_BYTES = 4 * 1024 * 1024;

/** What a request of the group came to, sent once the group committed. */
export type MemberOutcome = { readonly ok: true; readonly body: Uint8Array } | { readonly ok: false; readonly error: unknown };

/** One request of a group. */
export interface GroupMember {
  readonly cmd: RequestCommand;
  readonly audit: AuditRecord[];
  outcome: MemberOutcome;
  /** It asked for a scrub, which runs after the commit. */
  readonly scrub: boolean;
}

/** The requests of one open transaction, in arrival order. */
export class RequestGroup {
  readonly members: GroupMember[] = [];
  #bytes = 0;
  /** The request of the group waiting for work on another thread; the group ends when it settles. */
  pending: Pick<GroupMember, 'cmd' | 'audit'> | null = null;
  /** Committed, failed or given up: nothing may join it, and a late settlement is ignored. */
  ended = false;

  add(member: GroupMember): void {
    this.members.push(member);
    this.#bytes += member.cmd.body.byteLength + (member.outcome.ok ? member.outcome.body.byteLength : 0);
  }

  /** Whether the group must end now rather than take another request. */
  get full(): boolean {
    return this.members.length >= MAX_GROUP_REQUESTS || this.#bytes >= MAX_GROUP_BYTES;
  }
}
