/**
 * `GET /metrics`: the Prometheus text exposition. Unauthenticated, as scrapers expect: it holds
 * counts, durations and process figures by operation, outcome and reason, never a tenant, user,
 * object or key. It still passes the guard's screen (header size, per-client rate, origin), so a
 * client cannot scrape faster than it may send requests.
 * @module
 */
import { readHead } from './request-head.js';
import { send, sendRefusal, sendText, trackAbort } from './respond.js';
import type { TemplatedApp } from 'uWebSockets.js';
import type { RequestGuard } from './guard.js';
import type { HttpMetrics } from './http-metrics.js';
import type { Logger } from '../../lib/logger.js';

/** The exposition format's content type. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** What the gateway needs to count and expose metrics. */
export interface GatewayMetrics {
  readonly http: HttpMetrics;
  /** Every family in the text format. */
  render(): Promise<string>;
}

/** Registers GET /metrics. */
export function registerMetricsRoute(app: TemplatedApp, guard: RequestGuard, metrics: GatewayMetrics, logger: Logger): void {
  app.get('/metrics', (res, req) => {
    const head = readHead(res, req, guard.clock.now(), guard.peer, guard.wantsClientAddress);
    const state = trackAbort(res);
    const refused = guard.screen(head, '/metrics');
    if (refused !== null) {
      metrics.http.responded(refused.status);
      sendRefusal(res, state, refused);
      return;
    }
    metrics.render().then(
      (text) => {
        metrics.http.responded(200);
        send(res, state, 200, METRICS_CONTENT_TYPE, text, { 'cache-control': 'no-store' });
      },
      () => {
        logger.warn('metrics could not be rendered');
        metrics.http.responded(500);
        sendText(res, state, 500, '');
      },
    );
  });
}
