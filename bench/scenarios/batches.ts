/**
 * Batched encryption, counted in items: a KMIP Message of 100 Encrypts, and one Encrypt whose
 * data is a BulkData frame of 1,000 items of 64 B, both over HTTP with wrk.
 * @module
 */
import { BATCH_ITEMS, BULK_ITEMS, type Bodies } from '../fixture.js';
import { logFigure, toFigure, wrkRuns, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** Connections: enough to keep both cores busy, few enough that each big answer streams promptly. */
export const BATCH_CONNECTIONS = 8;

/** `batch.message` and `batch.bulk`, in items/s; latency is per HTTP request. */
export function batches(ctx: BenchContext, kmsBase: string, secret: string, b: Bodies): Figure[] {
  ctx.log(`Batches, ${BATCH_CONNECTIONS} connections`);
  const url = `${kmsBase}/kmip/2_1`;
  const scenario = 'Batches';
  const message = wrkRuns(ctx, url, [{ body: b.batch, secret }], BATCH_CONNECTIONS);
  const bulk = wrkRuns(ctx, url, [{ body: b.bulk, secret }], BATCH_CONNECTIONS);
  return [
    logFigure(ctx, toFigure({ id: 'batch.message', scenario, name: `Message of ${BATCH_ITEMS} Encrypts, ${BATCH_CONNECTIONS} conn.`, unit: 'items/s', concurrency: BATCH_CONNECTIONS }, message, BATCH_ITEMS)),
    logFigure(ctx, toFigure({ id: 'batch.bulk', scenario, name: `BulkData Encrypt of ${BULK_ITEMS} items, ${BATCH_CONNECTIONS} conn.`, unit: 'items/s', concurrency: BATCH_CONNECTIONS }, bulk, BULK_ITEMS)),
  ];
}
