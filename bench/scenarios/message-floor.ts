/**
 * The floor of a Message batch's work on one thread: the items of a Message run in order on the
 * one actor thread of their database, and each needs at least its share of parsing the request,
 * one AES-256-GCM seal with its own cipher and nonce, and its share of writing the response. This
 * loop does exactly that for the benchmark's own Message of 100 Encrypts, with no KMIP around it.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { encryptions } from './crypto-ceiling.js';
import { BATCH_ITEMS, type Bodies } from '../fixture.js';
import { kmip } from '../kms-server.js';
import { logFigure, loopRuns, toFigure, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** One Message: parse its text, seal each item, write the server's real answer; returns the items. */
function messageWork(request: string, response: unknown, key: Uint8Array, data: Uint8Array): number {
  let length = (JSON.parse(request) as unknown) === null ? 0 : 1;
  length += encryptions(key, data, BATCH_ITEMS);
  length += JSON.stringify(response).length;
  // Used, so that no step can be skipped as dead code.
  if (length === 0) throw new Error('unreachable');
  return BATCH_ITEMS;
}

/** `ceiling.message-item`: Message items per second that one thread can do at most. */
export async function messageFloor(ctx: BenchContext, kmsBase: string, secret: string, b: Bodies): Promise<Figure> {
  ctx.log('Message item floor on one thread');
  const response = JSON.parse(await kmip(kmsBase, secret, b.batch)) as unknown;
  const key = randomBytes(32);
  const data = new Uint8Array(64).fill(0x61);
  const runs = loopRuns(ctx, () => messageWork(b.batch, response, key, data));
  return logFigure(ctx, toFigure({ id: 'ceiling.message-item', scenario: 'Ceilings', name: `Message item floor (parse, GCM seal, encode of a ${BATCH_ITEMS}-item Message), one thread`, unit: 'items/s' }, runs));
}
