/**
 * Counts of a fuzz run: requests sent per kind, answers per outcome, and the broken expectations
 * (the first few kept in full for the failure message).
 * @module
 */

import { isResultReason } from '../../src/kmip/kmip-error.js';

const KEPT_FAILURES = 20;

/** Marks a broken expectation whose cause is known and reported. */
export const KNOWN = 'known: ';

/**
 * Known and reported: the actor repeats client strings whole in some KMIP errors (an unknown
 * operation name in src/actors/actor.ts, a missing identifier in object-access.ts, an algorithm in
 * asymmetric-keys.ts), so a long tag or value comes back long. True for a long error whose reason
 * is a KMIP result reason (the actor's); the KMIP decoders' own errors are held to 1024 characters
 * by the property tests.
 */
export function longFromActor(reason: string): boolean {
  return isResultReason(reason);
}

/** Requests left to send, shared by every worker of a run. */
export interface Budget {
  left: number;
}

/** Takes one request from the budget; false once it is spent. */
export function take(b: Budget): boolean {
  if (b.left <= 0) return false;
  b.left--;
  return true;
}

function bump(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by);
}

function table(m: ReadonlyMap<string, number>): string {
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `  ${k.padEnd(34)} ${n}`).join('\n');
}

/** Running counts of a fuzz run. */
export class Tally {
  readonly sent = new Map<string, number>();
  /** Outcome label (`http 422`, `ws close 1007`, `ws error 422`, ...) to count. */
  readonly answers = new Map<string, number>();
  /** Kind and outcome, for the detail table. */
  readonly byKind = new Map<string, number>();
  readonly failures: string[] = [];
  failureCount = 0;
  /** Broken expectations whose cause is known and reported, by kind. */
  readonly known = new Map<string, number>();
  readonly knownExamples: string[] = [];

  /** Total malformed requests sent. */
  get total(): number {
    let n = 0;
    for (const v of this.sent.values()) n += v;
    return n;
  }

  /** A malformed request of this kind went out. */
  send(kind: string): void {
    bump(this.sent, kind);
  }

  /** Its answer. */
  answer(kind: string, outcome: string): void {
    bump(this.answers, outcome);
    bump(this.byKind, `${kind} -> ${outcome}`);
  }

  /** An expectation broke; `detail` must hold no secret. */
  fail(kind: string, detail: string): void {
    this.failureCount++;
    if (this.failures.length < KEPT_FAILURES) this.failures.push(`${kind}: ${detail.slice(0, 400)}`);
  }

  /** An expectation broke for a known, reported cause; `detail` must hold no secret. */
  knownIssue(kind: string, detail: string): void {
    bump(this.known, kind);
    if (this.knownExamples.length < 3) this.knownExamples.push(`${kind}: ${detail.slice(0, 160)}`);
  }

  /** Total known issues seen. */
  get knownCount(): number {
    let n = 0;
    for (const v of this.known.values()) n += v;
    return n;
  }

  /** The counts as text, for the test log. */
  report(title: string): string {
    return [
      `${title}: ${this.total} malformed requests, ${this.failureCount} broken expectations`,
      'sent by kind:', table(this.sent),
      'answers by outcome:', table(this.answers),
      'answers by kind:', table(this.byKind),
      ...(this.known.size === 0 ? [] : ['known issues by kind:', table(this.known), ...this.knownExamples.map((f) => `  e.g. ${f}`)]),
      ...(this.failures.length === 0 ? [] : ['first failures:', ...this.failures.map((f) => `  ${f}`)]),
    ].join('\n');
  }
}
