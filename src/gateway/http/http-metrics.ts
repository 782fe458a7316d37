/**
 * What the gateway counts itself: HTTP responses by status class, and the requests it refused
 * before they reached the supervisor (which counts every request it receives).
 * @module
 */
import { KmsError } from '../../protocol/wire-error.js';
import type { CounterChild, Registry } from '../../lib/metrics.js';
import type { RequestMetrics } from '../../supervisor/request-metrics.js';
import type { RefusalResult } from './guard.js';

const CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

const REFUSAL_CODES = {
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN_ORIGIN',
  Rate_Limited: 'RATE_LIMITED',
  Header_Too_Large: 'HEADERS_TOO_LARGE',
} as const satisfies Record<RefusalResult, string>;

/** The gateway's counters. */
export class HttpMetrics {
  /** Indexed by status / 100 (nothing at 0). */
  readonly #classes: readonly (CounterChild | undefined)[];

  constructor(
    registry: Registry,
    /** Shared with the supervisor: one series per operation and outcome whoever records it. */
    readonly requests: RequestMetrics,
  ) {
    const responses = registry.counter('kms_http_responses_total', 'HTTP responses by status class (WebSocket upgrades excepted).', ['class']);
    this.#classes = [undefined, ...CLASSES.map((c) => responses.child([c]))];
  }

  /** Counts one response. */
  responded(status: number): void {
    this.#classes[(status / 100) | 0]?.inc();
  }

  /** Counts a request the guard refused (401, 403, 429, 431), `ms` after it arrived. */
  refused(operation: string, result: RefusalResult, ms: number): void {
    this.requests.refused(operation, REFUSAL_CODES[result], ms);
  }

  /** Counts a request that failed in the gateway before it was sent on (bad secret header, body too large). */
  failed(operation: string, err: unknown, ms: number): void {
    this.requests.record(operation, err instanceof KmsError ? err : new KmsError('INTERNAL', 'internal error'), null, ms);
  }
}
