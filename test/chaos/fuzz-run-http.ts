/**
 * The HTTP half of the fuzz run: keep-alive workers sending generated requests, each answer
 * checked against what its case allows.
 * @module
 */
import { parseJsonTtlv } from '../../src/kmip/ttlv/json.js';
import { NoAnswerError, RawHttpConnection, sendOnce, type RawAnswer } from './fuzz-http.js';
import { nextHttpCase, type FuzzTarget, type HttpCase } from './fuzz-http-cases.js';
import { seededChooser } from './fuzz-mutate.js';
import { longFromActor, KNOWN, take, type Budget, type Tally } from './fuzz-tally.js';

// "Reason: message": a short label, a colon, then words.
const ERROR_BODY = /^[A-Za-z_ ]{1,40}: \S/;

/** What is wrong with an answer (prefixed KNOWN for a known cause), or null when the case allows it. */
export function httpProblem(k: HttpCase, a: RawAnswer, t: FuzzTarget): string | null {
  if (a.status === 0) return k.mayClose ? null : 'the connection closed without an answer';
  if ([...k.echo, ...t.forbidden].some((s) => s.length >= 12 && a.body.includes(s))) return 'the answer repeats a secret';
  if (a.status === 200) {
    if (!k.mayAccept) return 'a malformed request was served';
    try {
      parseJsonTtlv(a.body);
    } catch {
      return 'a 200 whose body is not JSON TTLV';
    }
    return null;
  }
  if (a.status < 400 || a.status > 599) return 'not an error status';
  if (a.status === 500) return `an unexpected server error: ${a.body.slice(0, 200)}`;
  if (a.body.length > 1024) return `${longFromActor(a.body.slice(0, a.body.indexOf(':'))) ? KNOWN : ''}an error body of ${a.body.length} characters: ${a.body.slice(0, 150)}`;
  if (a.body.includes('    at ')) return 'a stack trace in the body';
  if (a.body === '') return null;
  if (!(a.headers.get('content-type') ?? '').startsWith('text/plain')) return `an error body of type ${a.headers.get('content-type') ?? 'none'}`;
  return ERROR_BODY.test(a.body) ? null : `an unclear error body ${JSON.stringify(a.body.slice(0, 160))}`;
}

function record(k: HttpCase, a: RawAnswer | Error, t: FuzzTarget, tally: Tally): void {
  if (a instanceof Error) {
    tally.answer(k.kind, a instanceof NoAnswerError ? 'http no answer' : 'http unreadable');
    tally.fail(k.kind, String(a));
    return;
  }
  tally.answer(k.kind, a.status === 0 ? 'http closed' : `http ${a.status}`);
  const why = httpProblem(k, a, t);
  if (why?.startsWith(KNOWN) === true) tally.knownIssue(k.kind, `HTTP ${a.status}: ${why.slice(KNOWN.length)}`);
  else if (why !== null) tally.fail(k.kind, `HTTP ${a.status}: ${why}`);
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));

/**
 * Runs `connections` keep-alive workers until the budget is spent. A request sent on a connection of
 * its own is left running in the background (up to `oneShots` at once): uWS answers some garbage
 * only by dropping the connection at its idle timeout, seconds later, and the workers go on meanwhile.
 */
export async function runHttp(t: FuzzTarget, tally: Tally, budget: Budget, o: { readonly connections: number; readonly oneShots: number; readonly seed: number; readonly timeoutMs: number }): Promise<void> {
  const background = new Set<Promise<void>>();
  const worker = async (i: number): Promise<void> => {
    const c = seededChooser(o.seed + i * 7_919);
    const conn = new RawHttpConnection(t.port, o.timeoutMs);
    try {
      while (take(budget)) {
        const k = nextHttpCase(c, t);
        tally.send(k.kind);
        if (k.oneShot) {
          while (background.size >= o.oneShots) await Promise.race(background);
          const p: Promise<void> = sendOnce(t.port, k.bytes, o.timeoutMs, k.expectBody).then(
            (a) => { record(k, a, t, tally); },
            (err: unknown) => { record(k, asError(err), t, tally); },
          ).finally(() => { background.delete(p); });
          background.add(p);
          continue;
        }
        let a: RawAnswer | Error;
        try {
          a = await conn.send(k.bytes, k.expectBody);
        } catch (err) {
          a = asError(err);
        }
        record(k, a, t, tally);
      }
    } finally {
      conn.close();
    }
  };
  await Promise.all(Array.from({ length: o.connections }, (_, i) => worker(i)));
  await Promise.all(background);
}
