/**
 * Releases a session's answers in the order their requests arrived, whatever order they finish in
 * (an immediate refusal must not overtake an earlier request still running).
 * @module
 */

/** An answer frame ready to send. */
export interface Answer {
  readonly frame: string | Uint8Array;
  readonly binary: boolean;
}

/** Tickets in arrival order; answers held until every earlier ticket is answered. */
export class AnswerOrder {
  #issued = 0;
  #next = 0;
  readonly #held = new Map<number, Answer>();

  /** A ticket for a request that just arrived. */
  ticket(): number {
    return this.#issued++;
  }

  /** Records the answer of a ticket; returns the answers that may now leave, in order. */
  complete(ticket: number, answer: Answer): Answer[] {
    this.#held.set(ticket, answer);
    const out: Answer[] = [];
    for (let a = this.#held.get(this.#next); a !== undefined; a = this.#held.get(this.#next)) {
      this.#held.delete(this.#next);
      this.#next++;
      out.push(a);
    }
    return out;
  }
}
