/**
 * Requests by operation and outcome: `kms_requests_total{operation,outcome,reason}` and
 * `kms_request_duration_seconds{operation,outcome}`. Outcomes: `success`; `failure`, a KMIP
 * result failure (reason: the KMIP result reason; for a batch, its first failed item's); `error`,
 * a request the server refused or could not run (reason: the error code, e.g. SECRET_MISMATCH,
 * SHUTTING_DOWN). The operation is the KMIP operation, `Batch` for a Message of different
 * operations, else the request kind (`kmip` when the operation could not be read). No label
 * ever holds a tenant, user, object or key: operations and reasons come from fixed lists.
 *
 * Each operation's series are resolved once; recording a success is a map lookup and a few
 * number updates.
 * @module
 */
import type { Counter, CounterChild, Histogram, HistogramChild, Registry } from '../lib/metrics.js';
import type { ErrorCode, KmsError } from '../protocol/wire-error.js';

/** How a request ended. */
export type Outcome = 'success' | 'failure' | 'error';

/** Duration buckets, seconds: from a cached in-memory operation to a slow RSA key generation. */
export const DURATION_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Distinct operation labels kept; anything past them (never expected) is counted as OTHER. */
const MAX_OPERATIONS = 64;
const OPERATION = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
/** The label of an operation name that is not plausible or does not fit any more. */
export const OTHER_OPERATION = 'other';

/** The series of one operation label. */
class OperationSeries {
  // Series appear on first use: an operation that never failed shows no failure series.
  #successes: CounterChild | null = null;
  #successTime: HistogramChild | null = null;
  #failureTime: HistogramChild | null = null;
  #errorTime: HistogramChild | null = null;
  readonly #failures = new Map<string, CounterChild>();
  readonly #errors = new Map<string, CounterChild>();

  constructor(
    private readonly operation: string,
    private readonly total: Counter,
    private readonly duration: Histogram,
  ) {}

  success(seconds: number): void {
    (this.#successes ??= this.total.child([this.operation, 'success', ''])).inc();
    (this.#successTime ??= this.duration.child([this.operation, 'success'])).observe(seconds);
  }

  failure(reason: string, seconds: number): void {
    this.#counter(this.#failures, 'failure', reason).inc();
    (this.#failureTime ??= this.duration.child([this.operation, 'failure'])).observe(seconds);
  }

  error(code: string, seconds: number): void {
    this.#counter(this.#errors, 'error', code).inc();
    (this.#errorTime ??= this.duration.child([this.operation, 'error'])).observe(seconds);
  }

  #counter(byReason: Map<string, CounterChild>, outcome: Outcome, reason: string): CounterChild {
    let c = byReason.get(reason);
    if (c === undefined) {
      c = this.total.child([this.operation, outcome, reason]);
      byReason.set(reason, c);
    }
    return c;
  }
}

/** The request families, recorded by the supervisor (requests it received) and the gateway (requests refused before). */
export class RequestMetrics {
  readonly #total: Counter;
  readonly #duration: Histogram;
  readonly #series = new Map<string, OperationSeries>();

  constructor(registry: Registry) {
    this.#total = registry.counter(
      'kms_requests_total',
      'Requests by operation and outcome (success, failure: a KMIP result failure, error: refused or not run); reason: the KMIP result reason or error code.',
      ['operation', 'outcome', 'reason'],
    );
    this.#duration = registry.histogram(
      'kms_request_duration_seconds',
      'Time from the request reaching the gateway to its answer, by operation and outcome.',
      ['operation', 'outcome'],
      DURATION_BUCKETS,
    );
  }

  #of(operation: string): OperationSeries {
    const s = this.#series.get(operation);
    if (s !== undefined) return s;
    const label = OPERATION.test(operation) && this.#series.size < MAX_OPERATIONS ? operation : OTHER_OPERATION;
    const created = this.#series.get(label) ?? new OperationSeries(label, this.#total, this.#duration);
    this.#series.set(label, created);
    return created;
  }

  /**
   * Records a request that ran or was refused after `ms` milliseconds. `err` is null when it was
   * answered; an answered batch with failed items passes its first item `failure` reason.
   */
  record(operation: string, err: KmsError | null, failure: string | null, ms: number): void {
    const s = this.#of(operation);
    const seconds = ms / 1000;
    if (err === null) {
      if (failure === null) s.success(seconds);
      else s.failure(failure, seconds);
    } else if (err.code === 'KMIP_ERROR') {
      s.failure(err.reason ?? 'General_Failure', seconds);
    } else if (err.code === 'UNKNOWN_OPERATION') {
      s.failure('Operation_Not_Supported', seconds);
    } else {
      s.error(err.code, seconds);
    }
  }

  /** Records a request refused with `code` before it reached an actor. */
  refused(operation: string, code: ErrorCode, ms: number): void {
    this.#of(operation).error(code, ms / 1000);
  }
}
