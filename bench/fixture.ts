/**
 * The requests the scenarios send, built once per database: a key, then Encrypt (64 B), Get,
 * Create, a Message batch of 100 Encrypts and a BulkData Encrypt of 1,000 items. Each is sent once
 * and its answer checked before any load, so a benchmark never times failures.
 * @module
 */
import { encodeBulkData, decodeBulkData } from '../src/crypto/bulk-data.js';
import type { TtlvNode } from '../src/kmip/ttlv/node.js';
import { bytesField, createRequest, encryptRequest, getRequest, messageRequest, parseResponse, textField, toJson } from '../test/helpers/kmip-requests.js';
import { kmip } from './kms-server.js';

/** Plaintext size of every Encrypt. */
export const PLAINTEXT_BYTES = 64;
export const BATCH_ITEMS = 100;
export const BULK_ITEMS = 1000;

/** The bodies of one database's requests. */
export interface Bodies {
  readonly uid: string;
  readonly encrypt: string;
  readonly get: string;
  readonly create: string;
  readonly batch: string;
  readonly bulk: string;
}

const plaintext = (): Uint8Array => new Uint8Array(PLAINTEXT_BYTES).fill(0x61);

/** Counts ResultStatus items of a response tree that are not Success. */
export function failedItems(node: TtlvNode): { total: number; failed: number } {
  if (node.type !== 'Structure') return { total: 0, failed: 0 };
  let total = 0;
  let failed = 0;
  for (const c of node.value) {
    if (c.tag === 'ResultStatus' && c.type === 'Enumeration') {
      total++;
      if (c.value !== 'Success') failed++;
    } else {
      const sub = failedItems(c);
      total += sub.total;
      failed += sub.failed;
    }
  }
  return { total, failed };
}

/** Creates a key in the database and the request bodies around it. */
export async function keyAndBodies(base: string, secret: string): Promise<Bodies> {
  const create = toJson(createRequest());
  const uid = textField(parseResponse(await kmip(base, secret, create)), 'UniqueIdentifier');
  return {
    uid,
    create,
    encrypt: toJson(encryptRequest(uid, plaintext())),
    get: toJson(getRequest(uid)),
    batch: toJson(messageRequest(Array.from({ length: BATCH_ITEMS }, () => encryptRequest(uid, plaintext())))),
    bulk: toJson(encryptRequest(uid, encodeBulkData(Array.from({ length: BULK_ITEMS }, plaintext)))),
  };
}

/** Sends each body once and throws unless every answer is a success of the expected shape. */
export async function checkBodies(base: string, secret: string, b: Bodies): Promise<void> {
  bytesField(parseResponse(await kmip(base, secret, b.encrypt)), 'Data');
  textField(parseResponse(await kmip(base, secret, b.get)), 'UniqueIdentifier');
  const batch = failedItems(parseResponse(await kmip(base, secret, b.batch)));
  if (batch.total !== BATCH_ITEMS || batch.failed !== 0) throw new Error(`the batch answered ${batch.total} items, ${batch.failed} failed`);
  const bulk = decodeBulkData(bytesField(parseResponse(await kmip(base, secret, b.bulk)), 'Data'));
  if (bulk?.length !== BULK_ITEMS) throw new Error(`BulkData answered ${String(bulk?.length)} items, not ${BULK_ITEMS}`);
}
