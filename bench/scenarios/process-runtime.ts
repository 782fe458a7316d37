/**
 * What `--actor-runtime process` costs: the HTTP Encrypt and Create loads of the main scenarios
 * against a server whose actor hosts are child processes, to read beside the same figures on
 * worker threads (the default) from this run.
 * @module
 */
import { join } from 'node:path';
import { checkBodies, keyAndBodies } from '../fixture.js';
import { newDatabase, startKms } from '../kms-server.js';
import { logFigure, toFigure, wrkRuns, type BenchContext } from '../measure.js';
import type { Figure } from '../result.js';

/** The HTTP Encrypt point the targets use. */
const ENCRYPT_CONNECTIONS = 64;
/** The Create point the targets use. */
const CREATE_CLIENTS = 32;

/** `process.encrypt.c64` and `process.create.c32`. */
export async function processRuntime(ctx: BenchContext): Promise<Figure[]> {
  const kms = await startKms(ctx.root, join(ctx.dir, 'process-runtime'), ['--actor-runtime', 'process']);
  try {
    const secret = await newDatabase(kms.base);
    const bodies = await keyAndBodies(kms.base, secret);
    await checkBodies(kms.base, secret, bodies);
    const url = `${kms.base}/kmip/2_1`;
    const scenario = 'Actors in child processes';
    ctx.log(`Actors in child processes: Encrypt, ${ENCRYPT_CONNECTIONS} connections`);
    const encrypt = wrkRuns(ctx, url, [{ body: bodies.encrypt, secret }], ENCRYPT_CONNECTIONS);
    ctx.log(`Actors in child processes: Create, ${CREATE_CLIENTS} clients`);
    const create = wrkRuns(ctx, url, [{ body: bodies.create, secret }], CREATE_CLIENTS);
    return [
      logFigure(ctx, toFigure({ id: `process.encrypt.c${ENCRYPT_CONNECTIONS}`, scenario, name: `Encrypt, ${ENCRYPT_CONNECTIONS} conn., --actor-runtime process`, unit: 'req/s', concurrency: ENCRYPT_CONNECTIONS }, encrypt)),
      logFigure(ctx, toFigure({ id: `process.create.c${CREATE_CLIENTS}`, scenario, name: `Create, ${CREATE_CLIENTS} clients, --actor-runtime process`, unit: 'creates/s', concurrency: CREATE_CLIENTS }, create)),
    ];
  } finally {
    await kms.stop();
  }
}
