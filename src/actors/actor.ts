/**
 * One actor = one open database. It decodes a request, runs the operation (or each item of a
 * Message batch, in order), and encodes the answer. Requests reach it one at a time.
 * @module
 */
import { KmipError } from '../kmip/kmip-error.js';
import { isOperationName } from '../kmip/enums.js';
import { decodeRequestMessage, encodeResponseMessage, type BatchResult } from '../kmip/messages.js';
import { encodeJsonTtlv, parseJsonTtlv } from '../kmip/ttlv/json.js';
import { asStructure } from '../kmip/ttlv/read.js';
import { attributesToJson } from '../kmip/attributes-json.js';
import { KmsError } from '../protocol/wire-error.js';
import { zeroize } from '../crypto/zeroize.js';
import { OPERATION_TABLE } from './dispatch.js';
import { classify } from './failures.js';
import { visibleAttributes } from './stored-object.js';
import type { TtlvNode, TtlvStructure } from '../kmip/ttlv/node.js';
import type { Logger } from '../lib/logger.js';
import type { RequestKind } from '../protocol/messages.js';
import type { ObjectStore } from '../storage/object-store.js';
import type { OperationContext } from './context.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An open database and the requests it serves. */
export class KmsActor {
  #key: Uint8Array | null;

  constructor(
    readonly actorId: string,
    private readonly store: ObjectStore,
    key: Uint8Array | null,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.#key = key;
  }

  /** Serves one request and returns the response body. */
  handle(kind: RequestKind, user: string, body: Uint8Array): Uint8Array {
    const ctx: OperationContext = { store: this.store, user, now: this.now };
    return Buffer.from(kind === 'owned' ? JSON.stringify(this.#owned(ctx)) : encodeJsonTtlv(this.#kmip(ctx, body)), 'utf8');
  }

  #kmip(ctx: OperationContext, body: Uint8Array): TtlvNode {
    let text: string;
    try {
      text = utf8.decode(body);
    } catch {
      throw new KmsError('KMIP_ERROR', 'the request body is not valid UTF-8', 'Invalid_Message');
    }
    const root = this.#orFail(() => asStructure(parseJsonTtlv(text), 'request'));
    if (root.tag === 'Message') return this.#batch(ctx, root);
    if (!isOperationName(root.tag)) throw new KmsError('UNKNOWN_OPERATION', `Operation: ${root.tag}`);
    const handler = OPERATION_TABLE[root.tag];
    return this.#orFail(() => handler(ctx, root));
  }

  /** Runs fn; a KMIP failure becomes a KmsError carrying its reason. */
  #orFail<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      const f = classify(err, this.logger);
      throw f instanceof KmsError ? f : new KmsError('KMIP_ERROR', f.message, f.reason);
    }
  }

  #batch(ctx: OperationContext, root: TtlvStructure): TtlvNode {
    const msg = this.#orFail(() => decodeRequestMessage(root));
    const results: BatchResult[] = msg.items.map((item) => {
      const base = { operation: item.operation, uniqueBatchItemId: item.uniqueBatchItemId };
      try {
        if (!isOperationName(item.operation)) throw new KmipError('Operation_Not_Supported', `Operation: ${item.operation}`);
        const out = OPERATION_TABLE[item.operation](ctx, item.request);
        return { ...base, payload: asStructure(out, 'response') };
      } catch (err) {
        const f = classify(err, this.logger);
        return f instanceof KmsError ? { ...base, reason: 'General_Failure' as const, message: f.message } : { ...base, ...f };
      }
    });
    return encodeResponseMessage(msg, results, Math.floor(this.now() / 1000));
  }

  #owned(ctx: OperationContext): unknown[] {
    return this.#orFail(() =>
      ctx.store.find({ owner: ctx.user }).flatMap((id) => {
        const rec = ctx.store.get(id);
        return rec === undefined ? [] : [{ object_id: rec.id, state: rec.state, attributes: attributesToJson(visibleAttributes(rec)), is_wrapped: false }];
      }),
    );
  }

  /** Closes the database and wipes the key. */
  close(): void {
    try {
      this.store.close();
    } finally {
      zeroize(this.#key);
      this.#key = null;
    }
  }
}
