/**
 * Create AES-256 at 1, 4 and 32 concurrent clients with the server's default durability (each
 * answer after its commit), then Get of one key at 64 connections; Create alone for the plain
 * (default) database type.
 * @module
 */
import type { Bodies } from '../fixture.js';
import { logFigure, toFigure, wrkRuns, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** Get's connection count, the same as HTTP Encrypt's top point. */
export const GET_CONNECTIONS = 64;

/** `create.c<n>` and `get`. */
export function createAndGet(ctx: BenchContext, kmsBase: string, secret: string, b: Bodies): Figure[] {
  const url = `${kmsBase}/kmip/2_1`;
  const figures = creates(ctx, kmsBase, secret, b, ctx.cfg.createClients, 'create', 'Create AES-256');
  ctx.log(`Get, ${GET_CONNECTIONS} connections`);
  const get = wrkRuns(ctx, url, [{ body: b.get, secret }], GET_CONNECTIONS);
  figures.push(logFigure(ctx, toFigure({ id: 'get', scenario: 'Get', name: `Get, ${GET_CONNECTIONS} conn.`, unit: 'req/s', concurrency: GET_CONNECTIONS }, get)));
  return figures;
}

/** `<id>.c<n>`: Create at each client count. */
export function creates(ctx: BenchContext, kmsBase: string, secret: string, b: Bodies, clients: readonly number[], id: string, scenario: string): Figure[] {
  const url = `${kmsBase}/kmip/2_1`;
  return clients.map((c) => {
    ctx.log(`${scenario}, ${c} clients`);
    const runs = wrkRuns(ctx, url, [{ body: b.create, secret }], c);
    return logFigure(ctx, toFigure({ id: `${id}.c${c}`, scenario, name: `Create, ${c} clients`, unit: 'creates/s', concurrency: c }, runs));
  });
}
