/**
 * Health checks for load balancers and orchestrators: no authentication, no rate limit, and
 * cheap. They read the gateway's and supervisor's state flags and the worker states, never open
 * a database, and name nothing but counts of workers.
 *
 * - `GET /health/live`: 200 `{"status":"ok"}` whenever the process answers (liveness: restart
 *   the process when this fails).
 * - `GET /health/ready`, and `GET /health`: 200 `{"status":"ok","workers_ready":n,"workers":m}`
 *   when the gateway accepts connections, the supervisor has started and is not stopping, and at
 *   least one worker thread is up; otherwise 503
 *   `{"status":"unavailable","reason":"starting"|"stopping"|"no_workers","workers_ready":n,"workers":m}`
 *   (readiness: send no traffic while it fails). `stopping` covers the whole drain.
 * @module
 */
import { send, trackAbort } from './respond.js';
import type { HttpResponse, TemplatedApp } from 'uWebSockets.js';
import type { Readiness } from '../../supervisor/supervisor.js';

const NO_STORE = { 'cache-control': 'no-store' } as const;
const LIVE = '{"status":"ok"}';

/** The readiness body and status. */
export function readinessAnswer(r: Readiness): { readonly status: 200 | 503; readonly body: string } {
  const workers = `"workers_ready":${r.workersReady},"workers":${r.workers}`;
  return r.state === 'ready'
    ? { status: 200, body: `{"status":"ok",${workers}}` }
    : { status: 503, body: `{"status":"unavailable","reason":"${r.state}",${workers}}` };
}

/** Registers /health, /health/ready and /health/live; `responded` counts each answer's status. */
export function registerHealth(app: TemplatedApp, readiness: () => Readiness, responded: (status: number) => void = () => undefined): void {
  const ready = (res: HttpResponse): void => {
    const a = readinessAnswer(readiness());
    responded(a.status);
    send(res, trackAbort(res), a.status, 'application/json', a.body, NO_STORE);
  };
  app.get('/health', ready);
  app.get('/health/ready', ready);
  app.get('/health/live', (res) => {
    responded(200);
    send(res, trackAbort(res), 200, 'application/json', LIVE, NO_STORE);
  });
}
